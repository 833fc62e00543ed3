"""Holds and recalls of reserved stock promise the affected orders again."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from backend.db.models import Product
from tests.sales.change_control_docs import CC_ALLOCATE, CC_CREATE, CC_SUBMIT
from tests.support import builders
from tests.support.client import DEMO_PASSWORD
from tests.support.documents import line
from tests.support.ids import gid

HOLD = """mutation($input: PlaceQualityHoldInput!) { placeQualityHold(input: $input) {
  hold { status } userErrors { field code } } }"""
RECALL = """mutation($input: InitiateRecallInput!) { initiateRecall(input: $input) {
  recall { number } userErrors { field code } } }"""
PROMISED = """query($id: ID!) { node(id: $id) { ... on SalesOrder {
  status promisedDeliveryDate latePromise
  lines { promise { fromStock source promisedShipDate promisedDeliveryDate late } } } } }"""


async def _allocated_order(client, sessionmaker) -> tuple[dict, dict]:
    """An order for all 5 units of a lot (no other stock), due in 10 days, allocated; the lot."""
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    async with sessionmaker() as s, s.begin():
        await s.execute(update(Product).where(Product.id == product.id).values(lead_time_days=20))
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=5)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    made = (await client.call("sales", CC_CREATE, input={
        "customerId": gid("Customer", customer.id), "lines": [line(product.id, 5)],
        "requestedDeliveryDate": str(builders.today() + timedelta(days=10))}))
    order_id = made["createSalesOrder"]["order"]["id"]
    await client.call("sales", CC_SUBMIT, id=order_id)
    allocated = (await client.call("sales", CC_ALLOCATE, id=order_id))["allocateSalesOrder"]
    assert allocated["order"]["status"] == "ALLOCATED", allocated
    before = (await client.call("sales", PROMISED, id=order_id))["node"]
    [promise] = [ln["promise"] for ln in before["lines"]]
    assert (promise["source"], promise["fromStock"], promise["late"]) == ("STOCK", 5, False)
    assert before["latePromise"] is False
    return before | {"id": order_id}, {"id": gid("Lot", lot.id),
                                       "warehouseId": gid("Warehouse", wh["DE-LEJ"])}


def _later_and_late(before: dict, after: dict) -> None:
    [promise] = [ln["promise"] for ln in after["lines"]]
    today = builders.today()
    # Nothing else in stock: the whole line now waits for the 20-day lead time.
    assert (promise["source"], promise["fromStock"]) == ("LEAD_TIME", 0)
    assert promise["promisedShipDate"] == str(today + timedelta(days=21))
    assert promise["late"] is True and after["latePromise"] is True
    assert after["promisedDeliveryDate"] > before["promisedDeliveryDate"]
    assert after["promisedDeliveryDate"] == promise["promisedDeliveryDate"]


@pytest.mark.parametrize("scope", ["whole lot", "quantity"])
async def test_a_hold_on_reserved_stock_promises_the_order_later_and_late(
    client, sessionmaker, consistent, scope
) -> None:
    before, lot = await _allocated_order(client, sessionmaker)
    where = {} if scope == "whole lot" else {"warehouseId": lot["warehouseId"], "quantity": 5}
    held = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "reason": "Seal integrity suspect", **where}))["placeQualityHold"]
    assert held["userErrors"] == []
    after = (await client.call("sales", PROMISED, id=before["id"]))["node"]
    assert after["status"] == "APPROVED"  # its reservation is gone
    # Held units are on hand but out of reach: nothing is promised from them.
    _later_and_late(before, after)


async def test_a_recall_of_reserved_stock_promises_the_order_later_and_late(
    client, sessionmaker, consistent
) -> None:
    before, lot = await _allocated_order(client, sessionmaker)
    recalled = (await client.call("qa", RECALL, input={
        "lotIds": [lot["id"]], "reason": "Sterility breach", "recallClass": "II",
        "signature": {"password": DEMO_PASSWORD, "meaning": "Recall initiated"}}))
    assert recalled["initiateRecall"]["userErrors"] == []
    _later_and_late(before, (await client.call("sales", PROMISED, id=before["id"]))["node"])
