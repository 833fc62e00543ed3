"""Changing who may do what: a role's permission codes and the separation-of-duties rules.

Each change is audited with before and after, announced on the outbox
(`access.changed`: every server process drops its cache of role permissions) and takes
effect on the next request.
"""

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import RolePermission, SeparationOfDutiesRule
from backend.domain.access_control import separation
from backend.domain.access_control.catalogue import BY_CODE, PARTNER_MAY_HOLD
from backend.domain.access_control.grants import ACCESS_CHANGED
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction, Role

MAX_DESCRIPTION = 300
MAX_CODE = 64


def role_entity_id(role: Role) -> int:
    """The audit trail's id of a role's permission list: its place in the Role enum."""
    return list(Role).index(role) + 1


def permission_problems(role: Role, codes: Sequence[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, code in enumerate(codes):
        field = ("input", "permissions", str(i))
        permission = BY_CODE.get(code)
        if permission is None:
            problems.append(Problem(ErrorCode.INVALID, f"No permission {code!r}.", field))
        elif code in seen:
            problems.append(Problem(ErrorCode.INVALID, f"{code} is listed twice.", field))
        elif role == Role.ADMIN and permission.business:
            problems.append(Problem(
                ErrorCode.INVALID,
                f"{code} is business authority; ADMIN holds system permissions only.", field))
        elif role == Role.PARTNER and code not in PARTNER_MAY_HOLD:
            problems.append(Problem(
                ErrorCode.INVALID,
                f"A partner holds at most {', '.join(sorted(PARTNER_MAY_HOLD))}.", field))
        seen.add(code)
    return problems


async def role_permissions(session: AsyncSession, role: Role) -> list[str]:
    return sorted(await session.scalars(
        select(RolePermission.permission_code).where(RolePermission.role == role)))


async def set_role_permissions(
    session: AsyncSession, *, actor: Actor, role: Role, codes: Sequence[str],
    reason: str | None = None,
) -> list[str]:
    """Replace the role's codes; the codes it holds now, sorted."""
    problems = permission_problems(role, codes)
    if problems:
        raise DomainError(problems)
    before = await role_permissions(session, role)
    after = sorted(codes)
    await session.execute(delete(RolePermission).where(RolePermission.role == role))
    session.add_all(RolePermission(role=role, permission_code=code) for code in after)
    await session.flush()
    entity_id = role_entity_id(role)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.ROLE_PERMISSIONS_SET,
        entity_type="RolePermissions", entity_id=entity_id,
        changes={"role": (role.value, role.value), "permissions": (before, after)},
        reason=reason,
    )
    await _announce(session, "RolePermissions", entity_id,
                    {"role": role.value, "permissions": after})
    return after


def _rule_problems(
    code: str | None, description: str | None, first: str | None, second: str | None
) -> list[Problem]:
    problems: list[Problem] = []
    if code is not None and (not code or len(code) > MAX_CODE):
        problems.append(Problem(ErrorCode.INVALID, "Give the rule a code of at most "
                                f"{MAX_CODE} characters.", ("input", "code")))
    if description is not None and (not description or len(description) > MAX_DESCRIPTION):
        problems.append(Problem(ErrorCode.INVALID, "Describe the rule in at most "
                                f"{MAX_DESCRIPTION} characters.", ("input", "description")))
    for value, name in ((first, "firstPermission"), (second, "secondPermission")):
        if value is not None and value not in BY_CODE:
            problems.append(Problem(ErrorCode.INVALID, f"No permission {value!r}.",
                                    ("input", name)))
    if first is not None and first == second:
        problems.append(Problem(ErrorCode.INVALID, "A rule separates two different "
                                "permissions.", ("input", "secondPermission")))
    elif (first in BY_CODE and second in BY_CODE and first is not None and second is not None
          and not separation.is_checked(first, second)):
        pairs = "; ".join(" / ".join(sorted(p)) for p in sorted(
            separation.CHECKED_PAIRS, key=sorted))
        problems.append(Problem(
            ErrorCode.INVALID, f"Nobody records who performs both {first} and {second} on "
            f"one order or lot, so the rule could not be kept. Rules pair: {pairs}.",
            ("input", "secondPermission")))
    return problems


async def create_rule(
    session: AsyncSession, *, actor: Actor, code: str, description: str,
    first_permission: str, second_permission: str, active: bool = True,
    reason: str | None = None,
) -> SeparationOfDutiesRule:
    code, description = code.strip(), description.strip()
    problems = _rule_problems(code, description, first_permission, second_permission)
    if problems:
        raise DomainError(problems)
    if await session.scalar(
            select(SeparationOfDutiesRule.id).where(SeparationOfDutiesRule.code == code)):
        raise DomainError.single(ErrorCode.DUPLICATE, f"A rule {code} exists already.",
                                 ("input", "code"))
    rule = SeparationOfDutiesRule(code=code, description=description,
                                  first_permission=first_permission,
                                  second_permission=second_permission, active=active)
    session.add(rule)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SEPARATION_RULE_CREATED,
        entity_type="SeparationOfDutiesRule", entity_id=rule.id,
        changes=audit.created(code=code, description=description,
                              first_permission=first_permission,
                              second_permission=second_permission, active=active),
        reason=reason,
    )
    await _announce(session, "SeparationOfDutiesRule", rule.id, {"code": code})
    return rule


async def update_rule(
    session: AsyncSession, *, actor: Actor, rule_id: int,
    description: str | None = None, active: bool | None = None, reason: str | None = None,
) -> SeparationOfDutiesRule:
    rule = await session.get(SeparationOfDutiesRule, rule_id, with_for_update=True)
    if rule is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such rule.", ("input", "ruleId"))
    description = None if description is None else description.strip()
    problems = _rule_problems(None, description, None, None)
    if problems:
        raise DomainError(problems)
    before = {"description": rule.description, "active": rule.active}
    if description is not None:
        rule.description = description
    if active is not None:
        rule.active = active
    await session.flush()
    after = {"description": rule.description, "active": rule.active}
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SEPARATION_RULE_UPDATED,
        entity_type="SeparationOfDutiesRule", entity_id=rule.id,
        changes=audit.diff(before, after), reason=reason,
    )
    await _announce(session, "SeparationOfDutiesRule", rule.id, {"code": rule.code})
    return rule


async def _announce(
    session: AsyncSession, aggregate_type: str, aggregate_id: int, payload: dict[str, object]
) -> None:
    await outbox.emit(session, topic=ACCESS_CHANGED, aggregate_type=aggregate_type,
                      aggregate_id=aggregate_id, payload=dict(payload))
