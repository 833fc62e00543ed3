"""Root fields of configuration policies: reads for staff, changes with config.edit."""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, pk_of
from backend.domain.actor import Actor
from backend.domain.policies import admin
from backend.enums import ConfigPolicyKind
from backend.resolvers import policies as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires, staff_only
from backend.schema.policies.types import (
    ConfigPolicy,
    ConfigPolicyPayload,
    EffectivePolicy,
    SetConfigPolicyInput,
)


@strawberry.field(extensions=staff_only())
async def config_policies(
    info: Info, kind: ConfigPolicyKind | None = None, include_inactive: bool | None = False
) -> list[ConfigPolicy]:
    return ConfigPolicy.many(await reads.policies(info.context, kind, bool(include_inactive)))


@strawberry.field(description="The policy values that apply to selling this product to this "
                  "customer.", extensions=staff_only())
async def effective_policies(
    info: Info, product_id: strawberry.ID, customer_id: strawberry.ID
) -> list[EffectivePolicy]:
    decided = await reads.effective(
        info.context, pk_of(product_id, "Product", argument="productId"),
        pk_of(customer_id, "Customer", argument="customerId"))
    return [EffectivePolicy(kind=kind, value=value, policy=ConfigPolicy.maybe(row))
            for kind, value, row in decided]


@strawberry.mutation(extensions=requires("config.edit"))
async def set_config_policy(info: Info, input: SetConfigPolicyInput) -> ConfigPolicyPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        policy = await admin.set_policy(
            s, actor=actor, kind=input.kind, value=input.value, product_line=input.product_line,
            device_class=input.device_class, region=input.region,
            description=input.description)
        return {"policy": ref("ConfigPolicy", policy.id)}

    return payload(ConfigPolicyPayload, await run_mutation(
        info.context, action, operation="setConfigPolicy"))


@strawberry.mutation(extensions=requires("config.edit"))
async def deactivate_config_policy(
    info: Info, policy_id: strawberry.ID, reason: str
) -> ConfigPolicyPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        policy = await admin.deactivate_policy(
            s, actor=actor, policy_id=input_pk(policy_id, "ConfigPolicy", ("policyId",)),
            reason=reason)
        return {"policy": ref("ConfigPolicy", policy.id)}

    return payload(ConfigPolicyPayload, await run_mutation(
        info.context, action, operation="deactivateConfigPolicy"))
