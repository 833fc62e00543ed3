"""Releasing a work order: FEFO reservations from released, unexpired lots of its warehouse,
all or nothing; the batch record opens; cancelling frees what it held."""

from sqlalchemy import select

from backend.db.models import Product, StockBalance, WorkOrder, WorkOrderReservation
from backend.enums import LotStatus, Replenishment
from tests.production.conftest import CANCEL_WO, Plant, codes
from tests.support import builders
from tests.support.client import Client
from tests.support.ids import gid


async def reserved(sessionmaker, lot_ids: list[int]) -> dict[int, int]:
    async with sessionmaker() as s:
        rows = await s.execute(select(StockBalance.lot_id, StockBalance.reserved)
                               .where(StockBalance.lot_id.in_(lot_ids)))
        return dict(rows.all())


async def test_release_reserves_earliest_expiry_first_and_opens_the_batch_record(
    plant: Plant, client: Client, sessionmaker
) -> None:
    component = await plant.product()
    late = await plant.lot(component, 15, expires_in_days=300)
    early = await plant.lot(component, 10, expires_in_days=60)
    async with sessionmaker() as s:
        row = await s.get(Product, component["pk"])
    quarantined = (await builders.make_lot(sessionmaker, row, warehouse_id=plant.warehouse_pk,
                                           quantity=50, expires_in_days=30,
                                           status=LotStatus.QUARANTINE)).id
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(finished, [(component, 2, "5")])
    order = await plant.work_order(finished, 10)
    released = await plant.release(order)
    assert released["userErrors"] == [], released
    wo = released["workOrder"]
    assert wo["status"] == "RELEASED" and wo["releasedAt"] is not None
    [line] = wo["components"]
    assert [(r["lot"]["id"], r["quantity"]) for r in line["reservations"]] == [
        (gid("Lot", early), 10), (gid("Lot", late), 11)]
    assert await reserved(sessionmaker, [early, late, quarantined]) == {
        early: 10, late: 11, quarantined: 0}
    assert wo["batchRecord"] == {"status": "IN_PROGRESS", "steps": [
        {"sequence": 1, "title": "Torque check", "status": "PENDING"}]}
    assert wo["scheduledStart"] is not None and wo["operations"][0]["bookings"]
    again = await plant.release(order)
    assert codes(again) == [("INVALID_TRANSITION", ["input", "workOrderId"])]
    cancelled = (await client.call("planner", CANCEL_WO, input={
        "workOrderId": order["id"], "reason": "Customer withdrew"}))["cancelWorkOrder"]
    assert cancelled["workOrder"]["status"] == "CANCELLED"
    assert cancelled["workOrder"]["components"][0]["reservations"] == []
    assert cancelled["workOrder"]["scheduledStart"] is None
    assert cancelled["workOrder"]["operations"][0]["bookings"] == []
    assert await reserved(sessionmaker, [early, late]) == {early: 0, late: 0}


async def test_a_shortage_reserves_nothing_and_names_each_short_component(
    plant: Plant, client: Client, sessionmaker
) -> None:
    plenty, short, missing = await plant.product(), await plant.product(), await plant.product()
    plenty_lot = await plant.lot(plenty, 100)
    short_lot = await plant.lot(short, 5)
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(finished, [(plenty, 1, "0"), (short, 1, "0"), (missing, 3, "0")])
    order = await plant.work_order(finished, 8)
    refused = await plant.release(order)
    assert refused["workOrder"] is None
    problems = refused["userErrors"]
    assert [p["code"] for p in problems] == ["INSUFFICIENT_STOCK"] * 2
    async with sessionmaker() as s:
        skus = [(await s.get(Product, p["pk"])).sku for p in (short, missing)]  # type: ignore[union-attr]
    assert skus[0] in problems[0]["message"] and "3 short" in problems[0]["message"]
    assert skus[1] in problems[1]["message"] and "24 short" in problems[1]["message"]
    assert await reserved(sessionmaker, [plenty_lot, short_lot]) == {plenty_lot: 0, short_lot: 0}
    async with sessionmaker() as s:
        row = await s.scalar(select(WorkOrder).where(WorkOrder.number == order["number"]))
        assert row is not None and row.status == "PLANNED"
        assert list(await s.scalars(select(WorkOrderReservation).where(
            WorkOrderReservation.work_order_id == row.id))) == []
