"""Custom field definitions and the values records list, plus the `customFields` field
of Product, Lot, Customer, Supplier, SalesOrder and Shipment (mixins they inherit)."""

from datetime import datetime
from typing import Any

import strawberry

from backend import enums
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node
from backend.schema.common import PageInfo
from backend.schema.enums import DeviceClass

strawberry.enum(enums.CustomFieldEntity)
strawberry.enum(enums.CustomFieldType)
CustomFieldEntity = enums.CustomFieldEntity
CustomFieldType = enums.CustomFieldType


@strawberry.type
class CustomFieldDefinition(FromRow, Node):
    entity: CustomFieldEntity
    key: str = strawberry.field(
        description="Lower camelCase or snake_case, unique per entity; never changes.")
    label: str
    type: CustomFieldType
    enum_values: list[str]
    product_lines: list[str] = strawberry.field(description=(
        "PRODUCT and LOT fields only: the field applies to products of these lines "
        "(empty: every line)."))
    visible_to_partners: bool = strawberry.field(
        description="Partners see the value on their own orders, shipments, lots and products.")
    help_text: str | None
    active: bool
    created_at: strawberry.Private[datetime]
    device_class_values: strawberry.Private[list[str]]
    # `required` names FromRow's constructor: the column is kept under another name.
    required_value: strawberry.Private[bool]

    @classmethod
    def from_row(cls, row: Any) -> "CustomFieldDefinition":
        obj = super().from_row(row)
        obj.__dict__["device_class_values"] = obj.__dict__.pop("device_classes")
        obj.__dict__["required_value"] = obj.__dict__.pop("required")
        return obj

    @strawberry.field(name="required")
    def required_field(self) -> bool:
        return self.required_value

    @strawberry.field(description="PRODUCT and LOT fields only: the field applies to products "
                      "of these classes (empty: every class).")
    def device_classes(self) -> list[DeviceClass]:
        return [DeviceClass(c) for c in self.device_class_values]


@strawberry.type(description="Records list every active field that applies to them, in "
                 "definition order, value null when unset; partners get only "
                 "visibleToPartners fields.")
class CustomFieldValue:
    key: str
    label: str
    type: CustomFieldType
    value: str | None = strawberry.field(description=(
        'Normalised text form of the typed value ("12.5", "2027-03-31", "true"); null when '
        "empty."))

    @classmethod
    def of(cls, row: Any) -> "CustomFieldValue":
        return cls(key=row.key, label=row.label, type=CustomFieldType(row.type), value=row.value)


async def _values(info: Info, entity: CustomFieldEntity, pk: int) -> list[CustomFieldValue]:
    rows = await info.context.loaders.custom_fields_by_record.load((entity, pk))
    return [CustomFieldValue.of(row) for row in rows]


@strawberry.type
class ProductCustomFields:
    @strawberry.field
    async def custom_fields(self, info: Info) -> list[CustomFieldValue]:
        return await _values(info, CustomFieldEntity.PRODUCT, self.pk)  # type: ignore[attr-defined]


@strawberry.type
class LotCustomFields:
    @strawberry.field
    async def custom_fields(self, info: Info) -> list[CustomFieldValue]:
        return await _values(info, CustomFieldEntity.LOT, self.pk)  # type: ignore[attr-defined]


@strawberry.type
class CustomerCustomFields:
    @strawberry.field
    async def custom_fields(self, info: Info) -> list[CustomFieldValue]:
        return await _values(info, CustomFieldEntity.CUSTOMER, self.pk)  # type: ignore[attr-defined]


@strawberry.type
class SupplierCustomFields:
    @strawberry.field
    async def custom_fields(self, info: Info) -> list[CustomFieldValue]:
        return await _values(info, CustomFieldEntity.SUPPLIER, self.pk)  # type: ignore[attr-defined]


@strawberry.type
class SalesOrderCustomFields:
    @strawberry.field
    async def custom_fields(self, info: Info) -> list[CustomFieldValue]:
        return await _values(info, CustomFieldEntity.SALES_ORDER,
                             self.pk)  # type: ignore[attr-defined]


@strawberry.type
class ShipmentCustomFields:
    @strawberry.field
    async def custom_fields(self, info: Info) -> list[CustomFieldValue]:
        return await _values(info, CustomFieldEntity.SHIPMENT, self.pk)  # type: ignore[attr-defined]


@strawberry.type
class CustomFieldMatchEdge:
    cursor: str
    node: Node


@strawberry.type
class CustomFieldMatchConnection:
    edges: list[CustomFieldMatchEdge]
    page_info: PageInfo
    count: strawberry.Private[Any]

    @strawberry.field
    async def total_count(self) -> int:
        return int(await self.count())
