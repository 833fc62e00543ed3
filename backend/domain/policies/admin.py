"""Setting and deactivating configuration policies (config.edit), audited and announced."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import ConfigPolicy, TransitLane
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction, ConfigPolicyKind, DeviceClass

# Announced on every change, as other state changes are.
POLICY_CHANGED = "config_policy.changed"
MAX_DAYS = 36500
TEXT_LIMITS = {"productLine": 64, "region": 64, "description": 300}


def value_problem(kind: ConfigPolicyKind, value: str) -> Problem | None:
    """The value in its stored form is well typed for the kind."""
    at = ("input", "value")
    if kind == ConfigPolicyKind.MIN_SHELF_LIFE_DAYS:
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_DAYS:
            return Problem(ErrorCode.INVALID, "Minimum shelf life is a whole number of days "
                           f"from 0 to {MAX_DAYS}.", at)
    elif value not in ("true", "false"):
        return Problem(ErrorCode.INVALID, 'An implant card policy is "true" or "false".', at)
    return None


def normalised(kind: ConfigPolicyKind, value: str) -> str:
    text = value.strip()
    if kind == ConfigPolicyKind.MIN_SHELF_LIFE_DAYS and text.isascii() and text.isdigit():
        return str(int(text))  # "0180" is 180
    return text.lower() if kind == ConfigPolicyKind.IMPLANT_CARD else text


def _optional(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


def _snapshot(policy: ConfigPolicy) -> dict[str, Any]:
    return {"kind": policy.kind, "product_line": policy.product_line,
            "device_class": policy.device_class, "region": policy.region,
            "value": policy.value, "description": policy.description, "active": policy.active}


async def set_policy(
    session: AsyncSession,
    *,
    actor: Actor,
    kind: ConfigPolicyKind,
    value: str,
    product_line: str | None = None,
    device_class: DeviceClass | None = None,
    region: str | None = None,
    description: str | None = None,
) -> ConfigPolicy:
    """Creates the policy for these keys, or replaces the value of the active one."""
    product_line, region = _optional(product_line), _optional(region)
    description = _optional(description)
    value = normalised(kind, value)
    problems = [p for p in [value_problem(kind, value)] if p is not None]
    for name, text in (("productLine", product_line), ("region", region),
                       ("description", description)):
        if text is not None and len(text) > TEXT_LIMITS[name]:
            problems.append(Problem(ErrorCode.INVALID, f"At most {TEXT_LIMITS[name]} "
                                    "characters.", ("input", name)))
    if region is not None and not await session.scalar(
            select(exists().where(TransitLane.region == region))):
        problems.append(Problem(ErrorCode.INVALID, f"No warehouse has a transit lane to "
                                f"region {region}.", ("input", "region")))
    if problems:
        raise DomainError(problems)
    policy = await session.scalar(
        select(ConfigPolicy).where(
            ConfigPolicy.active, ConfigPolicy.kind == kind,
            _same(ConfigPolicy.product_line, product_line),
            _same(ConfigPolicy.device_class, device_class),
            _same(ConfigPolicy.region, region),
        ).with_for_update()
    )
    now = datetime.now(UTC)
    if policy is None:
        policy = ConfigPolicy(kind=kind, product_line=product_line, device_class=device_class,
                              region=region, value=value, description=description,
                              active=True, updated_at=now, updated_by_id=actor.user_id)
        session.add(policy)
        await session.flush()
        changes = audit.created(**_snapshot(policy))
    else:
        before = _snapshot(policy)
        policy.value = value
        if description is not None:
            policy.description = description
        policy.updated_at, policy.updated_by_id = now, actor.user_id
        await session.flush()
        changes = audit.diff(before, _snapshot(policy))
    # The description says why the value is what it is.
    await _recorded(session, actor, policy, AuditAction.CONFIG_POLICY_SET, changes,
                    policy.description)
    return policy


async def deactivate_policy(
    session: AsyncSession, *, actor: Actor, policy_id: int, reason: str
) -> ConfigPolicy:
    reason = reason.strip()
    if not reason or len(reason) > 500:
        raise DomainError.single(ErrorCode.INVALID, "Give a reason (at most 500 characters).",
                                 ("reason",))
    policy = await session.get(ConfigPolicy, policy_id, with_for_update=True)
    if policy is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such policy.", ("policyId",))
    if not policy.active:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION, "The policy is inactive "
                                 "already.", ("policyId",))
    policy.active = False
    policy.updated_at, policy.updated_by_id = datetime.now(UTC), actor.user_id
    await session.flush()
    await _recorded(session, actor, policy, AuditAction.CONFIG_POLICY_DEACTIVATED,
                    {"active": (True, False)}, reason)
    return policy


def _same(column: Any, value: object) -> Any:
    return column.is_(None) if value is None else column == value


async def _recorded(session: AsyncSession, actor: Actor, policy: ConfigPolicy,
                    action: AuditAction, changes: dict[str, Any], reason: str | None) -> None:
    await audit.record(session, actor_id=actor.user_id, action=action,
                       entity_type="ConfigPolicy", entity_id=policy.id, changes=changes,
                       reason=reason)
    await outbox.emit(session, topic=POLICY_CHANGED, aggregate_type="ConfigPolicy",
                      aggregate_id=policy.id,
                      payload={"kind": str(policy.kind), "active": policy.active})
