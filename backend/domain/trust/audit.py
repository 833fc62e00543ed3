"""Writing and reading the audit trail. Every mutation calls `record` inside its own transaction.

`changes` is always {field: [before, after]} with JSON values, so that earlier values
stay readable (21 CFR 11.10(e)): before is None for a created record or a newly set
field, after is None for a removed one. `created`, `deleted` and `diff` build it.

Chaining at commit. There is one chain for the whole database: each event's hash
covers the previous event's hash (by id) and its own canonical form. `record`
does not touch the chain: it queues the event on the session. Just before the
transaction commits, the queued events are chained and inserted under a
transaction-level advisory lock that PostgreSQL releases only once the commit
is visible (the outbox's lock: one lock orders both, so there is no lock order
to get wrong; `backend.domain.trust.commit` writes both queues). Writers
therefore no longer serialise for their whole transaction, only for the insert
and the commit itself.

Why this is still tamper-evident: under the lock the head is read, the new
events get the next ids, link to the head and are committed before anyone else
may read the head, so the chain in id order is exactly the commit order and no
two transactions can link to the same head (the chain cannot fork). Each event
is dated (`occurred_at`) from the database's clock at that moment, never before
its predecessor, so dates rise along the chain. `erp audit verify` walks it by
id: an edited event no longer matches its hash; a deleted one breaks its
successor's link; swapped (reordered) events break the link of the first of
them; an event inserted in the middle breaks its successor's link, and one
appended with a correct link but an earlier date (a back-dated insert) is
dated before its predecessor. Each is reported at the first event that does
not fit. (Someone who can disable the trigger could still rehash and re-date
the tail: keep the head's hash outside the database, docs/operations.md.)
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from backend.db.models import AuditEvent
from backend.domain.rules.hashchain import GENESIS, chain_hash
from backend.domain.trust.outbox import OUTBOX_WRITE_LOCK
from backend.enums import AuditAction

# One chain for the whole database: the head is read and extended under this lock,
# taken at commit and held only for the insert and the commit (the outbox's lock).
AUDIT_CHAIN_LOCK = OUTBOX_WRITE_LOCK
_QUEUE = "audit.queued"

Change = tuple[Any, Any]
"""(before, after) of one field."""


def created(**values: Any) -> dict[str, Change]:
    """The changes of a new record (or of newly set facts): every field from None."""
    return {name: (None, value) for name, value in values.items()}


def deleted(**values: Any) -> dict[str, Change]:
    """The changes of a removed record: every field to None."""
    return {name: (value, None) for name, value in values.items()}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Change]:
    """The fields whose value differs between two snapshots of a record."""
    names = sorted(set(before) | set(after))
    return {
        name: (before.get(name), after.get(name))
        for name in names
        if json_value(before.get(name)) != json_value(after.get(name))
    }


def json_value(value: Any) -> Any:
    """A value as stored in the trail: money as exact decimal text, dates in ISO form."""
    if isinstance(value, Enum):
        return json_value(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((json_value(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    raise TypeError(f"cannot audit a {type(value).__name__} value")


def stored_changes(changes: Mapping[str, Change] | None) -> dict[str, list[Any]]:
    """`changes` in the stored form, checked: every field maps to a (before, after) pair."""
    stored: dict[str, list[Any]] = {}
    for name, pair in (changes or {}).items():
        if not isinstance(name, str) or not isinstance(pair, tuple | list) or len(pair) != 2:
            raise TypeError(f"audit change {name!r} is not a (before, after) pair: {pair!r}")
        stored[name] = [json_value(pair[0]), json_value(pair[1])]
    return stored


def audit_fields(event: AuditEvent) -> dict[str, Any]:
    """The fields the hash covers, in the form they are stored."""
    return {
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "action": event.action,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "reason": event.reason,
        "changes": event.changes,
    }


async def record(
    session: AsyncSession,
    *,
    actor_id: int | None,
    action: AuditAction,
    entity_type: str,
    entity_id: int | None,
    changes: Mapping[str, Change] | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Append one event to the chain when the transaction commits (see the module docstring);
    `changes` maps each field to (before, after). The event has its id, date and hash once
    the transaction has committed."""
    stored = stored_changes(changes)
    event = AuditEvent(
        actor_id=actor_id,
        # The plain string: the hash must see what the database will give back.
        action=str(action),
        entity_type=entity_type,
        entity_id=entity_id,
        reason=reason,
        changes=stored,
    )
    sync_session = session.sync_session
    transaction = sync_session.get_nested_transaction() or sync_session.get_transaction()
    sync_session.info.setdefault(_QUEUE, []).append((event, transaction))
    await session.flush()
    return event


def take_queued(session: Session) -> list[tuple[AuditEvent, SessionTransaction | None]]:
    """The transaction's queued events, for the commit section (`backend.domain.trust.commit`)
    to chain; the queue is emptied."""
    queued: list[tuple[AuditEvent, SessionTransaction | None]] = session.info.pop(_QUEUE, [])
    return queued


def chain(session: Session, queue: list[tuple[AuditEvent, SessionTransaction | None]],
          head: Any) -> None:
    """Link the queued events to `head` (its `now`, `hash`, `occurred_at`, read under the
    commit lock) and insert them."""
    prev, previous_at = head.hash or GENESIS, head.occurred_at
    # The database's clock, never before the head: dates rise along the chain. Microsecond
    # precision survives the round trip through timestamptz unchanged.
    at = head.now if previous_at is None else max(head.now, previous_at)
    for event, _transaction in queue:
        event.occurred_at = at.astimezone(UTC)
        event.prev_hash = prev
        event.hash = prev = chain_hash(prev, audit_fields(event))
        session.add(event)
    session.flush()


@orm_event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back_events(session: Session, previous_transaction: SessionTransaction) -> None:
    queue: list[tuple[AuditEvent, SessionTransaction | None]] | None = session.info.get(_QUEUE)
    if queue:
        queue[:] = [(e, t) for e, t in queue if not _within(t, previous_transaction)]


@orm_event.listens_for(Session, "after_transaction_end")
def _forget_events(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_QUEUE, None)


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


# --- reading ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's value before and after, each as JSON text (None: no value)."""

    field: str
    before: str | None
    after: str | None


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _pair(value: Any) -> tuple[Any, Any]:
    if isinstance(value, list) and len(value) == 2:
        return value[0], value[1]
    # Events written before the trail settled on pairs: {"from", "to"} or a plain set value.
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        return value["from"], value["to"]
    return None, value


def field_changes(stored: Mapping[str, Any] | None) -> list[FieldChange]:
    """The stored `changes` of an event, one entry per field, sorted by field name."""
    changes = []
    for name in sorted(stored or {}):
        before, after = _pair((stored or {})[name])
        changes.append(FieldChange(name, _json_text(before), _json_text(after)))
    return changes
