"""Starting a recall takes the reservations of recalled lots and re-reserves at once from
other released stock, as a hold does: the order sees a LOT_RECALLED issue, and
needsReallocation while it is short."""

from backend.seed.invariants import check_invariants
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.flows import allocated_order
from tests.support.ids import gid

INITIATE = """mutation($input: InitiateRecallInput!) { initiateRecall(input: $input) {
  recall { number affectedLots { lotNumber status } } userErrors { field message code } } }"""
ORDER = """query($id: ID!) { node(id: $id) { ... on SalesOrder { status needsReallocation
  allocationIssues { reason quantity reallocatedQuantity message lot { lotNumber }
                     warehouse { code } }
  lines { allocations { quantity lot { lotNumber } warehouse { code } } } } } }"""


async def recall(client: Client, lot_id: int) -> dict:
    payload = (await client.call("qa", INITIATE, input={
        "lotIds": [gid("Lot", lot_id)], "reason": "Seal integrity failure", "recallClass": "II",
        "signature": {"password": DEMO_PASSWORD, "meaning": "Recall initiated"},
    }))["initiateRecall"]
    assert payload["userErrors"] == []
    return payload["recall"]


def reserved(order: dict) -> list[tuple[str, str, int]]:
    return sorted((a["lot"]["lotNumber"], a["warehouse"]["code"], a["quantity"])
                  for line in order["lines"] for a in line["allocations"])


async def test_a_recall_reallocates_reservations_from_other_released_stock(
    client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    # The recalled lot expires first, so FEFO reserved it; the other lot takes over.
    suspect = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"],
                                      quantity=10, expires_in_days=200)
    spare = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"],
                                    quantity=10, expires_in_days=400)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 6)])
    before = (await client.call("sales", ORDER, id=order["id"]))["node"]
    assert reserved(before) == [(suspect.lot_number, "NL-RTM", 6)]

    await recall(client, suspect.id)

    seen = (await client.call("sales", ORDER, id=order["id"]))["node"]
    assert reserved(seen) == [(spare.lot_number, "NL-RTM", 6)]
    assert (seen["status"], seen["needsReallocation"]) == ("ALLOCATED", False)
    [issue] = seen["allocationIssues"]
    assert {k: issue[k] for k in ("reason", "quantity", "reallocatedQuantity")} == {
        "reason": "LOT_RECALLED", "quantity": 6, "reallocatedQuantity": 6}
    assert issue["lot"] == {"lotNumber": suspect.lot_number}
    assert "was recalled" in issue["message"]
    async with sessionmaker() as session:
        assert await check_invariants(session) == []


async def test_an_order_left_short_by_a_recall_needs_reallocation(
    client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    suspect = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"],
                                      quantity=10, expires_in_days=200)
    spare = await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"],
                                    quantity=2, expires_in_days=400)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 8)])
    # The nearest warehouse (Rotterdam) fills the whole line from the suspect lot.
    assert reserved((await client.call("sales", ORDER, id=order["id"]))["node"]) == [
        (suspect.lot_number, "NL-RTM", 8)]

    await recall(client, suspect.id)

    seen = (await client.call("sales", ORDER, id=order["id"]))["node"]
    # Only the 2 units of the other lot can be reserved again: the order is short.
    assert reserved(seen) == [(spare.lot_number, "DE-LEJ", 2)]
    assert seen["needsReallocation"] is True
    issues = [i for i in seen["allocationIssues"] if i["reason"] == "LOT_RECALLED"]
    assert sum(i["quantity"] for i in issues) - sum(i["reallocatedQuantity"] for i in issues) == 6
    async with sessionmaker() as session:
        assert await check_invariants(session) == []
