"""Failed sign-ins in a row lock an account until an administrator unlocks it.

This is a rule of the account, beside the shared per-username and per-address rate limits
of the sign-in endpoint (backend.security.login_limits), which slow guessing but forget.
"""

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import User
from backend.domain.users import policy
from backend.domain.users.changes import announce
from backend.enums import AuditAction


async def record_failed_sign_in(sessionmaker: async_sessionmaker[AsyncSession],
                                user_id: int) -> bool:
    """Count a wrong password for an active account; True when this failure locked it."""
    async with sessionmaker() as session, session.begin():
        user = await session.get(User, user_id, with_for_update=True)
        if user is None or user.locked_at is not None:
            return False
        limit = (await policy.current(session)).max_failed_logins
        user.failed_login_count += 1
        if user.failed_login_count < limit:
            return False
        user.locked_at = datetime.now(UTC)
        await session.flush()
        await announce(
            session, user, actor_id=None, action=AuditAction.USER_LOCKED,
            changes={"lockedAt": (None, user.locked_at),
                     "failedLoginCount": (user.failed_login_count - 1, user.failed_login_count)},
            reason=f"{user.failed_login_count} failed sign-ins in a row",
        )
        return True
