"""Inputs of custom field definitions and values."""

import strawberry

from backend.schema.customfields.types import CustomFieldEntity, CustomFieldType
from backend.schema.enums import DeviceClass


@strawberry.input
class CustomFieldValueInput:
    key: str
    value: str | None = strawberry.field(description="null clears the value.")


@strawberry.input
class CustomFieldFilterInput:
    key: str
    value: str = strawberry.field(description=(
        'Equal to the stored value, compared by type ("12.50" matches 12.5; text ignores '
        "case)."))


@strawberry.input
class CreateCustomFieldDefinitionInput:
    entity: CustomFieldEntity
    key: str
    label: str
    type: CustomFieldType
    required: bool | None = False
    enum_values: list[str] | None = None
    product_lines: list[str] | None = None
    device_classes: list[DeviceClass] | None = None
    visible_to_partners: bool | None = False
    help_text: str | None = None
    idempotency_key: str | None = None


@strawberry.input
class UpdateCustomFieldDefinitionInput:
    definition_id: strawberry.ID
    label: str | None = None
    required: bool | None = None
    enum_values: list[str] | None = strawberry.field(
        default=None, description="Values may be added; removing one still in use is INVALID.")
    product_lines: list[str] | None = None
    device_classes: list[DeviceClass] | None = None
    visible_to_partners: bool | None = None
    help_text: str | None = None
    active: bool | None = None


@strawberry.input
class SetCustomFieldsInput:
    node_id: strawberry.ID = strawberry.field(
        description="A product, lot, customer, supplier, sales order or shipment.")
    values: list[CustomFieldValueInput]
