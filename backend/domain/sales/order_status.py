"""Changing an order's status: checked against the transition table, audited and announced."""

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import SalesOrder
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules.order_states import can_move
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction, OrderStatus


async def change_status(
    session: AsyncSession,
    order: SalesOrder,
    target: OrderStatus,
    *,
    actor: Actor,
    reason: str | None = None,
) -> None:
    current = OrderStatus(order.status)
    if not can_move(current, target):
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {current.value} and cannot become {target.value}.",
        )
    if current == target:
        return
    order.status = target
    order.updated_at = datetime.now(UTC)
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.ORDER_STATUS_CHANGED,
        entity_type="SalesOrder",
        entity_id=order.id,
        changes={"status": (current, target)},
        reason=reason,
    )
    await outbox.emit(
        session,
        topic=outbox.ORDER_STATUS_CHANGED,
        aggregate_type="SalesOrder",
        aggregate_id=order.id,
        customer_id=order.customer_id,
        payload={"order_id": order.id, "from": current.value, "to": target.value},
    )
