"""GraphQL documents and steps shared by the purchasing flow tests."""

from datetime import timedelta

from tests.support.builders import today, unique
from tests.support.client import DEMO_PASSWORD, Client

ERRORS = "userErrors { field message code }"
APPROVALS = "approvals { rule requiredRole status comment decidedBy { username } signature { meaning signer { username } } }"
PO = f"""id number status total supplier {{ code }} shipTo {{ code }} {APPROVALS}
  documents {{ id kind title }}
  lines {{ id lineNumber quantity unitPrice receivedQuantity product {{ id }}
           requisitionLine {{ id }} }}"""
REQUISITION = f"""id number status estimatedTotal {APPROVALS} purchaseOrders {{ number }}
  lines {{ id lineNumber quantity source estimatedUnitPrice estimatedAmount
           supplier {{ code }} product {{ id }} warehouse {{ code }}
           replenishmentRequest {{ id number }} purchaseOrderLine {{ id }} }}"""
PRICE = f"""mutation($input: SetSupplierPriceInput!) {{ setSupplierPrice(input: $input) {{
  price {{ id }} {ERRORS} }} }}"""
CREATE_PO = f"""mutation($input: CreatePurchaseOrderInput!) {{ createPurchaseOrder(input: $input) {{
  purchaseOrder {{ {PO} }} {ERRORS} }} }}"""
PO_ACTIONS = {name: f"""mutation($input: PurchaseOrderActionInput!) {{ {name}(input: $input) {{
  purchaseOrder {{ {PO} }} {ERRORS} }} }}""" for name in (
    "submitPurchaseOrder", "sendPurchaseOrder", "cancelPurchaseOrder", "closePurchaseOrder")}
CREATE_REQUISITION = f"""mutation($input: CreatePurchaseRequisitionInput!) {{
  createPurchaseRequisition(input: $input) {{ requisition {{ {REQUISITION} }} {ERRORS} }} }}"""
REQUISITION_ACTIONS = {name: f"""mutation($input: PurchaseRequisitionActionInput!) {{
  {name}(input: $input) {{ requisition {{ {REQUISITION} }} {ERRORS} }} }}""" for name in (
    "submitPurchaseRequisition", "cancelPurchaseRequisition")}
DECIDE = f"""mutation($input: DecidePurchaseApprovalInput!) {{
  decidePurchaseApproval(input: $input) {{ requisition {{ {REQUISITION} }}
    purchaseOrder {{ {PO} }} {ERRORS} }} }}"""
REGISTER = f"""mutation($input: RegisterSupplierInput!) {{ registerSupplier(input: $input) {{
  supplier {{ id }} {ERRORS} }} }}"""
QUALIFY = f"""mutation($input: SetSupplierQualificationInput!) {{
  setSupplierQualification(input: $input) {{ supplier {{ id }} {ERRORS} }} }}"""
NODE_AUDIT = """query($id: ID) { auditTrail(first: 20, entityId: $id)
  { edges { node { action reason changes { field before after } } } } }"""


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


def sign(meaning: str, password: str = DEMO_PASSWORD) -> dict:
    return {"password": password, "meaning": meaning}


async def supplier_with_price(client: Client, product_id: str, price: str,
                              lead_time_days: int = 7) -> str:
    """A new supplier, QUALIFIED for the product a year ahead, with a valid price."""
    made = await client.call("buyer", REGISTER, input={
        "code": unique("VND"), "name": "Flow Test Supplier", "country": "DE"})
    supplier = made["registerSupplier"]["supplier"]["id"]
    done = await client.call("qa", QUALIFY, input={
        "supplierId": supplier, "status": "QUALIFIED", "productIds": [product_id],
        "validUntil": (today() + timedelta(days=365)).isoformat(),
        "signature": sign("Supplier qualification decided")})
    assert done["setSupplierQualification"]["userErrors"] == []
    priced = await client.call("buyer", PRICE, input={
        "supplierId": supplier, "productId": product_id, "unitPrice": price,
        "leadTimeDays": lead_time_days})
    assert priced["setSupplierPrice"]["userErrors"] == []
    return supplier


async def po_action(client: Client, name: str, order_id: str, reason: str | None = None,
                    username: str = "buyer") -> dict:
    return (await client.call(username, PO_ACTIONS[name], input={
        "purchaseOrderId": order_id, "reason": reason}))[name]


async def requisition_action(client: Client, name: str, requisition_id: str,
                             reason: str | None = None, username: str = "buyer") -> dict:
    return (await client.call(username, REQUISITION_ACTIONS[name], input={
        "requisitionId": requisition_id, "reason": reason}))[name]


async def decide(client: Client, username: str, document_id: str, approve: bool,
                 comment: str | None = None, password: str = DEMO_PASSWORD) -> dict:
    return (await client.call(username, DECIDE, input={
        "documentId": document_id, "approve": approve, "comment": comment,
        "signature": sign("Purchase approval decided", password)}))["decidePurchaseApproval"]


async def sent_order(client: Client, supplier: str, warehouse: str, product: str,
                     quantity: int) -> dict:
    made = (await client.call("buyer", CREATE_PO, input={
        "supplierId": supplier, "warehouseId": warehouse,
        "lines": [{"productId": product, "quantity": quantity}]}))["createPurchaseOrder"]
    assert made["userErrors"] == [], made
    order = made["purchaseOrder"]
    assert (await po_action(client, "submitPurchaseOrder", order["id"]))["userErrors"] == []
    sent = await po_action(client, "sendPurchaseOrder", order["id"])
    assert sent["userErrors"] == [], sent
    return sent["purchaseOrder"]
