"""Purchase orders: numbered, priced from the supplier's valid price, only from suppliers
approved for the product, DRAFT -> APPROVED -> SENT or CANCELLED with a reason."""

import re
from datetime import timedelta

from tests.support.builders import today, unique
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.flows import Quality

ERRORS = "userErrors { field message code }"
PO = """id number status currency note sentAt total supplier { code } shipTo { code }
  createdBy { username }
  lines { lineNumber quantity unitPrice lineTotal expectedOn receivedQuantity product { id } }"""
PRICE = f"""mutation($input: SetSupplierPriceInput!) {{ setSupplierPrice(input: $input) {{
  price {{ unitPrice currency leadTimeDays validFrom validTo product {{ id }} }} {ERRORS} }} }}"""
CREATE = f"""mutation($input: CreatePurchaseOrderInput!) {{ createPurchaseOrder(input: $input) {{
  purchaseOrder {{ {PO} }} {ERRORS} }} }}"""
ACTIONS = {name: f"""mutation($input: PurchaseOrderActionInput!) {{ {name}(input: $input) {{
  purchaseOrder {{ {PO} }} {ERRORS} }} }}""" for name in (
    "submitPurchaseOrder", "sendPurchaseOrder", "cancelPurchaseOrder")}
REGISTER = f"""mutation($input: RegisterSupplierInput!) {{ registerSupplier(input: $input) {{
  supplier {{ id }} {ERRORS} }} }}"""
QUALIFY = f"""mutation($input: SetSupplierQualificationInput!) {{
  setSupplierQualification(input: $input) {{ supplier {{ id }} {ERRORS} }} }}"""
SIGN = {"password": DEMO_PASSWORD, "meaning": "Supplier qualification decided"}


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def act(client: Client, name: str, order_id: str, reason: str | None = None) -> dict:
    return (await client.call("buyer", ACTIONS[name], input={
        "purchaseOrderId": order_id, "reason": reason}))[name]


async def qualified_supplier(client: Client, product_ids: list[str]) -> str:
    made = (await client.call("buyer", REGISTER, input={
        "code": unique("SUP"), "name": "PO Test Supplier", "country": "DE"}))
    supplier = made["registerSupplier"]["supplier"]["id"]
    done = (await client.call("qa", QUALIFY, input={
        "supplierId": supplier, "status": "QUALIFIED", "productIds": product_ids,
        "validUntil": (today() + timedelta(days=365)).isoformat(), "signature": SIGN}))
    assert done["setSupplierQualification"]["userErrors"] == []
    return supplier


async def test_a_purchase_order_from_draft_to_sent(client: Client, quality: Quality) -> None:
    product, unlisted = await quality.product(), await quality.product()
    supplier = await qualified_supplier(client, [product["id"]])
    price = (await client.call("buyer", PRICE, input={
        "supplierId": supplier, "productId": product["id"], "unitPrice": "12.34",
        "leadTimeDays": 14}))["setSupplierPrice"]
    assert price["userErrors"] == [] and price["price"]["currency"] == "EUR"
    assert (await client.body("sales", PRICE, input={
        "supplierId": supplier, "productId": product["id"], "unitPrice": "1.00",
        "leadTimeDays": 1}))["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    request = {"supplierId": supplier, "warehouseId": quality.warehouse_id,
               "lines": [{"productId": product["id"], "quantity": 10}]}
    no_price = (await client.call("buyer", CREATE, input={**request, "lines": [
        {"productId": unlisted["id"], "quantity": 1, "unitPrice": "1.00"}]}))
    assert codes(no_price["createPurchaseOrder"]) == [
        ("SUPPLIER_NOT_APPROVED", ["input", "lines", "0", "productId"])]
    zero = (await client.call("buyer", CREATE, input={**request, "lines": [
        {"productId": product["id"], "quantity": 0}]}))["createPurchaseOrder"]
    assert codes(zero) == [("INVALID", ["input", "lines", "0", "quantity"])]
    for username in ("sales", "warehouse", "partner-a"):
        body = await client.body(username, CREATE, input=request)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", username

    created = (await client.call("buyer", CREATE, input=request))["createPurchaseOrder"]
    assert created["userErrors"] == []
    order = created["purchaseOrder"]
    assert re.fullmatch(rf"PO-{today().year}-\d{{6}}", order["number"])
    assert order["status"] == "DRAFT" and order["total"] == "123.40"
    [line] = order["lines"]
    assert line["unitPrice"] == "12.34" and line["lineTotal"] == "123.40"
    assert line["expectedOn"] == (today() + timedelta(days=14)).isoformat()
    assert order["createdBy"] == {"username": "buyer"}

    early = await act(client, "sendPurchaseOrder", order["id"])
    assert codes(early) == [("INVALID_TRANSITION", ["input", "purchaseOrderId"])]
    submitted = await act(client, "submitPurchaseOrder", order["id"])
    assert submitted["purchaseOrder"]["status"] == "APPROVED"
    sent = await act(client, "sendPurchaseOrder", order["id"])
    assert sent["purchaseOrder"]["status"] == "SENT" and sent["purchaseOrder"]["sentAt"]
    found = (await client.call("warehouse", """query($n: String!) { purchaseOrder(number: $n) {
      status } }""", n=order["number"]))["purchaseOrder"]
    assert found == {"status": "SENT"}
    partner = await client.body("partner-a", """query { purchaseOrders { totalCount } }""")
    assert partner["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_price_is_needed_and_cancelling_needs_a_reason(
    client: Client, quality: Quality
) -> None:
    product = await quality.product()
    supplier = await qualified_supplier(client, [product["id"]])
    request = {"supplierId": supplier, "warehouseId": quality.warehouse_id,
               "lines": [{"productId": product["id"], "quantity": 3}]}
    missing = (await client.call("buyer", CREATE, input=request))["createPurchaseOrder"]
    assert codes(missing) == [("SUPPLIER_PRICE_MISSING", ["input", "lines", "0", "unitPrice"])]
    given = (await client.call("buyer", CREATE, input={**request, "lines": [
        {"productId": product["id"], "quantity": 3, "unitPrice": "5.00",
         "expectedOn": (today() + timedelta(days=3)).isoformat()}]}))["createPurchaseOrder"]
    order = given["purchaseOrder"]
    assert order["total"] == "15.00"
    blank = await act(client, "cancelPurchaseOrder", order["id"], " ")
    assert codes(blank) == [("INVALID", ["input", "reason"])]
    cancelled = await act(client, "cancelPurchaseOrder", order["id"], "Ordered twice")
    assert cancelled["purchaseOrder"]["status"] == "CANCELLED"
    again = await act(client, "submitPurchaseOrder", order["id"])
    assert codes(again) == [("INVALID_TRANSITION", ["input", "purchaseOrderId"])]
