"""Approval chains as data (ADMIN) and delegating approvals."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.rules.approval_rules import Conditions
from backend.domain.sales import approval_chains, delegation
from backend.resolvers import orders_change as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.common import UserError, payload
from backend.schema.enums import DeviceClass, Role
from backend.schema.permissions import requires, staff_only
from backend.schema.requests import as_request

if TYPE_CHECKING:
    from backend.schema.parties.types import User

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]


@strawberry.type
class OrderApprovalConditions:
    min_order_total: Decimal | None = strawberry.field(
        description="The order total (with tax) is at least this.")
    discount_above_percent: Decimal | None = strawberry.field(
        description="Some line's effective discount is above this percentage.")
    device_classes: list[DeviceClass] | None = strawberry.field(
        description="Some line's product is of one of these classes.")
    customer_regions: list[str] | None = strawberry.field(
        description="The delivery region (ship-to, else the customer's) is one of these.")
    exceeds_credit_limit: bool | None = strawberry.field(
        description="Credit exposure (open receivables plus approved, not yet invoiced orders) "
        "plus this order exceeds the credit limit.")


@strawberry.type(description="One level of a chain: every role listed must approve (in "
                 "parallel, any order).")
class OrderApprovalLevel:
    level: int
    required_roles: list[Role]


@strawberry.type(description="A rule triggers when all its conditions hold; its levels are then "
                 "asked in order.")
class OrderApprovalRule(FromRow, Node):
    code: str
    description: str
    active: bool
    stored_conditions: strawberry.Private[dict[str, Any]]
    stored_levels: strawberry.Private[list[list[str]]]

    @classmethod
    def from_row(cls, row: Any) -> "OrderApprovalRule":
        rule = super().from_row(row)
        rule.stored_conditions = rule.__dict__.pop("conditions") or {}
        rule.stored_levels = rule.__dict__.pop("levels") or []
        return rule

    @strawberry.field
    def conditions(self) -> OrderApprovalConditions:
        c = Conditions.of(self.stored_conditions)
        return OrderApprovalConditions(
            min_order_total=c.min_order_total, discount_above_percent=c.discount_above_percent,
            device_classes=None if c.device_classes is None
            else [DeviceClass(x) for x in c.device_classes],
            customer_regions=None if c.customer_regions is None else list(c.customer_regions),
            exceeds_credit_limit=c.exceeds_credit_limit)

    @strawberry.field
    def levels(self) -> list[OrderApprovalLevel]:
        return [OrderApprovalLevel(level=i, required_roles=[Role(r) for r in roles_])
                for i, roles_ in enumerate(self.stored_levels, start=1)]


@strawberry.input
class OrderApprovalConditionsInput:
    min_order_total: Decimal | None = None
    discount_above_percent: Decimal | None = None
    device_classes: list[DeviceClass] | None = None
    customer_regions: list[str] | None = None
    exceeds_credit_limit: bool | None = None

    def to_domain(self) -> Conditions:
        return Conditions(
            min_order_total=self.min_order_total,
            discount_above_percent=self.discount_above_percent,
            device_classes=None if not self.device_classes
            else tuple(str(c) for c in self.device_classes),
            customer_regions=None if not self.customer_regions
            else tuple(r.strip() for r in self.customer_regions if r.strip()) or None,
            exceeds_credit_limit=self.exceeds_credit_limit or None)


@strawberry.input
class OrderApprovalLevelInput:
    required_roles: list[Role]


@strawberry.input
class CreateOrderApprovalRuleInput:
    code: str
    description: str
    conditions: OrderApprovalConditionsInput
    levels: list[OrderApprovalLevelInput] = strawberry.field(description="Level 1 first.")
    idempotency_key: str | None = None


@strawberry.input
class UpdateOrderApprovalRuleInput:
    rule_id: strawberry.ID
    description: str | None = None
    conditions: OrderApprovalConditionsInput | None = None
    levels: list[OrderApprovalLevelInput] | None = None
    active: bool | None = None


@strawberry.type
class OrderApprovalRulePayload:
    rule: OrderApprovalRule | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="While active, the delegate may decide approvals that ask for the "
                 "delegator's roles listed here.")
class ApprovalDelegation(FromRow, Node):
    roles: list[Role]
    valid_from: date
    valid_until: date
    ended_at: datetime | None
    delegator_id: strawberry.Private[int]
    delegate_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Any) -> "ApprovalDelegation":
        made = super().from_row(row)
        made.roles = [Role(r) for r in made.roles]
        return made

    @strawberry.field
    async def delegator(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.delegator_id))

    @strawberry.field
    async def delegate(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.delegate_id))

    @strawberry.field(description="Today is within validFrom..validUntil and it has not been "
                      "ended.")
    def active(self) -> bool:
        today = datetime.now(UTC).date()
        return self.ended_at is None and self.valid_from <= today <= self.valid_until


@strawberry.input
class DelegateApprovalsInput:
    delegate_id: strawberry.ID
    roles: list[Role] | None = strawberry.field(
        default=None, description="Omit to delegate every approving role the delegator holds.")
    valid_from: date
    valid_until: date
    idempotency_key: str | None = None


@strawberry.type
class ApprovalDelegationPayload:
    delegation: ApprovalDelegation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


# --- root fields ------------------------------------------------------------------


@strawberry.field(extensions=staff_only())
async def order_approval_rules(
    info: Info, include_inactive: bool | None = False
) -> list[OrderApprovalRule]:
    return OrderApprovalRule.many(await reads.approval_rules(info.context, bool(include_inactive)))


@strawberry.field(description="Delegations given or received by the viewer (every delegation "
                  "for ADMIN).", extensions=staff_only())
async def approval_delegations(
    info: Info, active_on: date | None = None
) -> list[ApprovalDelegation]:
    return ApprovalDelegation.many(await reads.delegations(info.context, active_on))


@strawberry.field(description="Staff users the viewer may delegate approvals to.",
                  extensions=staff_only())
async def approval_delegate_candidates(info: Info) -> list[UserT]:
    ids = await reads.delegate_candidates(info.context)
    return [u for u in graphs("User", [
        r for r in await info.context.loaders.user_by_id.load_many(ids) if r is not None])]


def _levels(levels: list[OrderApprovalLevelInput] | None) -> list[list[Role]] | None:
    return None if levels is None else [list(level.required_roles) for level in levels]


@strawberry.mutation(extensions=requires("config.edit"))
async def create_order_approval_rule(
    info: Info, input: CreateOrderApprovalRuleInput
) -> OrderApprovalRulePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        rule = await approval_chains.create_rule(
            s, actor=actor, code=input.code, description=input.description,
            conditions=input.conditions.to_domain(), levels=_levels(input.levels) or [])
        return {"rule": ref("OrderApprovalRule", rule.id)}

    return payload(OrderApprovalRulePayload, await run_mutation(
        info.context, action, operation="createOrderApprovalRule",
        idempotency_key=input.idempotency_key,
        request={k: str(v) for k, v in as_request(input).items()}))


@strawberry.mutation(extensions=requires("config.edit"))
async def update_order_approval_rule(
    info: Info, input: UpdateOrderApprovalRuleInput
) -> OrderApprovalRulePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        rule = await approval_chains.update_rule(
            s, actor=actor, rule_id=input_pk(input.rule_id, "OrderApprovalRule",
                                             ("input", "ruleId")),
            description=input.description,
            conditions=None if input.conditions is None else input.conditions.to_domain(),
            levels=_levels(input.levels), active=input.active)
        return {"rule": ref("OrderApprovalRule", rule.id)}

    return payload(OrderApprovalRulePayload, await run_mutation(
        info.context, action, operation="updateOrderApprovalRule"))


@strawberry.mutation(description="The viewer delegates approving roles they hold to another "
                     "staff user for a period.", extensions=requires("approval.delegate"))
async def delegate_approvals(
    info: Info, input: DelegateApprovalsInput
) -> ApprovalDelegationPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        made = await delegation.delegate_approvals(
            s, actor=actor, delegate_id=input_pk(input.delegate_id, "User",
                                                 ("input", "delegateId")),
            roles=input.roles, valid_from=input.valid_from, valid_until=input.valid_until)
        return {"delegation": ref("ApprovalDelegation", made.id)}

    return payload(ApprovalDelegationPayload, await run_mutation(
        info.context, action, operation="delegateApprovals",
        idempotency_key=input.idempotency_key,
        request={k: str(v) for k, v in as_request(input).items()}))


@strawberry.mutation(extensions=requires("approval.delegate"))
async def end_approval_delegation(
    info: Info, delegation_id: strawberry.ID
) -> ApprovalDelegationPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        ended = await delegation.end_delegation(
            s, actor=actor, delegation_id=input_pk(delegation_id, "ApprovalDelegation",
                                                   ("delegationId",)))
        return {"delegation": ref("ApprovalDelegation", ended.id)}

    return payload(ApprovalDelegationPayload, await run_mutation(
        info.context, action, operation="endApprovalDelegation"))
