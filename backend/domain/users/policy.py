"""The security policy of accounts: failures that lock one, the shortest password."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import SecuritySetting
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction

DEFAULT_MAX_FAILED_LOGINS = 5
DEFAULT_MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS_RANGE = (1, 100)
MIN_PASSWORD_LENGTH_RANGE = (8, 128)
POLICY_CHANGED = "security_policy.changed"


@dataclass(frozen=True, slots=True)
class SecurityPolicy:
    max_failed_logins: int
    min_password_length: int


async def current(session: AsyncSession, *, for_update: bool = False) -> SecurityPolicy:
    stmt = select(SecuritySetting.max_failed_logins, SecuritySetting.min_password_length).where(
        SecuritySetting.id == 1)
    row = (await session.execute(stmt.with_for_update() if for_update else stmt)).first()
    if row is None:  # a database whose row was removed by hand: the documented defaults
        return SecurityPolicy(DEFAULT_MAX_FAILED_LOGINS, DEFAULT_MIN_PASSWORD_LENGTH)
    return SecurityPolicy(row.max_failed_logins, row.min_password_length)


async def update(
    session: AsyncSession, *, actor: Actor, max_failed_logins: int | None,
    min_password_length: int | None,
) -> SecurityPolicy:
    problems = []
    for value, (low, high), name, what in (
        (max_failed_logins, MAX_FAILED_LOGINS_RANGE, "maxFailedLogins", "Failed sign-ins"),
        (min_password_length, MIN_PASSWORD_LENGTH_RANGE, "minPasswordLength",
         "The shortest password"),
    ):
        if value is not None and not low <= value <= high:
            problems.append(Problem(ErrorCode.INVALID, f"{what} must be from {low} to {high}.",
                                    ("input", name)))
    if problems:
        raise DomainError(problems)
    before = await current(session, for_update=True)
    after = SecurityPolicy(
        before.max_failed_logins if max_failed_logins is None else max_failed_logins,
        before.min_password_length if min_password_length is None else min_password_length,
    )
    setting = await session.get(SecuritySetting, 1)
    if setting is None:
        setting = SecuritySetting(id=1)
        session.add(setting)
    setting.max_failed_logins = after.max_failed_logins
    setting.min_password_length = after.min_password_length
    setting.updated_by_id = actor.user_id
    await session.flush()
    changes = audit.diff(
        {"maxFailedLogins": before.max_failed_logins,
         "minPasswordLength": before.min_password_length},
        {"maxFailedLogins": after.max_failed_logins,
         "minPasswordLength": after.min_password_length},
    )
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.SECURITY_POLICY_UPDATED,
                       entity_type="SecurityPolicy", entity_id=1, changes=changes)
    await outbox.emit(session, topic=POLICY_CHANGED, aggregate_type="SecurityPolicy",
                      aggregate_id=1, payload=audit.stored_changes(changes))
    return after
