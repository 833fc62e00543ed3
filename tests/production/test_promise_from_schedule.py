"""Make to order: what a work order makes for an order is promised at its scheduled finish
+ the handling day + the lane's transit days, and the promise follows the schedule."""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from backend.db.models import TransitLane
from backend.enums import Replenishment
from tests.production.conftest import UPDATE_CENTER, Plant
from tests.support import builders
from tests.support.builders import transaction
from tests.support.client import Client
from tests.support.ids import gid

ORDER = """query($n: String!) { salesOrder(number: $n) { promisedDeliveryDate
  lines { promise { source fromStock promisedShipDate promisedDeliveryDate } } } }"""
WORK_ORDER = """query($n: String!) { workOrder(number: $n) { status scheduledFinish } }"""
CANCEL = """mutation($input: CancelWorkOrderInput!) { cancelWorkOrder(input: $input) {
  userErrors { code } } }"""


def finish_day(work_order: dict) -> date:
    return datetime.fromisoformat(work_order["scheduledFinish"]).date()


async def test_the_promise_follows_the_work_orders_schedule(
    plant: Plant, client: Client, sessionmaker
) -> None:
    component = await plant.product()
    await plant.lot(component, 100)
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(finished, [(component, 1, "0")])
    customer = await builders.make_customer(sessionmaker)
    async with transaction(sessionmaker) as s:
        order = await builders.approved(s, customer.id, [(finished["pk"], 4)])
        number, order_id = order.number, order.id
        transit = await s.scalar(select(TransitLane.transit_days).where(
            TransitLane.warehouse_id == plant.warehouse_pk,
            TransitLane.region == customer.region))
    assert transit is not None
    before = (await client.call("sales", ORDER, n=number))["salesOrder"]["lines"][0]["promise"]
    assert before["source"] != "SUPPLY" and before["fromStock"] == 0

    made = await plant.work_order(finished, None,  # type: ignore[arg-type]
                                  salesOrderId=gid("SalesOrder", order_id))
    assert made["quantity"] == 4
    planned = (await client.call("sales", ORDER, n=number))["salesOrder"]["lines"][0]["promise"]
    assert planned == before  # not on the schedule yet: nothing to follow
    assert (await plant.release(made))["userErrors"] == []

    async def promised() -> tuple[dict, date]:
        sales_order = (await client.call("sales", ORDER, n=number))["salesOrder"]
        wo = (await client.call("planner", WORK_ORDER, n=made["number"]))["workOrder"]
        [line] = sales_order["lines"]
        assert sales_order["promisedDeliveryDate"] == line["promise"]["promisedDeliveryDate"]
        return line["promise"], finish_day(wo)

    promise, finish = await promised()
    ship = finish + timedelta(days=1)
    assert promise["source"] == "SUPPLY"
    assert promise["promisedShipDate"] == ship.isoformat()
    assert promise["promisedDeliveryDate"] == (ship + timedelta(days=transit)).isoformat()

    # Less capacity: 30 + 4 x 12.5 = 80 minutes at 15 minutes a day end days later.
    slowed = (await client.call("planner", UPDATE_CENTER, input={
        "workCenterId": plant.center["id"], "hoursPerDay": "0.25"}))["updateWorkCenter"]
    assert slowed["userErrors"] == []
    later, later_finish = await promised()
    assert later_finish >= finish + timedelta(days=5)
    ship = later_finish + timedelta(days=1)
    assert later["source"] == "SUPPLY"
    assert later["promisedShipDate"] == ship.isoformat()
    assert later["promisedDeliveryDate"] == (ship + timedelta(days=transit)).isoformat()

    # Cancelled: the order no longer counts on it.
    cancelled = (await client.call("planner", CANCEL, input={
        "workOrderId": made["id"], "reason": "Customer changed the model"}))["cancelWorkOrder"]
    assert cancelled["userErrors"] == []
    after = (await client.call("sales", ORDER, n=number))["salesOrder"]["lines"][0]["promise"]
    assert after["source"] == before["source"]
    assert after["promisedShipDate"] == before["promisedShipDate"]
