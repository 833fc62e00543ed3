"""Taking reservations away from orders (a hold, expiry, too short a shelf life) and
re-reserving at once from other released stock: nearest warehouse, FEFO, as allocation does.

Each reservation taken is an `AllocationIssue` of its order, with the quantity that could
be re-reserved; an order left short `needs_reallocation` and keeps a backorder request.
Every order that lost stock is promised again (`promise.repromise_orders`).
"""

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    AllocationIssue,
    Lot,
    SalesOrder,
    SalesOrderLine,
    Serial,
)
from backend.domain.actor import Actor
from backend.domain.inventory import stock
from backend.domain.sales.allocation import allocate_sales_order
from backend.domain.sales.order_status import change_status
from backend.domain.sales.promise import repromise_orders
from backend.domain.trust import audit
from backend.enums import AllocationIssueReason, AuditAction, OrderStatus, SerialStatus

MESSAGES = {
    AllocationIssueReason.LOT_ON_HOLD: "Lot {lot} was put on hold",
    AllocationIssueReason.LOT_RECALLED: "Lot {lot} was recalled",
    AllocationIssueReason.LOT_EXPIRED: "Lot {lot} expired",
    AllocationIssueReason.SHELF_LIFE_TOO_SHORT: (
        "Lot {lot} no longer has the customer's minimum shelf life"
    ),
}


async def allocations_to_cover(
    session: AsyncSession, *, lot_id: int, warehouse_id: int | None = None,
    serial_ids: Sequence[int] = (), shortfall: int | None = None,
) -> list[Allocation]:
    """Reservations of a lot (in one warehouse), newest first, locked.

    With `serial_ids`: those holding the serials; with `shortfall`: the newest ones until
    that many units are covered; else all of them."""
    stmt = select(Allocation).where(Allocation.lot_id == lot_id)
    if warehouse_id is not None:
        stmt = stmt.where(Allocation.warehouse_id == warehouse_id)
    if serial_ids:
        stmt = stmt.where(Allocation.id.in_(
            select(Serial.allocation_id).where(Serial.id.in_(serial_ids))
        ))
    rows = list(await session.scalars(
        stmt.order_by(Allocation.id.desc()).with_for_update()
    ))
    if shortfall is None:
        return rows
    taken, covered = [], 0
    for allocation in rows:
        if covered >= shortfall:
            break
        taken.append(allocation)
        covered += allocation.quantity
    return taken


# Per order: units taken per (lot id, warehouse id).
Taken = dict[int, dict[tuple[int, int], int]]


async def give_back(session: AsyncSession, allocations: Sequence[Allocation]) -> Taken:
    """Release the reservations (and their serials); what each order lost."""
    if not allocations:
        return {}
    lines = dict((await session.execute(
        select(SalesOrderLine.id, SalesOrderLine.order_id)
        .where(SalesOrderLine.id.in_({a.order_line_id for a in allocations}))
    )).all())
    taken: Taken = defaultdict(lambda: defaultdict(int))
    for allocation in sorted(allocations, key=lambda a: (a.warehouse_id, a.lot_id, a.id)):
        await stock.unreserve(session, warehouse_id=allocation.warehouse_id,
                              lot_id=allocation.lot_id, quantity=allocation.quantity)
        await session.execute(
            update(Serial).where(Serial.allocation_id == allocation.id)
            .values(status=SerialStatus.IN_STOCK, allocation_id=None)
            .execution_options(synchronize_session=False)
        )
        taken[lines[allocation.order_line_id]][(allocation.lot_id, allocation.warehouse_id)] += (
            allocation.quantity
        )
        await session.delete(allocation)
    await session.flush()
    return {k: dict(v) for k, v in taken.items()}


async def reallocate(
    session: AsyncSession,
    taken: Taken,
    *,
    reason: AllocationIssueReason,
    actor: Actor,
    hold_id: int | None = None,
) -> list[int]:
    """Re-reserve what the orders lost, once the stock taken is out of reach; the order ids."""
    lot_ids = {lot for per_order in taken.values() for lot, _ in per_order}
    lot_numbers = dict((await session.execute(
        select(Lot.id, Lot.lot_number).where(Lot.id.in_(lot_ids))
    )).all()) if lot_ids else {}
    for order_id in sorted(taken):
        await _reallocate(session, order_id, taken[order_id], reason=reason, actor=actor,
                          hold_id=hold_id, lot_numbers=lot_numbers)
    # What stock is left decides the dates: promise the orders again (`latePromise`).
    await repromise_orders(session, list(taken))
    return sorted(taken)


async def _open_quantity(session: AsyncSession, order_id: int) -> int:
    ordered = await session.scalar(
        select(func.coalesce(func.sum(SalesOrderLine.quantity - SalesOrderLine.shipped_quantity),
                             0)).where(SalesOrderLine.order_id == order_id)
    )
    reserved = await session.scalar(
        select(func.coalesce(func.sum(Allocation.quantity), 0))
        .join(SalesOrderLine, SalesOrderLine.id == Allocation.order_line_id)
        .where(SalesOrderLine.order_id == order_id)
    )
    return int(ordered or 0) - int(reserved or 0)


async def _reallocate(
    session: AsyncSession,
    order_id: int,
    taken: dict[tuple[int, int], int],
    *,
    reason: AllocationIssueReason,
    actor: Actor,
    hold_id: int | None,
    lot_numbers: dict[int, str],
) -> None:
    order = await session.get_one(SalesOrder, order_id, with_for_update=True)
    before = await _open_quantity(session, order_id)
    has_reservations = bool(await session.scalar(
        select(func.count()).select_from(Allocation)
        .join(SalesOrderLine, SalesOrderLine.id == Allocation.order_line_id)
        .where(SalesOrderLine.order_id == order_id)
    ))
    if order.status == OrderStatus.ALLOCATED and not has_reservations:
        await change_status(session, order, OrderStatus.APPROVED, actor=actor,
                            reason="Its reserved stock was taken away")
    await allocate_sales_order(session, actor=actor, order_id=order_id, backorder=True)
    after = await _open_quantity(session, order_id)
    left = max(before - after, 0)
    total = sum(taken.values())
    for (lot_id, warehouse_id), quantity in sorted(taken.items()):
        again = min(left, quantity)
        left -= again
        session.add(AllocationIssue(
            order_id=order_id, hold_id=hold_id, reason=reason, lot_id=lot_id,
            warehouse_id=warehouse_id, quantity=quantity, reallocated_quantity=again,
            message=(MESSAGES[reason].format(lot=lot_numbers.get(lot_id, lot_id))
                     + f": {quantity} units unreserved, {again} reserved again elsewhere."),
        ))
    reallocated = min(max(before - after, 0), total)
    was = order.needs_reallocation
    order.needs_reallocation = reallocated < total
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.ALLOCATION_DROPPED,
        entity_type="SalesOrder", entity_id=order_id,
        changes={
            **audit.created(reason=reason, unreserved=total, reallocated=reallocated,
                            hold_id=hold_id),
            "needs_reallocation": (was, order.needs_reallocation),
        },
    )
