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

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

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


def take_queued(session: Session) -> list[QueuedEvent]:
    """The transaction's queued events, for the commit section (`backend.domain.trust.commit`)
    to write; the queue is emptied."""
    queued: list[QueuedEvent] = session.info.pop(_QUEUE, [])
    return queued


async def wake_listeners(session: AsyncSession) -> None:
    """Have every listener (and so every webhook worker) look again once this commits, for a
    change that is not an event: a delivery made due again, say."""
    await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back_events(session: Session, previous_transaction: SessionTransaction) -> None:
    queue: list[QueuedEvent] | None = session.info.get(_QUEUE)
    if queue:
        queue[:] = [e for e in queue if not _within(e.transaction, previous_transaction)]


@event.listens_for(Session, "after_transaction_end")
def _forget_events(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_QUEUE, None)


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False
