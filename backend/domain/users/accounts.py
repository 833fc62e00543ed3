"""Creating and changing accounts (users.manage), and a user's own password change.

A password an administrator sets (on creation or reset) is temporary: until the user
chooses their own, their token opens only `viewer` and `changePassword`. Deactivating an
account or resetting its password raises its session version, which ends every token
issued before (backend.auth.sessions).
"""

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import exists, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.passwords import hash_password, verify_password
from backend.db.models import Customer, User, UserRole
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit
from backend.domain.users import policy, rules
from backend.domain.users.changes import announce, roles_of, snapshot
from backend.enums import AuditAction, Role

ROLES = ("input", "roles")
CUSTOMER = ("input", "customerId")
USER_ID = ("input", "userId")


def _email(email: str | None) -> str | None:
    email = None if email is None else email.strip()
    return email or None


async def _customer_problems(session: AsyncSession, customer_id: int | None) -> list[Problem]:
    if customer_id is None or await session.scalar(
            select(exists().where(Customer.id == customer_id))):
        return []
    return [Problem(ErrorCode.NOT_FOUND, "No such customer.", CUSTOMER)]


async def _user(session: AsyncSession, user_id: int, field: Sequence[str] = USER_ID) -> User:
    user = await session.get(User, user_id, with_for_update=True)
    if user is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such user.", field)
    return user


async def _set_roles(session: AsyncSession, user_id: int, roles: Sequence[str]) -> None:
    for row in await session.scalars(select(UserRole).where(UserRole.user_id == user_id)):
        await session.delete(row)
    await session.flush()
    session.add_all(UserRole(user_id=user_id, role=Role(r)) for r in sorted(set(roles)))
    await session.flush()


async def create_user(
    session: AsyncSession, *, actor: Actor, username: str, display_name: str,
    email: str | None, roles: Sequence[Role | str], customer_id: int | None, password: str,
) -> User:
    email = _email(email)
    held = sorted({str(r) for r in roles})
    minimum = (await policy.current(session)).min_password_length
    problems = [
        *rules.username_problems(username, ("input", "username")),
        *rules.display_name_problems(display_name, ("input", "displayName")),
        *rules.email_problems(email, ("input", "email")),
        *rules.role_problems(held, customer_id, roles_field=ROLES, customer_field=CUSTOMER),
        *rules.password_problems(password, minimum, ("input", "password")),
    ]
    if not problems:
        problems = await _customer_problems(session, customer_id)
    if problems:
        raise DomainError(problems)
    if await session.scalar(select(exists().where(User.username == username))):
        raise DomainError.single(ErrorCode.DUPLICATE, f"The username {username} is taken.",
                                 ("input", "username"))
    user = User(username=username, display_name=display_name.strip(), email=email,
                password_hash=await asyncio.to_thread(hash_password, password),
                is_active=True, customer_id=customer_id, password_change_required=True,
                failed_login_count=0, session_version=0)
    session.add(user)
    await session.flush()
    await _set_roles(session, user.id, held)
    await announce(session, user, actor_id=actor.user_id, action=AuditAction.USER_CREATED,
                   changes=audit.created(**snapshot(user, held)))
    return user


async def update_user(
    session: AsyncSession, *, actor: Actor, user_id: int, display_name: str | None,
    email: str | None, roles: Sequence[Role | str] | None, customer_id: int | None,
) -> User:
    """Change what is given; a user who stops being a partner loses the customer binding."""
    user = await _user(session, user_id)
    old_roles = await roles_of(session, user_id)
    before = snapshot(user, old_roles)
    new_roles = old_roles if roles is None else sorted({str(r) for r in roles})
    is_partner = Role.PARTNER.value in new_roles
    new_customer = (customer_id if customer_id is not None else user.customer_id) \
        if is_partner else customer_id
    problems: list[Problem] = []
    if display_name is not None:
        problems += rules.display_name_problems(display_name, ("input", "displayName"))
    if email is not None:
        problems += rules.email_problems(_email(email), ("input", "email"))
    problems += rules.role_problems(new_roles, new_customer, roles_field=ROLES,
                                    customer_field=CUSTOMER)
    if (actor.user_id == user_id and Role.ADMIN.value in old_roles
            and Role.ADMIN.value not in new_roles):
        problems.append(Problem(ErrorCode.INVALID, "You cannot take the ADMIN role from "
                                "yourself.", ROLES))
    if not problems:
        problems = await _customer_problems(session, new_customer)
    if problems:
        raise DomainError(problems)
    if display_name is not None:
        user.display_name = display_name.strip()
    if email is not None:
        user.email = _email(email)
    user.customer_id = new_customer
    if new_roles != old_roles:
        await _set_roles(session, user_id, new_roles)
    await session.flush()
    changes = audit.diff(before, snapshot(user, new_roles))
    if changes:
        await announce(session, user, actor_id=actor.user_id, action=AuditAction.USER_UPDATED,
                       changes=changes)
    return user


async def deactivate_user(session: AsyncSession, *, actor: Actor, user_id: int,
                          reason: str) -> User:
    reason = reason.strip()
    if not reason:
        raise DomainError.single(ErrorCode.INVALID, "Say why the account is deactivated.",
                                 ("input", "reason"))
    if actor.user_id == user_id:
        raise DomainError.single(ErrorCode.INVALID, "You cannot deactivate yourself.", USER_ID)
    user = await _user(session, user_id)
    if not user.is_active:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION, "The account is inactive "
                                 "already.", USER_ID)
    user.is_active = False
    user.session_version += 1  # its tokens end now
    await session.flush()
    await announce(session, user, actor_id=actor.user_id, action=AuditAction.USER_DEACTIVATED,
                   changes={"active": (True, False)}, reason=reason)
    return user


async def reactivate_user(session: AsyncSession, *, actor: Actor, user_id: int) -> User:
    user = await _user(session, user_id, ("userId",))
    if user.is_active:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION, "The account is active.",
                                 ("userId",))
    user.is_active = True
    await session.flush()
    await announce(session, user, actor_id=actor.user_id, action=AuditAction.USER_REACTIVATED,
                   changes={"active": (False, True)})
    return user


async def _unlock(session: AsyncSession, user: User, actor: Actor, reason: str | None) -> None:
    changes = {"lockedAt": (user.locked_at, None),
               "failedLoginCount": (user.failed_login_count, 0)}
    user.locked_at, user.failed_login_count = None, 0
    # The failures that locked it also emptied the username's sign-in rate bucket: an
    # unlocked user signs in at once instead of waiting for it to refill.
    await session.execute(
        text("DELETE FROM rate_limit_buckets WHERE key LIKE 'login-user/%' "
             "AND substr(key, strpos(key, ':') + 1) = :name"),
        {"name": user.username.casefold()})
    await session.flush()
    await announce(session, user, actor_id=actor.user_id, action=AuditAction.USER_UNLOCKED,
                   changes=changes, reason=reason)


async def unlock_user(session: AsyncSession, *, actor: Actor, user_id: int) -> User:
    user = await _user(session, user_id, ("userId",))
    if user.locked_at is None:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION, "The account is not locked.",
                                 ("userId",))
    await _unlock(session, user, actor, None)
    return user


async def reset_user_password(session: AsyncSession, *, actor: Actor, user_id: int,
                              password: str) -> User:
    minimum = (await policy.current(session)).min_password_length
    if problems := rules.password_problems(password, minimum, ("input", "password")):
        raise DomainError(problems)
    user = await _user(session, user_id)
    if user.locked_at is not None:
        await _unlock(session, user, actor, "password reset")
    before = user.password_change_required
    user.password_hash = await asyncio.to_thread(hash_password, password)
    user.password_change_required = True
    user.session_version += 1  # tokens issued with the old password end now
    await session.flush()
    await announce(session, user, actor_id=actor.user_id, action=AuditAction.USER_PASSWORD_RESET,
                   changes={"passwordChangeRequired": (before, True),
                            "passwordSetAt": (None, datetime.now(UTC))})
    return user


async def change_password(session: AsyncSession, *, actor: Actor, current_password: str,
                          new_password: str) -> User:
    """The signed-in user replaces their own password (a temporary one, or their own)."""
    assert actor.user_id is not None
    user = await _user(session, actor.user_id, ("input",))
    if not await asyncio.to_thread(verify_password, user.password_hash, current_password):
        raise DomainError.single(ErrorCode.INVALID, "The current password is wrong.",
                                 ("input", "currentPassword"))
    minimum = (await policy.current(session)).min_password_length
    problems = rules.password_problems(new_password, minimum, ("input", "newPassword"))
    if not problems and new_password == current_password:
        problems = [Problem(ErrorCode.INVALID, "Choose a password other than the current one.",
                            ("input", "newPassword"))]
    if problems:
        raise DomainError(problems)
    before = user.password_change_required
    user.password_hash = await asyncio.to_thread(hash_password, new_password)
    user.password_change_required = False
    await session.flush()
    await announce(session, user, actor_id=actor.user_id,
                   action=AuditAction.USER_PASSWORD_CHANGED,
                   changes={"passwordChangeRequired": (before, False),
                            "passwordSetAt": (None, datetime.now(UTC))})
    return user
