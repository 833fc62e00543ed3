"""How a change to an account is recorded: an audit event (before/after, never a password
hash) and a `user.changed` outbox event, on which every process forgets the user's cached
state (backend.auth.sessions)."""

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import User, UserRole
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction

USER_CHANGED = "user.changed"


async def roles_of(session: AsyncSession, user_id: int) -> list[str]:
    rows = await session.scalars(select(UserRole.role).where(UserRole.user_id == user_id))
    return sorted(str(role) for role in rows)


def snapshot(user: User, roles: Iterable[str]) -> dict[str, Any]:
    """The audited facts of an account; the password hash is never among them."""
    return {
        "username": user.username, "displayName": user.display_name, "email": user.email,
        "roles": sorted(roles), "customerId": user.customer_id, "active": user.is_active,
        "lockedAt": user.locked_at, "passwordChangeRequired": user.password_change_required,
    }


async def announce(
    session: AsyncSession, user: User, *, actor_id: int | None, action: AuditAction,
    changes: Mapping[str, audit.Change], reason: str | None = None,
) -> None:
    await audit.record(session, actor_id=actor_id, action=action, entity_type="User",
                       entity_id=user.id, changes=changes, reason=reason)
    await outbox.emit(session, topic=USER_CHANGED, aggregate_type="User", aggregate_id=user.id,
                      payload={"userId": user.id, "action": str(action)},
                      customer_id=user.customer_id)
