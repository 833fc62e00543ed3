"""The expiry job: past expiry a lot is EXPIRED once, a lot expiring soon raises one alert,
and reservations short of the customer's minimum shelf life are re-made from other stock.
Shipping checks the shelf life again.

Time passing is written as rows (an earlier expiry date): the domain never makes a lot that
is already expired."""

from datetime import timedelta

from sqlalchemy import func, select, update

from backend.db.models import (
    AllocationIssue,
    AuditEvent,
    ExpiryAlert,
    Lot,
    SalesOrder,
    ShipmentLine,
)
from backend.domain.errors import DomainError
from backend.domain.fulfilment import shipping
from backend.domain.inventory.expiry import run_expiry
from backend.domain.tx import transaction
from backend.enums import AllocationIssueReason, LotStatus
from tests.support import builders
from tests.support.builders import today


async def _age(sessionmaker, lot_id: int, days_left: int) -> None:
    async with transaction(sessionmaker) as session:
        await session.execute(update(Lot).where(Lot.id == lot_id)
                              .values(expires_on=today() + timedelta(days=days_left)))


async def test_a_lot_past_expiry_expires_once_and_a_soon_expiring_one_is_alerted_once(
    sessionmaker, demo_data
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    old = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=4)
    soon = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=6,
                                   expires_in_days=12)
    await _age(sessionmaker, old.id, -1)
    for _ in range(2):
        async with transaction(sessionmaker) as session:
            await run_expiry(session)
    async with sessionmaker() as session:
        assert (await session.get_one(Lot, old.id)).status == LotStatus.EXPIRED
        expired_events = await session.scalar(
            select(func.count()).select_from(AuditEvent).where(
                AuditEvent.entity_type == "Lot", AuditEvent.entity_id == old.id,
                AuditEvent.action == "lot.expired"))
        alerts = list(await session.scalars(select(ExpiryAlert).where(
            ExpiryAlert.lot_id.in_([old.id, soon.id]))))
    assert expired_events == 1
    assert [(a.lot_id, a.days_left, a.quantity) for a in alerts] == [(soon.id, 12, 6)]


async def test_reservations_short_of_shelf_life_are_reallocated_and_not_shipped(
    sessionmaker, demo_data
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    short = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=5,
                                    expires_in_days=100)
    long = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=5,
                                   expires_in_days=400)
    customer = await builders.make_customer(sessionmaker, shelf_life_days=30)
    async with transaction(sessionmaker) as session:
        order = await builders.allocated(session, customer.id, [(product.id, 3)])
    await _age(sessionmaker, short.id, 10)  # FEFO took the short lot; now it has 10 days left

    async with transaction(sessionmaker) as session:
        try:
            await shipping.create_shipment(
                session, actor=await builders.demo_actor(session, "warehouse"),
                order_id=order.id)
        except DomainError as refusal:
            assert [p.code for p in refusal.problems] == ["SHELF_LIFE_TOO_SHORT"]
        else:
            raise AssertionError("a lot short of the shelf life was shipped")

    async with transaction(sessionmaker) as session:
        await run_expiry(session)
    async with sessionmaker() as session:
        issues = list(await session.scalars(select(AllocationIssue).where(
            AllocationIssue.order_id == order.id)))
        refreshed = await session.get_one(SalesOrder, order.id)
    assert [(i.reason, i.lot_id, i.quantity, i.reallocated_quantity) for i in issues] == [
        (AllocationIssueReason.SHELF_LIFE_TOO_SHORT, short.id, 3, 3)]
    assert refreshed.needs_reallocation is False
    async with transaction(sessionmaker) as session:
        shipment = await shipping.create_shipment(
            session, actor=await builders.demo_actor(session, "warehouse"), order_id=order.id)
        lots = {line.lot_id for line in await session.scalars(
            select(ShipmentLine).where(ShipmentLine.shipment_id == shipment.id))}
    assert lots == {long.id}
