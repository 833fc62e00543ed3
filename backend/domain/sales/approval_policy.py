"""Approval policy in one place: which approvals an order needs, and who may decide them.

Which: the active `approval_rules` rows (conditions that must all hold, ordered levels of
roles) measured against the order's facts; submitting, amending and previewing an order
all call `needed_approvals`, so a preview names exactly what submit will ask for.

Who: an approval is the actor's to decide when it is PENDING on an order waiting for
approval, every lower level of its rule is APPROVED, the actor holds the permission
order.approve and its required role (ADMIN is no business role) or decides it for a
delegator who does (an active delegation), the order is in the actor's reach, and neither
the actor nor that delegator wrote the order version it was asked for while an active
separation-of-duties rule (order.create or order.amend against order.approve) says so.
`may_decide` checks one approval, `decidable_by` is the same rule as SQL (the approvals
inbox and `availableActions`), and `decide_approval` refuses what `may_decide` would.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy import ColumnElement, and_, any_, exists, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.domain import access
from backend.domain.access_control import separation
from backend.domain.actor import Actor
from backend.domain.rules import approval_rules
from backend.domain.rules.pricing import effective_discount
from backend.domain.sales.credit import CreditPosition
from backend.enums import ApprovalStatus, OrderStatus, Role

approvals_t = m.Approval.__table__
orders_t = m.SalesOrder.__table__
rules_t = m.ApprovalRule.__table__
delegations_t = m.ApprovalDelegation.__table__
users_t = m.User.__table__

APPROVE, CREATE, AMEND = "order.approve", "order.create", "order.amend"
# The states in which an approval waits for a decision.
DECIDABLE_APPROVAL = ApprovalStatus.PENDING
DECIDABLE_ORDER = OrderStatus.PENDING_APPROVAL


# --- who decides --------------------------------------------------------------


def holds_required_role(actor: Actor, required_role: str) -> bool:
    """The approval's role, held by the actor itself (ADMIN decides no approval), with the
    permission to decide approvals."""
    return actor.holds_role(required_role) and actor.has_permission(APPROVE)


def is_own_order(actor: Actor, created_by_id: int | None) -> bool:
    return actor.user_id is not None and actor.user_id == created_by_id


def authorship(order_version: int) -> str:
    """What the author of an order version did: created the order, or amended it."""
    return CREATE if order_version <= 1 else AMEND


def author_may_decide(order_version: int) -> bool:
    """No active separation rule keeps the author of this version from approving it."""
    return separation.forbidding_rule(APPROVE, (authorship(order_version),)) is None


def may_decide(
    actor: Actor,
    *,
    approval_status: str,
    required_role: str,
    order_status: str,
    order_customer_id: int,
    order_created_by_id: int | None,
    lower_levels_approved: bool = True,
    delegated_by: int | None = None,
    order_version: int = 1,
) -> bool:
    """Whether this actor may decide this approval now (`delegated_by`: the delegator whose
    role the actor uses, when the actor does not hold it; `order_created_by_id`: the author
    of the version the approval was asked for)."""
    return (
        approval_status == DECIDABLE_APPROVAL
        and order_status == DECIDABLE_ORDER
        and lower_levels_approved
        and (holds_required_role(actor, required_role) or delegated_by is not None)
        and access.may_act_for(actor, order_customer_id)
        and (author_may_decide(order_version) or (
            not is_own_order(actor, order_created_by_id)
            and (delegated_by is None or delegated_by != order_created_by_id)))
    )


def active_delegation(on: date | None = None) -> ColumnElement[bool]:
    """SQL over `approval_delegations`: in force on that day (today by default)."""
    day = on or datetime.now(UTC).date()
    return and_(
        delegations_t.c.ended_at.is_(None),
        delegations_t.c.valid_from <= day,
        delegations_t.c.valid_until >= day,
    )


def lower_levels_pending() -> ColumnElement[bool]:
    """SQL over `approvals`: some lower level of the same rule and version is not APPROVED."""
    lower = approvals_t.alias("lower_level")
    return exists().where(
        lower.c.order_id == approvals_t.c.order_id,
        lower.c.order_version == approvals_t.c.order_version,
        lower.c.rule == approvals_t.c.rule,
        lower.c.level < approvals_t.c.level,
        lower.c.status != ApprovalStatus.APPROVED,
    )


def decidable_by(actor: Actor) -> ColumnElement[bool]:
    """SQL over `approvals` joined with `sales_orders`: the rule of `may_decide`."""
    if not actor.has_permission(APPROVE):
        return false()
    if actor.all_permissions:
        role: ColumnElement[bool] = true()
    elif actor.has_permission(APPROVE):
        role = approvals_t.c.required_role.in_(sorted(actor.roles))
    else:
        role = false()
    if actor.user_id is not None and not actor.is_partner:
        delegators = users_t.alias("delegator")
        delegated = exists().where(
            delegations_t.c.delegate_id == actor.user_id,
            active_delegation(),
            delegators.c.id == delegations_t.c.delegator_id,
            delegators.c.is_active,
            approvals_t.c.required_role == any_(delegations_t.c.roles),
            delegations_t.c.delegator_id.is_distinct_from(approvals_t.c.requested_by_id),
        )
        role = or_(role, delegated)
    not_own: ColumnElement[bool] = (
        true() if actor.user_id is None
        else approvals_t.c.requested_by_id.is_distinct_from(actor.user_id)
    )
    # Authors of a version may decide it only where no active rule separates the two.
    if author_may_decide(1):
        not_own = or_(not_own, approvals_t.c.order_version <= 1)
    if author_may_decide(2):
        not_own = or_(not_own, approvals_t.c.order_version > 1)
    return and_(
        approvals_t.c.status == DECIDABLE_APPROVAL,
        orders_t.c.status == DECIDABLE_ORDER,
        ~lower_levels_pending(),
        role,
        access.owned_by(actor, orders_t.c.customer_id),
        not_own,
    )


def awaiting_decision_by(actor: Actor) -> ColumnElement[bool]:
    """SQL over `sales_orders`: the order has an approval this actor may decide (the inbox)."""
    return exists().where(approvals_t.c.order_id == orders_t.c.id, decidable_by(actor))


async def delegations_to(
    db: AsyncSession | AsyncConnection, actor: Actor
) -> dict[str, int]:
    """{role: delegator id} the actor may use today through active delegations."""
    if actor.user_id is None or actor.is_partner:
        return {}
    rows = await db.execute(
        select(delegations_t.c.delegator_id, delegations_t.c.roles)
        .join(users_t, users_t.c.id == delegations_t.c.delegator_id)
        .where(delegations_t.c.delegate_id == actor.user_id, active_delegation(),
               users_t.c.is_active)
        .order_by(delegations_t.c.id)
    )
    found: dict[str, int] = {}
    for row in rows:
        for role in row.roles:
            found.setdefault(role, row.delegator_id)
    return found


# --- which approvals ------------------------------------------------------------


class PricedLike(Protocol):
    @property
    def list_price(self) -> Decimal: ...
    @property
    def unit_price(self) -> Decimal: ...
    @property
    def discount_percent(self) -> Decimal: ...
    @property
    def product_id(self) -> int: ...


@dataclass(frozen=True, slots=True)
class NeededApproval:
    rule: str
    required_role: Role
    reason: str
    level: int = 1


def order_facts(
    lines: Iterable[PricedLike],
    order_total: Decimal,
    credit: CreditPosition,
    *,
    device_classes: Iterable[str] = (),
    region: str | None = None,
) -> approval_rules.OrderFacts:
    """What the approval rules measure, of stored order lines or freshly priced ones alike."""
    return approval_rules.OrderFacts(
        max_discount=max(
            (effective_discount(li.list_price, li.unit_price, li.discount_percent) for li in lines),
            default=Decimal(0),
        ),
        order_total=order_total,
        open_receivables=credit.open_receivables,
        credit_limit=credit.credit_limit,
        uninvoiced_orders=credit.uninvoiced_orders,
        device_classes=frozenset(str(c) for c in device_classes),
        region=region,
    )


async def device_classes_of(
    db: AsyncSession | AsyncConnection, product_ids: Iterable[int]
) -> set[str]:
    ids = sorted(set(product_ids))
    if not ids:
        return set()
    rows = await db.execute(
        select(m.Product.__table__.c.device_class).where(m.Product.__table__.c.id.in_(ids))
    )
    return {str(r[0]) for r in rows}


async def facts_of(
    db: AsyncSession | AsyncConnection,
    lines: Sequence[PricedLike],
    order_total: Decimal,
    credit: CreditPosition,
    region: str | None,
) -> approval_rules.OrderFacts:
    """`order_facts`, with the device classes of the lines' products read."""
    classes = await device_classes_of(db, (li.product_id for li in lines))
    return order_facts(lines, order_total, credit, device_classes=classes, region=region)


def rule_of(row: object) -> approval_rules.Rule:
    return approval_rules.Rule(
        row.code,  # type: ignore[attr-defined]
        approval_rules.Conditions.of(row.conditions),  # type: ignore[attr-defined]
        tuple(tuple(level) for level in row.levels),  # type: ignore[attr-defined]
    )


async def active_rules(db: AsyncSession | AsyncConnection) -> list[approval_rules.Rule]:
    rows = await db.execute(
        select(rules_t.c.code, rules_t.c.conditions, rules_t.c.levels)
        .where(rules_t.c.active)
        .order_by(rules_t.c.id)
    )
    return [rule_of(r) for r in rows]


async def needed_approvals(
    db: AsyncSession | AsyncConnection, facts: approval_rules.OrderFacts
) -> list[NeededApproval]:
    """The approvals an order with these facts waits for on submit: every role of every
    level of each triggered rule, in rule order, level 1 first."""
    return explain(approval_rules.triggered(await active_rules(db), facts), facts)


def explain(
    rules: Sequence[approval_rules.Rule], facts: approval_rules.OrderFacts
) -> list[NeededApproval]:
    return [
        NeededApproval(rule.code, Role(role), approval_rules.reason(rule, facts), level)
        for rule in rules
        for level, roles in enumerate(rule.levels, start=1)
        for role in roles
    ]
