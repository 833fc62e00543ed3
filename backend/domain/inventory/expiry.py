"""The expiry job: lots past expiry become EXPIRED (their reservations taken and re-made
elsewhere), lots expiring soon raise one alert each, and reservations that no longer meet
the shelf life their sale needs (the customer's minimum or a policy's) are re-made from
longer-lived stock.

Safe with several processes: lot rows are taken FOR UPDATE SKIP LOCKED, alerts are
inserted ON CONFLICT DO NOTHING.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, func, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    Customer,
    ExpiryAlert,
    Lot,
    Product,
    SalesOrder,
    SalesOrderLine,
    StockBalance,
)
from backend.domain.actor import SYSTEM
from backend.domain.inventory.lot_status import change_lot_status
from backend.domain.policies import resolve, shelf_life
from backend.domain.sales import reallocation
from backend.domain.trust import audit
from backend.enums import AllocationIssueReason, AuditAction, LotStatus

ALERT_WINDOW_DAYS = 30
EXPIRABLE = (LotStatus.QUARANTINE, LotStatus.RELEASED, LotStatus.ON_HOLD)


@dataclass(frozen=True)
class ExpiryRun:
    expired: int
    alerts: int
    reallocated_orders: int


async def run_expiry(
    session: AsyncSession, *, today: date | None = None, window_days: int = ALERT_WINDOW_DAYS
) -> ExpiryRun:
    today = today or datetime.now(UTC).date()
    lots = list(await session.scalars(
        select(Lot).where(Lot.status.in_(EXPIRABLE), Lot.expires_on < today)
        .order_by(Lot.id).with_for_update(skip_locked=True)
    ))
    orders: set[int] = set()
    for lot in lots:
        taken = await reallocation.give_back(
            session, await reallocation.allocations_to_cover(session, lot_id=lot.id)
        )
        await change_lot_status(session, lot, LotStatus.EXPIRED, actor=SYSTEM,
                                action=AuditAction.LOT_EXPIRED,
                                reason=f"expired on {lot.expires_on}")
        orders |= set(await reallocation.reallocate(
            session, taken, reason=AllocationIssueReason.LOT_EXPIRED, actor=SYSTEM))
    alerts = await raise_alerts(session, today, window_days)
    orders |= await _shelf_life(session, today)
    return ExpiryRun(expired=len(lots), alerts=alerts, reallocated_orders=len(orders))


async def raise_alerts(session: AsyncSession, today: date, window_days: int) -> int:
    """One alert per lot on hand expiring within the window (never a second one)."""
    on_hand = (
        select(StockBalance.lot_id, func.sum(StockBalance.on_hand).label("n"))
        .group_by(StockBalance.lot_id).having(func.sum(StockBalance.on_hand) > 0).subquery()
    )
    rows = (await session.execute(
        select(Lot.id, Lot.expires_on, on_hand.c.n)
        .join(on_hand, on_hand.c.lot_id == Lot.id)
        .where(Lot.status.in_(EXPIRABLE), Lot.expires_on >= today,
               Lot.expires_on <= today + timedelta(days=window_days))
        .order_by(Lot.id)
    )).all()
    raised = 0
    for row in rows:
        result = await session.execute(
            insert(ExpiryAlert).values(lot_id=row.id, expires_on=row.expires_on,
                                       days_left=(row.expires_on - today).days,
                                       quantity=int(row.n))
            .on_conflict_do_nothing(index_elements=["lot_id"]).returning(ExpiryAlert.id)
        )
        alert_id = result.scalar()
        if alert_id is not None:
            raised += 1
            await audit.record(session, actor_id=None, action=AuditAction.EXPIRY_ALERT_RAISED,
                               entity_type="Lot", entity_id=row.id,
                               changes=audit.created(expires_on=row.expires_on,
                                                     quantity=int(row.n)))
    return raised


async def _shelf_life(session: AsyncSession, today: date) -> set[int]:
    """Reservations of lots expiring before today + the shelf life their sale needs."""
    policies = await resolve.load(session, shelf_life.KIND)
    # In SQL only the widest bound: which rows fall short is decided per sale below.
    widest = func.greatest(Customer.min_remaining_shelf_life_days,
                           int(policies.largest(shelf_life.KIND) or 0))
    rows = (await session.execute(
        select(Allocation, Lot.expires_on, Product.product_line, Product.device_class,
               Customer.region, Customer.min_remaining_shelf_life_days)
        .join(Lot, Lot.id == Allocation.lot_id)
        .join(Product, Product.id == Lot.product_id)
        .join(SalesOrderLine, SalesOrderLine.id == Allocation.order_line_id)
        .join(SalesOrder, SalesOrder.id == SalesOrderLine.order_id)
        .join(Customer, Customer.id == SalesOrder.customer_id)
        .where(Lot.expires_on.is_not(None), Lot.expires_on < literal(today, type_=Date) + widest)
        .order_by(Allocation.id).with_for_update(of=Allocation, skip_locked=True)
    )).all()
    allocations = [
        r.Allocation for r in rows
        if r.expires_on < shelf_life.needed(
            policies, resolve.subject(r.product_line, r.device_class, r.region),
            r.min_remaining_shelf_life_days).cutoff(today)
    ]
    if not allocations:
        return set()
    taken = await reallocation.give_back(session, allocations)
    return set(await reallocation.reallocate(
        session, taken, reason=AllocationIssueReason.SHELF_LIFE_TOO_SHORT, actor=SYSTEM))
