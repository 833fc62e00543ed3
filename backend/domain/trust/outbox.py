"""Announcing committed changes: rows written in the same transaction as the change.

Readers (subscriptions, webhooks) follow the outbox by id: "every row after my
cursor". That is only safe if ids become visible in id order. An identity id
is taken at insert, not at commit, so two concurrent transactions could commit
ids 11 then 10, and a reader that already moved past 11 would never see 10.

So `emit` only queues the event on the session; the queued rows are inserted
just before the transaction commits, under a transaction-level advisory lock
that PostgreSQL releases only once the commit is visible. Ids are therefore
taken in commit order and every committed id below a visible one is visible
too. The lock is taken last, after every row lock of the transaction, so it
cannot deadlock with them, and it is held only for the insert and the commit
itself (transactions that NOTIFY already serialise their commits in
PostgreSQL, so this adds little). Taking the lock at the first `emit` instead
would hold it across the rest of the transaction and deadlock multi-row stock
changes that lock balances in between.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from backend.db.models import OutboxEvent

NOTIFY_CHANNEL = "erp_outbox"
# Held from the insert of a transaction's events until its commit.
OUTBOX_WRITE_LOCK = 0x4F555458  # "OUTX"

# Topics: what changed. Payloads carry ids and figures, never customer data of others.
STOCK_CHANGED = "stock.changed"
STOCK_RESERVED = "stock.reserved"
ORDER_STATUS_CHANGED = "order.status_changed"
RECALL_INITIATED = "recall.initiated"
INVOICE_CHANGED = "invoice.changed"  # finance desk
# change control: an order version was written (amendment, short-close).
ORDER_VERSION_CREATED = "order.version_created"
TOPICS = (STOCK_CHANGED, STOCK_RESERVED, ORDER_STATUS_CHANGED, RECALL_INITIATED,
          ORDER_VERSION_CREATED)

_QUEUE = "outbox.queued"
_LOCKED = "outbox.commit_locked"
_NOTIFIED = "outbox.notified"


@dataclass(frozen=True, slots=True)
class QueuedEvent:
    topic: str
    aggregate_type: str
    aggregate_id: int
    payload: dict[str, Any]
    customer_id: int | None
    # The (sub)transaction it was emitted in: a rolled-back savepoint takes its events along.
    transaction: SessionTransaction | None


async def emit(
    session: AsyncSession,
    *,
    topic: str,
    aggregate_type: str,
    aggregate_id: int,
    payload: dict[str, Any],
    customer_id: int | None = None,
) -> None:
    """Announce a change; the event is written when (and only if) the transaction commits."""
    sync_session = session.sync_session
    queue: list[QueuedEvent] = sync_session.info.setdefault(_QUEUE, [])
    queue.append(
        QueuedEvent(
            topic=topic,
            aggregate_type=aggregate_type,
            aggregate_id=aggregate_id,
            payload=payload,
            customer_id=customer_id,
            transaction=sync_session.get_nested_transaction() or sync_session.get_transaction(),
        )
    )


@event.listens_for(Session, "before_commit")
def _write_queued_events(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint is released: its events wait for the real commit
    queue: list[QueuedEvent] = session.info.pop(_QUEUE, [])
    if not queue:
        return
    # Listeners wake up and read every row after their cursor; the notification is only a
    # hint, and PostgreSQL sends it at commit, so it goes with the lock in one statement.
    # Row locks first (a pending flush), this lock last: it cannot deadlock with them.
    session.flush()
    take_commit_lock(session, notify=True)
    session.execute(
        # NULLs rendered, not left out: one INSERT for all, not one per set of columns.
        insert(OutboxEvent).execution_options(render_nulls=True),
        [
            {
                "topic": e.topic,
                "aggregate_type": e.aggregate_type,
                "aggregate_id": e.aggregate_id,
                "payload": e.payload,
                "customer_id": e.customer_id,
            }
            for e in queue
        ],
    )


async def wake_listeners(session: AsyncSession) -> None:
    """Have every listener (and so every webhook worker) look again once this commits, for a
    change that is not an event: a delivery made due again, say."""
    await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})


def take_commit_lock(session: Session, *, notify: bool = False) -> None:
    """Take OUTBOX_WRITE_LOCK (once per transaction; the audit chain takes it too)."""
    info = session.info
    if info.get(_LOCKED) and not (notify and not info.get(_NOTIFIED)):
        return
    if notify and not info.get(_NOTIFIED):
        session.execute(
            text("SELECT pg_advisory_xact_lock(:k), pg_notify(:channel, '')"),
            {"k": OUTBOX_WRITE_LOCK, "channel": NOTIFY_CHANNEL},
        )
        info[_NOTIFIED] = True
    else:
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": OUTBOX_WRITE_LOCK})
    info[_LOCKED] = True


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back_events(session: Session, previous_transaction: SessionTransaction) -> None:
    queue: list[QueuedEvent] | None = session.info.get(_QUEUE)
    if queue:
        queue[:] = [e for e in queue if not _within(e.transaction, previous_transaction)]


@event.listens_for(Session, "after_transaction_end")
def _forget_events(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_QUEUE, None)
        session.info.pop(_LOCKED, None)
        session.info.pop(_NOTIFIED, None)


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False
