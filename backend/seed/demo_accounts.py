"""Demo accounts in the states an administrator meets: one deactivated, one locked.

Both have the demo password; neither can sign in until an administrator reactivates or
unlocks it (screens Users: Unlock; mutation reactivateUser).
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.passwords import hash_password
from backend.db.models import User, UserRole
from backend.domain.trust import audit
from backend.domain.users import policy
from backend.domain.users.changes import snapshot
from backend.enums import AuditAction, Role

PASSWORD = "demo1234"  # the demo users' password (demo_data.py)
DEACTIVATED = ("former.sales", "Jonas Brandt (left)", "jonas.brandt@medilane.example",
               Role.SALES)
LOCKED = ("locked.warehouse", "Mara Lind", "mara.lind@medilane.example", Role.WAREHOUSE)


async def load_account_states(session: AsyncSession) -> None:
    now = datetime.now(UTC)
    password_hash = hash_password(PASSWORD)
    made = {}
    for username, display, email, role in (DEACTIVATED, LOCKED):
        user = User(username=username, display_name=display, email=email,
                    password_hash=password_hash, is_active=True, failed_login_count=0,
                    password_change_required=False, session_version=0,
                    created_at=now - timedelta(days=200))
        session.add(user)
        await session.flush()
        session.add(UserRole(user_id=user.id, role=role))
        await session.flush()
        await audit.record(session, actor_id=None, action=AuditAction.USER_CREATED,
                           entity_type="User", entity_id=user.id,
                           changes=audit.created(**snapshot(user, [role.value])))
        made[username] = user
    former = made[DEACTIVATED[0]]
    former.is_active, former.session_version = False, 1
    await audit.record(session, actor_id=None, action=AuditAction.USER_DEACTIVATED,
                       entity_type="User", entity_id=former.id,
                       changes={"active": (True, False)}, reason="Left the company")
    locked = made[LOCKED[0]]
    locked.failed_login_count = policy.DEFAULT_MAX_FAILED_LOGINS
    locked.locked_at = now - timedelta(hours=3)
    await audit.record(session, actor_id=None, action=AuditAction.USER_LOCKED,
                       entity_type="User", entity_id=locked.id,
                       changes={"lockedAt": (None, locked.locked_at),
                                "failedLoginCount": (0, locked.failed_login_count)},
                       reason=f"{locked.failed_login_count} failed sign-ins in a row")
    await session.flush()
