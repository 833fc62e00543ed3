"""Approval rules as data (ADMIN): conditions that must all hold, and ordered levels of
roles approving in parallel. DISCOUNT_OVER_10 and CREDIT_LIMIT are such rules."""

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import ApprovalRule
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.rules.approval_rules import Conditions
from backend.domain.trust import audit
from backend.enums import AuditAction, Role

# Who may sit in a chain: staff who decide orders, never partners or the ADMIN role.
NOT_APPROVERS = (Role.PARTNER, Role.ADMIN)
HUNDRED = Decimal(100)


def rule_problems(
    conditions: Conditions | None, levels: Sequence[Sequence[Role]] | None
) -> list[Problem]:
    problems: list[Problem] = []
    if conditions is not None:
        at = ("input", "conditions")
        if conditions.empty:
            problems.append(Problem(ErrorCode.INVALID, "A rule needs at least one condition.",
                                    at))
        pct = conditions.discount_above_percent
        if pct is not None and not (pct.is_finite() and 0 <= pct <= HUNDRED):
            problems.append(Problem(ErrorCode.INVALID, "The discount is a percentage from 0 to "
                                    "100.", (*at, "discountAbovePercent")))
        total = conditions.min_order_total
        if total is not None and not (total.is_finite() and total >= 0):
            problems.append(Problem(ErrorCode.INVALID, "The minimum total is at least 0.",
                                    (*at, "minOrderTotal")))
    if levels is not None:
        if not levels:
            problems.append(Problem(ErrorCode.INVALID, "A rule needs at least one level.",
                                    ("input", "levels")))
        for i, roles in enumerate(levels):
            level_at = ("input", "levels", str(i), "requiredRoles")
            if not roles:
                problems.append(Problem(ErrorCode.INVALID, f"Level {i + 1} names no role.",
                                        level_at))
            elif any(Role(r) in NOT_APPROVERS for r in roles):
                problems.append(Problem(ErrorCode.INVALID, f"Level {i + 1}: partners and "
                                        "admins do not approve orders.", level_at))
    return problems


def _levels(levels: Sequence[Sequence[Role]]) -> list[list[str]]:
    return [sorted({str(r) for r in roles}) for roles in levels]


async def create_rule(
    session: AsyncSession,
    *,
    actor: Actor,
    code: str,
    description: str,
    conditions: Conditions,
    levels: Sequence[Sequence[Role]],
) -> ApprovalRule:
    code, description = code.strip(), description.strip()
    problems = rule_problems(conditions, levels)
    if not code or len(code) > 64:
        problems.append(Problem(ErrorCode.INVALID, "Give the rule a code.", ("input", "code")))
    if not description or len(description) > 300:
        problems.append(Problem(ErrorCode.INVALID, "Describe the rule.",
                                ("input", "description")))
    if problems:
        raise DomainError(problems)
    if await session.scalar(select(ApprovalRule.id).where(ApprovalRule.code == code)):
        raise DomainError.single(ErrorCode.DUPLICATE, f"A rule {code} exists already.",
                                 ("input", "code"))
    rule = ApprovalRule(code=code, description=description, conditions=conditions.stored(),
                        levels=_levels(levels), active=True)
    session.add(rule)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.APPROVAL_RULE_CREATED,
        entity_type="ApprovalRule", entity_id=rule.id,
        changes=audit.created(code=code, description=description, conditions=rule.conditions,
                              levels=rule.levels),
    )
    return rule


async def update_rule(
    session: AsyncSession,
    *,
    actor: Actor,
    rule_id: int,
    description: str | None = None,
    conditions: Conditions | None = None,
    levels: Sequence[Sequence[Role]] | None = None,
    active: bool | None = None,
) -> ApprovalRule:
    rule = await session.get(ApprovalRule, rule_id, with_for_update=True)
    if rule is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such rule.", ("input", "ruleId"))
    problems = rule_problems(conditions, levels)
    if description is not None and (not description.strip() or len(description) > 300):
        problems.append(Problem(ErrorCode.INVALID, "Describe the rule.",
                                ("input", "description")))
    if problems:
        raise DomainError(problems)
    before = {"description": rule.description, "conditions": dict(rule.conditions),
              "levels": list(rule.levels), "active": rule.active}
    if description is not None:
        rule.description = description.strip()
    if conditions is not None:
        rule.conditions = conditions.stored()
    if levels is not None:
        rule.levels = _levels(levels)
    if active is not None:
        rule.active = active
    await session.flush()
    after = {"description": rule.description, "conditions": rule.conditions,
             "levels": rule.levels, "active": rule.active}
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.APPROVAL_RULE_UPDATED,
        entity_type="ApprovalRule", entity_id=rule.id, changes=audit.diff(before, after),
    )
    return rule
