"""Approval policy in one place: which approvals an order needs, and who may decide them.

Which: the active `approval_rules` rows measured against the order's facts
(largest discount, credit exposure); submitting an order and previewing one both
call `needed_approvals`, so a preview names exactly what submit will ask for.

Who: an approval is the actor's to decide when it is PENDING on an order waiting
for approval, the actor holds its required role (ADMIN holds every role), the order
is in the actor's reach, and the actor did not create the order (nobody approves
their own order). `may_decide` checks one approval, `decidable_by` is the same rule
as SQL (the approvals inbox), and `decide_approval` refuses what `may_decide` would.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy import ColumnElement, and_, exists, select, true
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.domain import access
from backend.domain.actor import Actor
from backend.domain.rules import approval_rules
from backend.domain.rules.pricing import effective_discount
from backend.domain.sales.credit import CreditPosition
from backend.enums import ApprovalStatus, OrderStatus, Role

approvals_t = m.Approval.__table__
orders_t = m.SalesOrder.__table__
rules_t = m.ApprovalRule.__table__

# The states in which an approval waits for a decision.
DECIDABLE_APPROVAL = ApprovalStatus.PENDING
DECIDABLE_ORDER = OrderStatus.PENDING_APPROVAL


# --- who decides --------------------------------------------------------------


def holds_required_role(actor: Actor, required_role: str) -> bool:
    return actor.has_role(required_role)


def is_own_order(actor: Actor, created_by_id: int | None) -> bool:
    return actor.user_id is not None and actor.user_id == created_by_id


def may_decide(
    actor: Actor,
    *,
    approval_status: str,
    required_role: str,
    order_status: str,
    order_customer_id: int,
    order_created_by_id: int | None,
) -> bool:
    """Whether this actor may decide this approval now."""
    return (
        approval_status == DECIDABLE_APPROVAL
        and order_status == DECIDABLE_ORDER
        and holds_required_role(actor, required_role)
        and access.may_act_for(actor, order_customer_id)
        and not is_own_order(actor, order_created_by_id)
    )


def decidable_by(actor: Actor) -> ColumnElement[bool]:
    """SQL over `approvals` joined with `sales_orders`: the rule of `may_decide`."""
    if Role.ADMIN.value in actor.roles:
        role: ColumnElement[bool] = true()
    else:
        role = approvals_t.c.required_role.in_(sorted(actor.roles))
    not_own: ColumnElement[bool] = (
        true() if actor.user_id is None else orders_t.c.created_by_id.is_distinct_from(
            actor.user_id
        )
    )
    return and_(
        approvals_t.c.status == DECIDABLE_APPROVAL,
        orders_t.c.status == DECIDABLE_ORDER,
        role,
        access.owned_by(actor, orders_t.c.customer_id),
        not_own,
    )


def awaiting_decision_by(actor: Actor) -> ColumnElement[bool]:
    """SQL over `sales_orders`: the order has an approval this actor may decide (the inbox)."""
    return exists().where(approvals_t.c.order_id == orders_t.c.id, decidable_by(actor))


# --- which approvals ------------------------------------------------------------


class PricedLike(Protocol):
    @property
    def list_price(self) -> Decimal: ...
    @property
    def unit_price(self) -> Decimal: ...
    @property
    def discount_percent(self) -> Decimal: ...


@dataclass(frozen=True, slots=True)
class NeededApproval:
    rule: str
    required_role: Role
    reason: str


def order_facts(
    lines: Iterable[PricedLike], order_total: Decimal, credit: CreditPosition
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
    )


async def active_rules(db: AsyncSession | AsyncConnection) -> list[approval_rules.Rule]:
    rows = await db.execute(
        select(rules_t.c.code, rules_t.c.kind, rules_t.c.threshold, rules_t.c.required_role)
        .where(rules_t.c.active)
        .order_by(rules_t.c.id)
    )
    return [approval_rules.Rule(r.code, r.kind, r.threshold, r.required_role) for r in rows]


async def needed_approvals(
    db: AsyncSession | AsyncConnection, facts: approval_rules.OrderFacts
) -> list[NeededApproval]:
    """The approvals an order with these facts waits for on submit, in rule order."""
    return explain(approval_rules.triggered(await active_rules(db), facts), facts)


def explain(
    rules: Sequence[approval_rules.Rule], facts: approval_rules.OrderFacts
) -> list[NeededApproval]:
    return [
        NeededApproval(rule.code, Role(rule.required_role), approval_rules.reason(rule, facts))
        for rule in rules
    ]
