"""Short-closing an order: the unshipped rest of its lines will not ship.

A partly shipped line becomes SHORT_CLOSED at its shipped quantity, an unshipped one
CANCELLED at 0 (line total 0.00); their reservations and open backorders are released,
a version is written and the totals are what ships. With no open line left the order
is SHIPPED (CANCELLED if nothing shipped).
"""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import SalesOrder
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules.money import line_net
from backend.domain.sales import promise, reservations, versions
from backend.domain.sales.order_changes import skus_of
from backend.domain.sales.order_lookup import order_for_update, order_lines
from backend.domain.trust import audit
from backend.enums import AuditAction, OrderLineStatus, OrderStatus

CLOSABLE = (OrderStatus.PENDING_APPROVAL, OrderStatus.APPROVED, OrderStatus.ALLOCATED,
            OrderStatus.PARTIALLY_SHIPPED)


async def short_close_sales_order(
    session: AsyncSession,
    *,
    actor: Actor,
    order_id: int,
    reason: str,
    line_ids: Sequence[int] | None = None,
) -> SalesOrder:
    reason = reason.strip()
    order = await order_for_update(session, order_id, actor=actor, field=("input", "orderId"))
    if not reason:
        raise DomainError.single(ErrorCode.INVALID, "Say why the lines are closed.",
                                 ("input", "reason"))
    lines = await order_lines(session, order.id)
    if line_ids is not None:
        known = {line.id for line in lines}
        for i, pk in enumerate(line_ids):
            if pk not in known:
                raise DomainError.single(ErrorCode.NOT_FOUND, "No such line on this order.",
                                         ("input", "lineIds", str(i)))
    wanted = set(line_ids) if line_ids is not None else None
    closing = [line for line in lines if versions.is_open(line)
               and (wanted is None or line.id in wanted)]
    if OrderStatus(order.status) not in CLOSABLE or not closing:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} ({order.status}) has no open line to close.",
            ("input", "orderId"))
    skus = await skus_of(session, {line.product_id for line in lines})
    before = versions.state_of(order, lines, skus)
    total_before = order.total
    for line in closing:
        line.quantity = line.shipped_quantity
        line.status = (OrderLineStatus.SHORT_CLOSED if line.shipped_quantity
                       else OrderLineStatus.CANCELLED)
        line.line_total = line_net(line.quantity, line.unit_price, line.discount_percent)
        line.promise = None
    await session.flush()
    versions.retotal(order, lines)
    changes = versions.changes_between(before, versions.state_of(order, lines, skus))
    await versions.write_version(session, order, actor=actor, reason=reason, changes=changes)
    await reservations.release_excess(session, order, closing, actor=actor)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.ORDER_SHORT_CLOSED,
        entity_type="SalesOrder", entity_id=order.id, reason=reason,
        changes={"version": (order.version - 1, order.version),
                 "total": (total_before, order.total),
                 "lines_closed": (None, [line.line_number for line in closing])},
    )
    if order.status != OrderStatus.PENDING_APPROVAL or not any(
        versions.is_open(line) for line in lines
    ):
        await reservations.settle(session, order, lines, actor=actor, reason=reason)
    await promise.promise_order(session, order, lines)
    return order
