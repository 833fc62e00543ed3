"""Permissions as data: the catalogue, each role's codes, and separation-of-duties rules.

Reads are for staff; changes need users.manage (they decide who may do what) and apply
from the next request on, in every server process.
"""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.access_control import admin, grants
from backend.domain.access_control.catalogue import CATALOGUE
from backend.domain.actor import Actor
from backend.resolvers import access as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graphs
from backend.schema.common import UserError, payload
from backend.schema.enums import Role
from backend.schema.permissions import requires, staff_only
from backend.schema.requests import as_request

MANAGE = "users.manage"


@strawberry.type
class Permission:
    code: str = strawberry.field(description="e.g. order.approve, lot.release, users.manage.")
    description: str
    business: bool = strawberry.field(
        description="Business authority (approve, release, recall, ship, invoice...): never "
        "held by ADMIN; PARTNER holds only order.create, order.edit, order.submit, "
        "shipment.deliver and recall.acknowledge, for its own customer.")


@strawberry.type
class RolePermissions:
    role: Role
    permissions: list[str]


@strawberry.type(description="The same person may not perform both permissions on the same "
                 "order or lot.")
class SeparationOfDutiesRule(FromRow, Node):
    code: str
    description: str
    first_permission: str
    second_permission: str
    active: bool


@strawberry.input
class SetRolePermissionsInput:
    role: Role
    permissions: list[str] = strawberry.field(description="Replaces the role's permission codes.")
    reason: str | None = strawberry.field(default=None, description="Kept in the audit trail.")


@strawberry.type
class RolePermissionsPayload:
    role_permissions: RolePermissions | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateSeparationOfDutiesRuleInput:
    code: str
    description: str
    first_permission: str
    second_permission: str
    idempotency_key: str | None = None
    reason: str | None = strawberry.field(default=None, description="Kept in the audit trail.")


@strawberry.input
class UpdateSeparationOfDutiesRuleInput:
    rule_id: strawberry.ID
    description: str | None = None
    active: bool | None = None
    reason: str | None = strawberry.field(default=None, description="Kept in the audit trail.")


@strawberry.type
class SeparationOfDutiesRulePayload:
    rule: SeparationOfDutiesRule | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.field(description="Every permission code the system knows.",
                  extensions=staff_only())
def permissions() -> list[Permission]:
    return [Permission(code=p.code, description=p.description, business=p.business)
            for p in CATALOGUE]


@strawberry.field(description="The codes each role holds, every role listed.",
                  extensions=staff_only())
async def role_permissions(info: Info) -> list[RolePermissions]:
    held = await reads.role_permissions(info.context)
    return [RolePermissions(role=role, permissions=held.get(role.value, [])) for role in Role]


@strawberry.field(extensions=staff_only())
async def separation_of_duties_rules(
    info: Info, include_inactive: bool | None = False
) -> list[SeparationOfDutiesRule]:
    return graphs("SeparationOfDutiesRule",
                  await reads.separation_rules(info.context, bool(include_inactive)))


def _changed(outcome: Any) -> Any:
    # This process applies the change at once; the others on the outbox event.
    if not outcome.problems:
        grants.invalidate()
    return outcome


@strawberry.mutation(description="users.manage: replaces the role's codes; applies from the "
                     "next request.", extensions=requires(MANAGE))
async def set_role_permissions(
    info: Info, input: SetRolePermissionsInput
) -> RolePermissionsPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        codes = await admin.set_role_permissions(
            session, actor=actor, role=input.role, codes=input.permissions,
            reason=input.reason)
        return {"role_permissions": {"role": input.role, "permissions": codes}}

    return payload(RolePermissionsPayload, _changed(await run_mutation(
        info.context, action, operation="setRolePermissions")),
        role_permissions=lambda v: RolePermissions(role=Role(v["role"]),
                                                   permissions=v["permissions"]))


@strawberry.mutation(description="users.manage.", extensions=requires(MANAGE))
async def create_separation_of_duties_rule(
    info: Info, input: CreateSeparationOfDutiesRuleInput
) -> SeparationOfDutiesRulePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        rule = await admin.create_rule(
            session, actor=actor, code=input.code, description=input.description,
            first_permission=input.first_permission,
            second_permission=input.second_permission, reason=input.reason)
        return {"rule": ref("SeparationOfDutiesRule", rule.id)}

    return payload(SeparationOfDutiesRulePayload, _changed(await run_mutation(
        info.context, action, operation="createSeparationOfDutiesRule",
        idempotency_key=input.idempotency_key,
        request={k: str(v) for k, v in as_request(input).items()})))


@strawberry.mutation(description="users.manage.", extensions=requires(MANAGE))
async def update_separation_of_duties_rule(
    info: Info, input: UpdateSeparationOfDutiesRuleInput
) -> SeparationOfDutiesRulePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        rule = await admin.update_rule(
            session, actor=actor,
            rule_id=input_pk(input.rule_id, "SeparationOfDutiesRule", ("input", "ruleId")),
            description=input.description, active=input.active, reason=input.reason)
        return {"rule": ref("SeparationOfDutiesRule", rule.id)}

    return payload(SeparationOfDutiesRulePayload, _changed(await run_mutation(
        info.context, action, operation="updateSeparationOfDutiesRule")))
