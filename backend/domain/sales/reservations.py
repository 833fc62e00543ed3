"""Reservations that follow an order's changes: a cut line gives back what it no longer
needs (latest expiry first, serials freed), an increase is reserved at once where the
order already holds stock (nearest warehouse, FEFO, as stock allows; the rest is left
for `allocateSalesOrder`), and the status of an approved order follows its quantities."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    Customer,
    Lot,
    ReplenishmentRequest,
    SalesOrder,
    SalesOrderLine,
    Serial,
    Warehouse,
)
from backend.domain.actor import Actor
from backend.domain.inventory import stock
from backend.domain.rules import fefo, geo
from backend.domain.sales import allocation
from backend.domain.sales.order_status import change_status
from backend.domain.sales.versions import is_open
from backend.domain.trust import audit
from backend.enums import AuditAction, OrderStatus, ReplenishmentStatus, SerialStatus

# The statuses whose value follows the quantities once approved.
FOLLOWING = (OrderStatus.APPROVED, OrderStatus.ALLOCATED, OrderStatus.PARTIALLY_SHIPPED)


async def reserved_by_line(session: AsyncSession, line_ids: Sequence[int]) -> dict[int, int]:
    if not line_ids:
        return {}
    return dict((await session.execute(
        select(Allocation.order_line_id, func.sum(Allocation.quantity))
        .where(Allocation.order_line_id.in_(list(line_ids)))
        .group_by(Allocation.order_line_id)
    )).all())


async def release_excess(
    session: AsyncSession, order: SalesOrder, lines: Sequence[SalesOrderLine], *, actor: Actor
) -> list[list[int]]:
    """Give back what each line holds beyond its open quantity; [[line, lot, qty]]."""
    released: list[list[int]] = []
    for line in lines:
        need = max(line.quantity - line.shipped_quantity, 0) if is_open(line) else 0
        allocations = list(await session.scalars(
            select(Allocation).join(Lot, Lot.id == Allocation.lot_id)
            .where(Allocation.order_line_id == line.id)
            .order_by(Lot.expires_on.desc().nulls_first(), Allocation.id.desc())
            .with_for_update(of=Allocation)
        ))
        excess = sum(a.quantity for a in allocations) - need
        for a in allocations:
            if excess <= 0:
                break
            give = min(a.quantity, excess)
            excess -= give
            await stock.unreserve(session, warehouse_id=a.warehouse_id, lot_id=a.lot_id,
                                  quantity=give)
            freed = (
                select(Serial.id).where(Serial.allocation_id == a.id)
                .order_by(Serial.serial_number.desc()).limit(give).scalar_subquery()
            )
            await session.execute(
                update(Serial).where(Serial.id.in_(freed))
                .values(status=SerialStatus.IN_STOCK, allocation_id=None)
                .execution_options(synchronize_session=False)
            )
            if give == a.quantity:
                await session.execute(delete(Allocation).where(Allocation.id == a.id)
                                      .execution_options(synchronize_session=False))
            else:
                a.quantity -= give
            released.append([line.id, a.lot_id, give])
        if not is_open(line):
            await session.execute(
                update(ReplenishmentRequest)
                .where(ReplenishmentRequest.order_line_id == line.id,
                       ReplenishmentRequest.status == ReplenishmentStatus.OPEN)
                .values(status=ReplenishmentStatus.CANCELLED, closed_at=datetime.now(UTC))
                .execution_options(synchronize_session=False)
            )
    await session.flush()
    if released:
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.ORDER_RELEASED,
            entity_type="SalesOrder", entity_id=order.id,
            # [line id, lot id, quantity] per reservation given back
            changes=audit.created(released=released),
        )
    return released


async def holds_reservations(session: AsyncSession, order_id: int) -> bool:
    found = await session.scalar(
        select(Allocation.id).join(SalesOrderLine)
        .where(SalesOrderLine.order_id == order_id).limit(1)
    )
    return found is not None


async def top_up(
    session: AsyncSession, order: SalesOrder, lines: Sequence[SalesOrderLine], *, actor: Actor
) -> list[list[int]]:
    """Reserve what stock allows for the open, unreserved quantity of the lines (nearest
    warehouse, FEFO); nothing is backordered. [[line, warehouse, lot, qty]]."""
    reserved = await reserved_by_line(session, [line.id for line in lines])
    demands = [
        fefo.Demand(line.id, line.product_id,
                    line.quantity - line.shipped_quantity - reserved.get(line.id, 0))
        for line in lines
        if is_open(line) and line.quantity - line.shipped_quantity - reserved.get(line.id, 0) > 0
    ]
    if not demands:
        return []
    customer = await session.get_one(Customer, order.customer_id)
    today = datetime.now(UTC).date()
    candidates = await allocation.lock_candidates_for(
        session, customer, {d.product_id for d in demands}, today)
    warehouses = {w.id: (w.latitude, w.longitude) for w in await session.scalars(select(Warehouse))}
    origin = ((customer.latitude, customer.longitude)
              if customer.latitude is not None and customer.longitude is not None else None)
    picks = fefo.plan(demands, candidates, geo.nearest_first(origin, warehouses))
    for pick in picks:
        await allocation._reserve(session, pick)  # noqa: SLF001
    await session.flush()
    done = [[p.line_id, p.warehouse_id, p.lot_id, p.quantity] for p in picks]
    if done:
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.ORDER_ALLOCATED,
            entity_type="SalesOrder", entity_id=order.id,
            changes=audit.created(picks=done, backordered={}),
        )
    return done


async def status_by_quantities(
    session: AsyncSession, order: SalesOrder, lines: Sequence[SalesOrderLine],
    holds: bool | None = None,
) -> OrderStatus:
    """What an approved order's status is, given what has shipped and is reserved
    (`holds`: whether it holds reservations, when the caller knows)."""
    shipped = any(line.shipped_quantity > 0 for line in lines)
    if not any(is_open(line) for line in lines):
        return OrderStatus.SHIPPED if shipped else OrderStatus.CANCELLED
    if shipped:
        return OrderStatus.PARTIALLY_SHIPPED
    if holds if holds is not None else await holds_reservations(session, order.id):
        return OrderStatus.ALLOCATED
    return OrderStatus.APPROVED


async def settle(
    session: AsyncSession, order: SalesOrder, lines: Sequence[SalesOrderLine], *,
    actor: Actor, reason: str | None = None, holds: bool | None = None,
) -> None:
    """Move an approved order (or one just approved) to the status its quantities say."""
    target = await status_by_quantities(session, order, lines, holds)
    if target != order.status:
        await change_status(session, order, target, actor=actor, reason=reason)


def by_line(picks: Sequence[Sequence[int]]) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for pick in picks:
        out[pick[0]] += pick[-1]
    return out
