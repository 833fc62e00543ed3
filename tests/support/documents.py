"""GraphQL documents more than one test module sends, and the inputs they take."""

from __future__ import annotations

from tests.support.ids import gid

ERRORS = "userErrors { field message code }"

# Sales: orders from creation to approval and allocation.
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

# Fulfilment and finance: shipping, delivery, invoices and payments.
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

# Quality: goods in, production, inspection, release, recalls and trace.
LOT_FIELDS = "id lotNumber status expiresOn manufacturedOn stock { onHand reserved }"
RECEIVE = f"""mutation($input: ReceiveGoodsInput!) {{ receiveGoods(input: $input) {{
  lots {{ {LOT_FIELDS} serials(first: 100) {{ totalCount edges {{ node {{ serialNumber udi }} }} }}
          moves(first: 100) {{ edges {{ node {{ kind quantity }} }} }} }}
  {ERRORS} }} }}"""
PRODUCE = f"""mutation($input: RecordProductionInput!) {{ recordProduction(input: $input) {{
  lot {{ id status expiresOn components {{ id lotNumber }} stock {{ onHand }}
        serials(first: 10) {{ totalCount }} moves(first: 50) {{ edges {{ node {{ kind quantity }} }} }} }}
  {ERRORS} }} }}"""
INSPECT = f"""mutation($input: RecordInspectionInput!) {{ recordInspection(input: $input) {{
  inspection {{ id kind result inspector {{ username }} }} {ERRORS} }} }}"""
RELEASE = f"""mutation($input: ReleaseLotInput!) {{ releaseLot(input: $input) {{
  lot {{ {LOT_FIELDS} release {{ signature {{ meaning signedAt signer {{ username }} }}
         certificate {{ id kind title sha256 contentType sizeBytes downloadUrl version }} }} }}
  {ERRORS} }} }}"""
TRACE = """query($id: ID!, $direction: TraceDirection!) { trace(lotId: $id, direction: $direction) {
  root { id } direction lots { id lotNumber } serials { serialNumber } shipments { number }
  customers { code } suppliers { code } } }"""


def line(product_id: int, quantity: int, **extra: object) -> dict[str, object]:
    """An order or quote line of the input types (`CreateSalesOrderInput.lines`, ...)."""
    return {"productId": gid("Product", product_id), "quantity": quantity, **extra}
