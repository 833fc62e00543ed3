"""Creating and changing custom field definitions (config.edit), and setting values on a
record (that record's edit permission)."""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import Forbidden
from backend.api.ids import input_node, input_pk
from backend.domain.actor import Actor
from backend.domain.customfields import definitions as defs
from backend.domain.customfields.applicable import ENTITY_OF_TYPE
from backend.domain.customfields.editing import set_custom_fields as set_values
from backend.domain.errors import DomainError, ErrorCode, NotAllowed
from backend.resolvers.context import Info
from backend.resolvers.mutations import Outcome, ref, run_mutation
from backend.schema.common import UserError, payload
from backend.schema.customfields.inputs import (
    CreateCustomFieldDefinitionInput,
    SetCustomFieldsInput,
    UpdateCustomFieldDefinitionInput,
)
from backend.schema.customfields.types import CustomFieldDefinition, CustomFieldValue
from backend.schema.permissions import fresh_grants, requires, signed_in


@strawberry.type
class CustomFieldDefinitionPayload:
    definition: CustomFieldDefinition | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SetCustomFieldsPayload:
    custom_fields: list[CustomFieldValue] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.mutation(extensions=requires("config.edit"))
async def create_custom_field_definition(
    info: Info, input: CreateCustomFieldDefinitionInput
) -> CustomFieldDefinitionPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        definition = await defs.create_definition(
            s, actor=actor, entity=input.entity, key=input.key, kind=input.type,
            scoping=defs.Scoping(
                label=input.label, required=input.required, enum_values=input.enum_values,
                product_lines=input.product_lines, device_classes=input.device_classes,
                visible_to_partners=input.visible_to_partners, help_text=input.help_text))
        return {"definition": ref("CustomFieldDefinition", definition.id)}

    outcome = await run_mutation(
        info.context, action, operation="createCustomFieldDefinition",
        idempotency_key=input.idempotency_key, request=strawberry.asdict(input))
    return payload(CustomFieldDefinitionPayload, outcome)


@strawberry.mutation(extensions=requires("config.edit"))
async def update_custom_field_definition(
    info: Info, input: UpdateCustomFieldDefinitionInput
) -> CustomFieldDefinitionPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        definition = await defs.update_definition(
            s, actor=actor,
            definition_id=input_pk(input.definition_id, "CustomFieldDefinition",
                                   ("input", "definitionId")),
            scoping=defs.Scoping(
                label=input.label, required=input.required, enum_values=input.enum_values,
                product_lines=input.product_lines, device_classes=input.device_classes,
                visible_to_partners=input.visible_to_partners, help_text=input.help_text),
            active=input.active)
        return {"definition": ref("CustomFieldDefinition", definition.id)}

    outcome = await run_mutation(info.context, action, operation="updateCustomFieldDefinition")
    return payload(CustomFieldDefinitionPayload, outcome)


@strawberry.mutation(
    description="Sets values on any entity that has custom fields; needs the permission to "
    "edit that entity.", extensions=signed_in())
async def set_custom_fields(info: Info, input: SetCustomFieldsInput) -> SetCustomFieldsPayload:
    await fresh_grants(info.context)

    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        type_name, pk = input_node(input.node_id, ("input", "nodeId"))
        entity = ENTITY_OF_TYPE.get(type_name)
        if entity is None:
            raise DomainError.single(ErrorCode.INVALID, f"A {type_name} has no custom fields.",
                                     ("input", "nodeId"))
        await set_values(s, actor, entity, pk, input.values)
        return {"entity": entity, "pk": pk}

    try:
        outcome: Outcome = await run_mutation(info.context, action, operation="setCustomFields")
    except NotAllowed as refusal:
        raise Forbidden(str(refusal)) from None
    if outcome.problems:
        return SetCustomFieldsPayload(user_errors=UserError.of(outcome.problems))
    rows = await info.context.loaders.custom_fields_by_record.load(
        (outcome.values["entity"], outcome.values["pk"]))
    return SetCustomFieldsPayload(custom_fields=[CustomFieldValue.of(row) for row in rows])
