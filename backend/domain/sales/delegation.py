"""Delegating approvals: a staff user lets another active staff user decide, for a
period, the approvals that ask for roles the delegator holds. The delegate decides in
their own name and signature, on behalf of the delegator; separation of duties holds
for both (approval_policy.py)."""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import ApprovalDelegation, User, UserRole
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit
from backend.enums import AuditAction, Role

# The roles that decide approvals (a chain never names PARTNER or ADMIN).
APPROVING = tuple(r for r in Role if r not in (Role.PARTNER, Role.ADMIN))


async def _roles_of(session: AsyncSession, user_id: int) -> set[str]:
    return {str(r) for r in await session.scalars(
        select(UserRole.role).where(UserRole.user_id == user_id))}


async def may_be_delegate(session: AsyncSession, user: User | None, delegator_id: int) -> bool:
    return (user is not None and user.is_active and user.customer_id is None
            and user.id != delegator_id
            and Role.PARTNER.value not in await _roles_of(session, user.id))


async def delegate_approvals(
    session: AsyncSession,
    *,
    actor: Actor,
    delegate_id: int,
    roles: Sequence[Role] | None,
    valid_from: date,
    valid_until: date,
) -> ApprovalDelegation:
    if actor.user_id is None or actor.is_partner:
        raise DomainError.single(ErrorCode.INVALID, "Only staff delegate approvals.")
    held = {r for r in actor.roles if r in {a.value for a in APPROVING}}
    wanted = {str(r) for r in roles} if roles is not None else held
    problems: list[Problem] = []
    if not wanted or not wanted <= held:
        problems.append(Problem(ErrorCode.INVALID, "You can only delegate approving roles "
                                "you hold.", ("input", "roles")))
    if valid_until < valid_from:
        problems.append(Problem(ErrorCode.INVALID, "The delegation ends before it starts.",
                                ("input", "validUntil")))
    if valid_until < datetime.now(UTC).date():
        problems.append(Problem(ErrorCode.INVALID, "The delegation would be over already.",
                                ("input", "validUntil")))
    delegate = await session.get(User, delegate_id)
    if delegate_id == actor.user_id:
        problems.append(Problem(ErrorCode.INVALID, "You cannot delegate to yourself.",
                                ("input", "delegateId")))
    elif not await may_be_delegate(session, delegate, actor.user_id):
        problems.append(Problem(ErrorCode.INVALID, "Delegate to another active staff user.",
                                ("input", "delegateId")))
    if problems:
        raise DomainError(problems)
    delegation = ApprovalDelegation(delegator_id=actor.user_id, delegate_id=delegate_id,
                                    roles=sorted(wanted), valid_from=valid_from,
                                    valid_until=valid_until)
    session.add(delegation)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.APPROVALS_DELEGATED,
        entity_type="ApprovalDelegation", entity_id=delegation.id,
        changes=audit.created(delegate_id=delegate_id, roles=delegation.roles,
                              valid_from=valid_from, valid_until=valid_until),
    )
    return delegation


async def end_delegation(
    session: AsyncSession, *, actor: Actor, delegation_id: int
) -> ApprovalDelegation:
    delegation = await session.get(ApprovalDelegation, delegation_id, with_for_update=True)
    admin = actor.is_admin
    if delegation is None or not (admin or actor.user_id in (delegation.delegator_id,
                                                             delegation.delegate_id)):
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such delegation.", ("delegationId",))
    if delegation.ended_at is not None:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION, "The delegation has ended.",
                                 ("delegationId",))
    delegation.ended_at = datetime.now(UTC)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.APPROVAL_DELEGATION_ENDED,
        entity_type="ApprovalDelegation", entity_id=delegation.id,
        changes={"ended_at": (None, delegation.ended_at)},
    )
    return delegation


def delegate_candidates_statement(actor: Actor) -> Select[Any]:
    """Users the actor may delegate to: active staff, not the actor, no partner."""
    partner = exists().where(UserRole.user_id == User.id, UserRole.role == Role.PARTNER)
    return (select(User.id).where(User.is_active, User.customer_id.is_(None),
                                  User.id != (actor.user_id or 0), ~partner)
            .order_by(User.username))
