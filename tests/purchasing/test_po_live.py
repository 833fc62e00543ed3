"""`purchaseOrderStatusChanged` pushes PO status changes to staff; partners are refused."""

from tests.purchasing.flow import CREATE_PO, po_action, supplier_with_price
from tests.support.client import Client
from tests.support.flows import Quality
from tests.support.server import LiveServer
from tests.support.ws import caught_up, ws_connect

CHANGED = """subscription($id: ID) { purchaseOrderStatusChanged(purchaseOrderId: $id) {
  from to purchaseOrder { number status } } }"""


async def test_status_changes_reach_staff_only(live_server: LiveServer, client: Client,
                                               quality: Quality, engine) -> None:
    assert live_server.app.state.outbox_listener.connected.is_set()
    product = await quality.product()
    supplier = await supplier_with_price(client, product["id"], "4.00")
    order = (await client.call("buyer", CREATE_PO, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id,
        "lines": [{"productId": product["id"], "quantity": 3}]}))[
        "createPurchaseOrder"]["purchaseOrder"]
    await caught_up(live_server.app, engine)
    async with (ws_connect(live_server.ws_url, await client.token("warehouse")) as staff,
                ws_connect(live_server.ws_url, await client.token("partner-a")) as partner):
        await staff.subscribe(CHANGED, {"id": order["id"]})
        await partner.subscribe(CHANGED, {"id": order["id"]})
        refusal = await partner.receive()
        assert refusal["type"] in ("error", "next")
        errors = refusal["payload"] if refusal["type"] == "error" else \
            refusal["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
        await po_action(client, "submitPurchaseOrder", order["id"])
        await po_action(client, "sendPurchaseOrder", order["id"])
        pushed = [d["purchaseOrderStatusChanged"] for d in await staff.collect(2)]
        assert [(p["from"], p["to"]) for p in pushed] == [("DRAFT", "APPROVED"),
                                                          ("APPROVED", "SENT")]
        assert pushed[0]["purchaseOrder"]["number"] == order["number"]
        assert await partner.silent(0.5)
