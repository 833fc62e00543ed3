"""What every change of a work order leaves behind: an audit event with before and after,
and an outbox event (read by `workOrderChanged` and webhooks)."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import WorkOrder
from backend.domain.actor import Actor
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction, WorkOrderEventKind, WorkOrderStatus

WORK_ORDER_CHANGED = "work_order.changed"


def today() -> date:
    return datetime.now(UTC).date()


def snapshot(order: WorkOrder) -> dict[str, Any]:
    return {"status": order.status, "quantity": order.quantity, "due_date": order.due_date,
            "completed_quantity": order.completed_quantity}


async def changed(
    session: AsyncSession,
    order: WorkOrder,
    *,
    actor: Actor | None,
    kind: WorkOrderEventKind,
    action: AuditAction,
    before: dict[str, Any] | None,
    previous: WorkOrderStatus | None = None,
    reason: str | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    after = {**snapshot(order), **(extra or {})}
    changes = audit.created(**after) if before is None else audit.diff(before, after)
    await audit.record(session, actor_id=actor.user_id if actor else None, action=action,
                       entity_type="WorkOrder", entity_id=order.id, changes=changes,
                       reason=reason)
    await announce(session, order, kind=kind, previous=previous)


async def announce(session: AsyncSession, order: WorkOrder, *, kind: WorkOrderEventKind,
                   previous: WorkOrderStatus | None = None) -> None:
    await outbox.emit(
        session, topic=WORK_ORDER_CHANGED, aggregate_type="WorkOrder", aggregate_id=order.id,
        payload={"workOrderId": order.id, "number": order.number, "kind": str(kind),
                 "from": None if previous is None else str(previous), "to": str(order.status)},
    )


async def announce_rescheduled(session: AsyncSession, moved: list[Any]) -> None:
    """Work orders whose start or finish a reschedule moved (rows with id, number, status):
    planners' boards follow them. Queued, so all go in the commit's one outbox insert."""
    for row in moved:
        await outbox.emit(
            session, topic=WORK_ORDER_CHANGED, aggregate_type="WorkOrder", aggregate_id=row.id,
            payload={"workOrderId": row.id, "number": row.number,
                     "kind": str(WorkOrderEventKind.RESCHEDULED), "from": str(row.status),
                     "to": str(row.status)},
        )
