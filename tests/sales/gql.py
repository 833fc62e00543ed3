"""GraphQL documents shared by the sales API tests."""

from backend.schema.ids import to_global_id

ERRORS = "userErrors { field message code }"
ORDER = f"""
order {{
  id number status subtotal taxTotal total promisedDeliveryDate
  createdBy {{ username }}
  lines {{
    id lineNumber quantity unitPrice discountPercent taxRate lineTotal shippedQuantity
    allocations {{
      quantity warehouse {{ code }} lot {{ id lotNumber }} serials {{ serialNumber }}
    }}
  }}
  approvals {{ rule requiredRole status decidedBy {{ username }} signature {{ meaning }} comment }}
}}
{ERRORS}
"""

CREATE_ORDER = f"""
mutation($input: CreateSalesOrderInput!) {{ createSalesOrder(input: $input) {{ {ORDER} }} }}
"""
SUBMIT = f"mutation($id: ID!) {{ submitSalesOrder(orderId: $id) {{ {ORDER} }} }}"
ALLOCATE = f"""
mutation($id: ID!, $backorder: Boolean) {{
  allocateSalesOrder(orderId: $id, backorder: $backorder) {{ {ORDER} }}
}}"""
CANCEL = f"""
mutation($id: ID!, $reason: String!) {{
  cancelSalesOrder(orderId: $id, reason: $reason) {{ {ORDER} }}
}}
"""
DECIDE = f"mutation($input: DecideApprovalInput!) {{ decideApproval(input: $input) {{ {ORDER} }} }}"
SHIPMENT = f"""
shipment {{
  id number status carrier shippedAt deliveredAt warehouse {{ code }}
  order {{ status }}
  lines {{ quantity lot {{ lotNumber }} serials {{ serialNumber status }} }}
}}
{ERRORS}
"""
SHIP = (
    f"mutation($input: CreateShipmentInput!) {{ createShipment(input: $input) {{ {SHIPMENT} }} }}"
)
DELIVER = f"""
mutation($id: ID!, $at: DateTime) {{
  confirmDelivery(shipmentId: $id, deliveredAt: $at) {{ {SHIPMENT} }}
}}
"""
INVOICE = f"""
mutation($input: IssueInvoiceInput!) {{
  issueInvoice(input: $input) {{
    invoice {{ id number status subtotal taxTotal total amountPaid balance issuedOn dueOn
               order {{ status }} customer {{ receivableBalance }} }}
    {ERRORS}
  }}
}}"""
PAY = f"""
mutation($input: RecordPaymentInput!) {{
  recordPayment(input: $input) {{
    invoices {{ number status amountPaid balance order {{ status }} }}
    unappliedAmount
    {ERRORS}
  }}
}}"""
TRIAL_BALANCE = "{ trialBalance { account debit credit balance } }"


def gid(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)


def line(product_id: int, quantity: int, **extra: object) -> dict[str, object]:
    return {"productId": gid("Product", product_id), "quantity": quantity, **extra}
