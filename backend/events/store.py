"""Reading committed outbox rows in id order (ids are taken in commit order, see domain/outbox)."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.db.models import OutboxEvent, OutboxPosition

outbox_t = OutboxEvent.__table__
positions_t = OutboxPosition.__table__

# Rows per read: a reader catching up takes several reads rather than one huge one.
PAGE = 500
# The highest event id removed by pruning; cursors at or below it cannot resume.
PRUNED = "pruned"


@dataclass(slots=True, eq=False)
class Event:
    id: int
    topic: str
    occurred_at: datetime
    aggregate_type: str
    aggregate_id: int
    customer_id: int | None
    payload: dict[str, Any]
    # Per-scope values computed once per event and shared by its subscribers (e.g. loaders).
    shared: dict[Any, Any] = field(default_factory=dict, repr=False)



SQL_AFTER = """
SELECT id, topic, occurred_at, aggregate_type, aggregate_id, customer_id, payload
FROM outbox_events WHERE id > $1 ORDER BY id LIMIT $2
"""
SQL_LAST_ID = "SELECT coalesce(max(id), 0) FROM outbox_events"


async def read_after(
    conn: AsyncConnection,
    after: int,
    *,
    topics: Collection[str] | None = None,
    customer_id: int | None = None,
    limit: int = PAGE,
) -> Sequence[Event]:
    """Committed events after `after`, oldest first, optionally of some topics or one customer."""
    stmt = select(outbox_t).where(outbox_t.c.id > after).order_by(outbox_t.c.id).limit(limit)
    if topics is not None:
        stmt = stmt.where(outbox_t.c.topic.in_(topics))
    if customer_id is not None:
        stmt = stmt.where(outbox_t.c.customer_id == customer_id)
    return [Event(**row._mapping) for row in (await conn.execute(stmt)).all()]


async def pruned_through(conn: AsyncConnection) -> int:
    value = await conn.scalar(select(positions_t.c.event_id).where(positions_t.c.name == PRUNED))
    return int(value or 0)
