"""Writing and reading the audit trail. Every mutation calls `record` inside its own transaction.

`changes` is always {field: [before, after]} with JSON values, so that earlier values
stay readable (21 CFR 11.10(e)): before is None for a created record or a newly set
field, after is None for a removed one. `created`, `deleted` and `diff` build it.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import AuditEvent
from backend.domain.rules.hashchain import GENESIS, chain_hash
from backend.enums import AuditAction

# One chain for the whole database: writers take this lock so the head cannot fork.
AUDIT_CHAIN_LOCK = 0x41554454  # "AUDT"

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
    """Append one event to the chain; `changes` maps each field to (before, after)."""
    stored = stored_changes(changes)
    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_CHAIN_LOCK})
    prev = await session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    # Microsecond precision survives the round trip through timestamptz unchanged.
    event = AuditEvent(
        occurred_at=datetime.now(UTC),
        actor_id=actor_id,
        # The plain string: the hash must see what the database will give back.
        action=str(action),
        entity_type=entity_type,
        entity_id=entity_id,
        reason=reason,
        changes=stored,
        prev_hash=prev or GENESIS,
    )
    event.hash = chain_hash(event.prev_hash, audit_fields(event))
    session.add(event)
    await session.flush()
    return event


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
