"""GraphQL documents of the change-control tests."""

from tests.support.documents import ERRORS

CC_ORDER = f"""
order {{
  id number status version subtotal taxTotal total promisedDeliveryDate latePromise
  customerReference requestedDeliveryDate
  shipTo {{ name city country region }}
  availableActions
  lines {{
    id lineNumber quantity unitPrice discountPercent lineTotal shippedQuantity status
    product {{ id sku availableQuantity }}
    allocations {{ quantity serials {{ serialNumber }} }}
    promise {{ quantity fromStock source promisedShipDate promisedDeliveryDate late
               warehouse {{ code }} }}
  }}
  approvals {{ rule level orderVersion requiredRole status decidedBy {{ username }}
               onBehalfOf {{ username }} }}
  versions {{ version reason createdBy {{ username }} total
              changes {{ field lineNumber before after }} }}
}}
{ERRORS}
"""
EDIT = f"""mutation($input: UpdateDraftSalesOrderInput!) {{
  updateDraftSalesOrder(input: $input) {{ {CC_ORDER} }} }}"""
AMEND = f"""mutation($input: AmendSalesOrderInput!) {{
  amendSalesOrder(input: $input) {{ {CC_ORDER} }} }}"""
SHORT_CLOSE = f"""mutation($input: ShortCloseSalesOrderInput!) {{
  shortCloseSalesOrder(input: $input) {{ {CC_ORDER} }} }}"""
CC_CREATE = f"""mutation($input: CreateSalesOrderInput!) {{
  createSalesOrder(input: $input) {{ {CC_ORDER} }} }}"""
CC_SUBMIT = f"mutation($id: ID!) {{ submitSalesOrder(orderId: $id) {{ {CC_ORDER} }} }}"
CC_ALLOCATE = f"mutation($id: ID!) {{ allocateSalesOrder(orderId: $id) {{ {CC_ORDER} }} }}"
CC_DECIDE = f"""mutation($input: DecideApprovalInput!) {{
  decideApproval(input: $input) {{ {CC_ORDER} }} }}"""
ATP = """query($input: AvailableToPromiseInput!) { availableToPromise(input: $input) {
  promisedDeliveryDate late
  lines { quantity fromStock source promisedShipDate promisedDeliveryDate late
          warehouse { code } product { sku } }
  userErrors { field code message } } }"""
RULE = """rule { id code active conditions { minOrderTotal discountAbovePercent deviceClasses
  customerRegions exceedsCreditLimit } levels { level requiredRoles } }
  userErrors { field code message }"""
CREATE_RULE = f"""mutation($input: CreateOrderApprovalRuleInput!) {{
  createOrderApprovalRule(input: $input) {{ {RULE} }} }}"""
UPDATE_RULE = f"""mutation($input: UpdateOrderApprovalRuleInput!) {{
  updateOrderApprovalRule(input: $input) {{ {RULE} }} }}"""
RULES = """{ orderApprovalRules { code conditions { discountAbovePercent exceedsCreditLimit }
  levels { level requiredRoles } } }"""
INBOX = "{ approvalsInbox(first: 50) { edges { node { number } } } }"
DELEGATE = """mutation($input: DelegateApprovalsInput!) { delegateApprovals(input: $input) {
  delegation { id roles active delegator { username } delegate { username } }
  userErrors { field code message } } }"""
END_DELEGATION = """mutation($id: ID!) { endApprovalDelegation(delegationId: $id) {
  delegation { id active endedAt } userErrors { field code } } }"""
ADD_LICENCE = """mutation($input: AddCustomerLicenceInput!) { addCustomerLicence(input: $input) {
  licence { id number status deviceClasses daysToExpiry customer { code } }
  userErrors { field code message } } }"""
REVOKE_LICENCE = """mutation($input: RevokeCustomerLicenceInput!) {
  revokeCustomerLicence(input: $input) { licence { id status revokedReason }
  userErrors { field code } } }"""
SET_REQUIREMENT = """mutation($input: SetLicenceRequirementInput!) {
  setLicenceRequirement(input: $input) { requirement { id region deviceClasses active }
  userErrors { field code } } }"""
LICENCES = """query($days: Int, $customerId: ID) {
  customerLicences(first: 50, expiringWithinDays: $days, customerId: $customerId) {
  totalCount edges { node { number status customer { code } } } } }"""
