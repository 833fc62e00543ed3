"""Announcing committed changes: rows written in the same transaction as the change."""

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import OutboxEvent

NOTIFY_CHANNEL = "erp_outbox"

# Topics: what changed. Payloads carry ids and figures, never customer data of others.
STOCK_CHANGED = "stock.changed"
STOCK_RESERVED = "stock.reserved"
ORDER_STATUS_CHANGED = "order.status_changed"
RECALL_INITIATED = "recall.initiated"


async def emit(
    session: AsyncSession,
    *,
    topic: str,
    aggregate_type: str,
    aggregate_id: int,
    payload: dict[str, Any],
    customer_id: int | None = None,
) -> OutboxEvent:
    event = OutboxEvent(
        topic=topic,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        payload=payload,
        customer_id=customer_id,
    )
    session.add(event)
    await session.flush()
    # Delivered only if the transaction commits; listeners then read rows after their cursor.
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": NOTIFY_CHANNEL, "payload": str(event.id)},
    )
    return event
