"""Work centres, capacity bookings and BOM versions (components, routing, master batch
record) in the graph."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend import enums
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph

strawberry.enum(enums.BomVersionStatus)
strawberry.enum(enums.BatchParameterKind)

from backend.enums import BatchParameterKind, BomVersionStatus  # noqa: E402 - registered above

if TYPE_CHECKING:
    from backend.schema.catalog.types import Product, Warehouse
    from backend.schema.parties.types import User
    from backend.schema.production.orders import WorkOrder
    from backend.schema.quality.types import Signature

ProductT = Annotated["Product", strawberry.lazy("backend.schema.catalog.types")]
WarehouseT = Annotated["Warehouse", strawberry.lazy("backend.schema.catalog.types")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
SignatureT = Annotated["Signature", strawberry.lazy("backend.schema.quality.types")]
WorkOrderT = Annotated["WorkOrder", strawberry.lazy("backend.schema.production.orders")]


async def product(info: Info, product_id: int) -> Any:
    return graph("Product", await info.context.loaders.product_by_id.load(product_id))


async def work_center(info: Info, work_center_id: int) -> "WorkCenter":
    return WorkCenter.required(await info.context.loaders.work_center_by_id.load(work_center_id))


@strawberry.type
class WorkCenter(FromRow, Node):
    code: str
    name: str
    hours_per_day: Decimal = strawberry.field(
        description="Capacity per working day (Monday to Friday; the day starts 08:00).")
    active: bool
    warehouse_id: strawberry.Private[int]

    @strawberry.field(description="The site whose stock its work orders consume and receive.")
    async def warehouse(self, info: Info) -> WarehouseT:
        return graph("Warehouse",
                     await info.context.loaders.warehouse_by_id.load(self.warehouse_id))


@strawberry.type(description="A slice of one work order operation on one work centre on one day.")
class CapacityBooking(FromRow):
    operation_sequence: int
    day: strawberry.Private[date]
    start: datetime
    finish: datetime
    minutes: int
    work_center_id: strawberry.Private[int]
    work_order_id: strawberry.Private[int]

    @strawberry.field(name="date")
    def booked_on(self) -> date:
        return self.day

    @strawberry.field
    async def work_center(self, info: Info) -> WorkCenter:
        return await work_center(info, self.work_center_id)

    @strawberry.field
    async def work_order(self, info: Info) -> WorkOrderT:
        return graph("WorkOrder",
                     await info.context.loaders.work_order_by_id.load(self.work_order_id))


@strawberry.type
class BomComponent(FromRow):
    line_number: int
    quantity_per: int = strawberry.field(description="Units of the component per unit made.")
    scrap_percent: Decimal
    product_id: strawberry.Private[int]

    @strawberry.field(name="product")
    async def component(self, info: Info) -> ProductT:
        return await product(info, self.product_id)


@strawberry.type
class RoutingOperation(FromRow):
    sequence: int
    name: str
    setup_minutes: int
    run_minutes_per_unit: Decimal
    work_center_id: strawberry.Private[int]

    @strawberry.field(name="workCenter")
    async def center(self, info: Info) -> WorkCenter:
        return await work_center(info, self.work_center_id)


@strawberry.type
class BatchParameter:
    code: str
    name: str
    kind: BatchParameterKind
    unit: str | None
    min: Decimal | None
    max: Decimal | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> "BatchParameter":
        def dec(value: str | None) -> Decimal | None:
            return None if value is None else Decimal(value)

        return cls(code=row["code"], name=row["name"], kind=BatchParameterKind(row["kind"]),
                   unit=row.get("unit"), min=dec(row.get("min")), max=dec(row.get("max")))


@strawberry.type
class BatchStepTemplate(FromRow):
    sequence: int
    title: str
    instructions: str
    operation_sequence: int | None = strawberry.field(
        description="The routing operation the step belongs to.")
    requires_verification: bool = strawberry.field(
        description="A second person, not the performer, must verify the step.")
    parameters_rows: strawberry.Private[list[dict[str, Any]]]

    @classmethod
    def from_row(cls, row: Any) -> "BatchStepTemplate":
        obj = super().from_row(row)
        obj.__dict__["parameters_rows"] = obj.__dict__.pop("parameters")
        return obj

    @strawberry.field
    def parameters(self) -> list[BatchParameter]:
        return [BatchParameter.of(p) for p in self.parameters_rows]


@strawberry.type(description="A version of what a product is made of and how: components, "
                 "routing and master batch record.")
class BomVersion(FromRow, Node):
    version: int
    status: BomVersionStatus
    effective_from: date
    effective_to: date | None
    change_note: str | None
    created_at: datetime
    product_id: strawberry.Private[int]
    created_by_id: strawberry.Private[int | None]
    approval_signature_id: strawberry.Private[int | None]

    @strawberry.field
    async def product(self, info: Info) -> ProductT:
        return await product(info, self.product_id)

    @strawberry.field
    async def created_by(self, info: Info) -> UserT | None:
        if self.created_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.created_by_id))

    @strawberry.field(description="The QA_MANAGER's approval signature.")
    async def approval(self, info: Info) -> SignatureT | None:
        if self.approval_signature_id is None:
            return None
        return graph("Signature",
                     await info.context.loaders.signature_by_id.load(self.approval_signature_id))

    @strawberry.field
    async def components(self, info: Info) -> list[BomComponent]:
        return BomComponent.many(
            await info.context.loaders.bom_components_by_version_id.load(self.pk))

    @strawberry.field
    async def operations(self, info: Info) -> list[RoutingOperation]:
        return RoutingOperation.many(await info.context.loaders.routing_by_version_id.load(self.pk))

    @strawberry.field(description="The master batch record: the steps every work order to "
                      "this version executes.")
    async def batch_steps(self, info: Info) -> list[BatchStepTemplate]:
        return BatchStepTemplate.many(
            await info.context.loaders.step_templates_by_version_id.load(self.pk))
