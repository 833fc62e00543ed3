"""The commit section: a transaction's queued outbox and audit events, written just before it
commits, in two statements at most.

Both queues (`outbox.emit`, `audit.record`) are written under one transaction-level advisory
lock, taken after every row lock of the transaction and released by PostgreSQL only once the
commit is visible (see the two modules for why that orders ids and the chain by commit).
The first statement takes the lock, notifies the outbox listeners, reads the audit chain's
head and inserts the outbox rows: `erp_commit_lock` (migration 0031) is a VOLATILE function,
so its read of the head runs on a fresh snapshot taken after the lock was granted, exactly as
a separate statement after the lock would; the outbox rows are inserted only after the lock
is held (their source waits on it). The second statement inserts the chained audit events,
whose hashes need the head in Python.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Select,
    String,
    Text,
    cast,
    column,
    event,
    exists,
    func,
    insert,
    literal,
    select,
    values,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from backend.db.models import OutboxEvent
from backend.domain.trust import audit, outbox

_OUTBOX_COLUMNS = ("topic", "aggregate_type", "aggregate_id", "customer_id", "payload")


def section_statement(events: list[outbox.QueuedEvent]) -> Select[Any]:
    """Lock (and notify, when there are events), insert the events, answer the audit head."""
    channel = outbox.NOTIFY_CHANNEL if events else None
    locked = select(func.erp_commit_lock(
        literal(outbox.OUTBOX_WRITE_LOCK, BigInteger), literal(channel, Text),
    ).table_valued(
        column("head_now", DateTime(timezone=True)), column("head_hash", Text),
        column("head_at", DateTime(timezone=True)),
    )).cte("locked")
    head = select(locked.c.head_now.label("now"), locked.c.head_hash.label("hash"),
                  locked.c.head_at.label("occurred_at"))
    if not events:
        return head
    rows = values(
        column("topic", String), column("aggregate_type", String),
        column("aggregate_id", BigInteger), column("customer_id", BigInteger),
        column("payload", JSONB), name="queued",
    ).data([(e.topic, e.aggregate_type, e.aggregate_id, e.customer_id, e.payload)
            for e in events])
    # In emit order (one scan of the VALUES list), and only once the lock is held.
    # Cast: a column of NULLs only (no customer) would otherwise be text.
    source = select(*(cast(rows.c[name], rows.c[name].type) for name in _OUTBOX_COLUMNS)).where(
        exists(select(locked.c.head_now)))
    written = insert(OutboxEvent).from_select(list(_OUTBOX_COLUMNS), source).cte("written")
    return head.add_cte(written)


@event.listens_for(Session, "before_commit")
def _write_queued(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint is released: its events wait for the real commit
    events = outbox.take_queued(session)
    chained = audit.take_queued(session)
    if not events and not chained:
        return
    # Row locks first (a pending flush), the commit lock last: it cannot deadlock with them.
    session.flush()
    head = session.execute(section_statement(events)).one()
    if chained:
        audit.chain(session, chained, head)
