"""Writing to the audit trail. Every mutation calls `record` inside its own transaction."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import AuditEvent
from backend.domain.rules.hashchain import GENESIS, chain_hash

# One chain for the whole database: writers take this lock so the head cannot fork.
AUDIT_CHAIN_LOCK = 0x41554454  # "AUDT"


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
    action: str,
    entity_type: str,
    entity_id: int | None,
    changes: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AuditEvent:
    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_CHAIN_LOCK})
    prev = await session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    # Microsecond precision survives the round trip through timestamptz unchanged.
    event = AuditEvent(
        occurred_at=datetime.now(UTC),
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        reason=reason,
        changes=changes or {},
        prev_hash=prev or GENESIS,
    )
    event.hash = chain_hash(event.prev_hash, audit_fields(event))
    session.add(event)
    await session.flush()
    return event
