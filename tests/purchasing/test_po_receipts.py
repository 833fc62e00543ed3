"""Receipts against PO lines: SENT or partly received orders only, partial receipts, at most
quantity x (1 + 5 %) in total, supplier lot number and dates kept, lots in QUARANTINE; the
PO goes PARTIALLY_RECEIVED, then RECEIVED. Sending makes the PO PDF. Lots of products that
need a supplier certificate are not released without one."""

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import Product
from tests.purchasing.flow import (
    CREATE_PO,
    ERRORS,
    NODE_AUDIT,
    codes,
    po_action,
    sent_order,
    supplier_with_price,
)
from tests.quality.test_documents import attach
from tests.support.builders import today, unique
from tests.support.client import Client
from tests.support.flows import Quality

RECEIVE = f"""mutation($input: ReceiveGoodsInput!) {{ receiveGoods(input: $input) {{
  lots {{ id lotNumber status expiresOn supplierLotNumber goodsReceipt {{ number }} }}
  receipt {{ number purchaseOrder {{ number status lines {{ receivedQuantity }} }}
             lines {{ quantity unitCost purchaseOrderLine {{ lineNumber }} }} }}
  {ERRORS} }} }}"""


async def receive(client: Client, quality: Quality, supplier: str, order: dict, quantity: int,
                  **extra: object) -> dict:
    line = order["lines"][0]
    return (await client.call("warehouse", RECEIVE, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id,
        "purchaseOrderId": order["id"], "lines": [{
            "productId": line["product"]["id"], "purchaseOrderLineId": line["id"],
            "lotNumber": unique("PL"), "quantity": quantity, **extra}]}))["receiveGoods"]


async def test_receipts_fill_a_sent_order_within_the_tolerance(
    client: Client, quality: Quality
) -> None:
    product = await quality.product()
    supplier = await supplier_with_price(client, product["id"], "3.20")
    draft = (await client.call("buyer", CREATE_PO, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id,
        "lines": [{"productId": product["id"], "quantity": 20}]}))["createPurchaseOrder"]
    not_sent = await receive(client, quality, supplier, draft["purchaseOrder"], 5)
    assert codes(not_sent) == [("INVALID_TRANSITION", ["input", "purchaseOrderId"])]

    order = await sent_order(client, supplier, quality.warehouse_id, product["id"], 20)
    expires = (today() + timedelta(days=400)).isoformat()
    first = await receive(client, quality, supplier, order, 12, supplierLotNumber="ALP-77",
                          expiresOn=expires)
    assert first["userErrors"] == [], first
    [lot] = first["lots"]
    assert lot["status"] == "QUARANTINE" and lot["supplierLotNumber"] == "ALP-77"
    assert lot["expiresOn"] == expires
    assert lot["goodsReceipt"]["number"] == first["receipt"]["number"]
    assert first["receipt"]["lines"] == [
        {"quantity": 12, "unitCost": "3.20", "purchaseOrderLine": {"lineNumber": 1}}]
    assert first["receipt"]["purchaseOrder"]["status"] == "PARTIALLY_RECEIVED"
    assert first["receipt"]["purchaseOrder"]["lines"] == [{"receivedQuantity": 12}]

    # 20 + 5 % is 21: 12 + 10 is over; nothing of the refused receipt is written.
    over = await receive(client, quality, supplier, order, 10)
    assert codes(over) == [("OVER_RECEIPT", ["input", "lines", "0", "quantity"])]
    cancel = await po_action(client, "cancelPurchaseOrder", order["id"], "Not needed")
    assert codes(cancel) == [("INVALID_TRANSITION", ["input", "purchaseOrderId"])]
    rest = await receive(client, quality, supplier, order, 9)
    assert rest["userErrors"] == []
    assert rest["receipt"]["purchaseOrder"]["status"] == "RECEIVED"
    assert rest["receipt"]["purchaseOrder"]["lines"] == [{"receivedQuantity": 21}]
    closed = await po_action(client, "closePurchaseOrder", order["id"], "Complete")
    assert closed["purchaseOrder"]["status"] == "CLOSED"
    trail = (await client.call("admin", NODE_AUDIT, id=order["id"]))["auditTrail"]["edges"]
    moves = [(c["before"], c["after"]) for e in trail for c in e["node"]["changes"]
             if c["field"] == "status"]
    assert ('"SENT"', '"PARTIALLY_RECEIVED"') in moves
    assert ('"PARTIALLY_RECEIVED"', '"RECEIVED"') in moves
    assert ('"RECEIVED"', '"CLOSED"') in moves

    # Only the warehouse receives; a PO line needs its order.
    assert (await client.body("buyer", RECEIVE, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id, "lines": []}))[
        "errors"][0]["extensions"]["code"] == "FORBIDDEN"
    stray = (await client.call("warehouse", RECEIVE, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id, "lines": [{
            "productId": product["id"], "purchaseOrderLineId": order["lines"][0]["id"],
            "lotNumber": unique("PL"), "quantity": 1}]}))["receiveGoods"]
    assert codes(stray) == [("INVALID", ["input", "lines", "0", "purchaseOrderLineId"])]
    # Without a PO, an approved supplier's goods are still received.
    loose = (await client.call("warehouse", RECEIVE, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id, "lines": [{
            "productId": product["id"], "lotNumber": unique("PL"), "quantity": 2}]}
    ))["receiveGoods"]
    assert loose["userErrors"] == [] and loose["receipt"]["purchaseOrder"] is None


async def test_sending_makes_the_purchase_order_pdf(client: Client, quality: Quality) -> None:
    product = await quality.product()
    supplier = await supplier_with_price(client, product["id"], "12.50", lead_time_days=9)
    order = await sent_order(client, supplier, quality.warehouse_id, product["id"], 4)
    assert order["status"] == "SENT"
    [document] = order["documents"]
    assert document["kind"] == "PURCHASE_ORDER"
    url = f"/documents/{document['id']}/content"
    pdf = await client.http.get(url, headers=await client.headers("buyer"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = pdf.content.decode("latin-1")
    expected_on = (today() + timedelta(days=9)).isoformat()
    for words in (order["number"], "Flow Test Supplier", "Ship to: Leipzig", "12.50 EUR",
                  "Total 50.00 EUR", expected_on):
        assert words in text, words
    partner = await client.http.get(url, headers=await client.headers("partner-a"))
    assert partner.status_code == 404


async def test_a_certified_product_is_released_only_with_its_certificate(
    client: Client, quality: Quality, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    product = await quality.product()
    async with sessionmaker() as s, s.begin():
        await s.execute(update(Product).where(Product.id == product["pk"])
                        .values(requires_supplier_certificate=True))
    flags = (await client.call("buyer", """query($id: ID!) { node(id: $id) { ... on Product {
      requiresSupplierCertificate } } }""", id=product["id"]))["node"]
    assert flags == {"requiresSupplierCertificate": True}
    lot = await quality.receive(product, 5)
    assert (await quality.inspect(lot["id"]))["userErrors"] == []
    refused = await quality.release(lot["id"])
    assert codes(refused) == [("SUPPLIER_CERTIFICATE_REQUIRED", ["input", "lotId"])]
    status = (await client.call("qa", """query($id: ID!) { node(id: $id) { ... on Lot {
      status } } }""", id=lot["id"]))["node"]
    assert status == {"status": "QUARANTINE"}
    attached = await attach(client, "qa", b"%PDF-1.4 certificate", "coc.pdf",
                            title=unique("CoC"), attach_to=[lot["id"]])
    assert attached["userErrors"] == []
    released = await quality.release(lot["id"])
    assert released["userErrors"] == [] and released["lot"]["status"] == "RELEASED"
