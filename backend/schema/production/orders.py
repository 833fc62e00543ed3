"""Work orders, their component lines, operations and batch record in the graph."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend import enums
from backend.domain.production.schedule import is_late, planned_minutes
from backend.resolvers.context import Info
from backend.resolvers.nodes import load_row
from backend.schema.base import FromRow, Node, graph
from backend.schema.production.batch_types import BatchRecord
from backend.schema.production.types import (
    BomVersion,
    CapacityBooking,
    WorkCenter,
    product,
    work_center,
)

strawberry.enum(enums.WorkOrderStatus)

from backend.enums import WorkOrderStatus  # noqa: E402 - registered above

if TYPE_CHECKING:
    from backend.schema.catalog.types import Product, Warehouse
    from backend.schema.orders.types import SalesOrder
    from backend.schema.parties.types import User
    from backend.schema.quality.types import Lot, Serial, Signature

ProductT = Annotated["Product", strawberry.lazy("backend.schema.catalog.types")]
WarehouseT = Annotated["Warehouse", strawberry.lazy("backend.schema.catalog.types")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
LotT = Annotated["Lot", strawberry.lazy("backend.schema.quality.types")]
SerialT = Annotated["Serial", strawberry.lazy("backend.schema.quality.types")]
SignatureT = Annotated["Signature", strawberry.lazy("backend.schema.quality.types")]
SalesOrderT = Annotated["SalesOrder", strawberry.lazy("backend.schema.orders.types")]


@strawberry.type
class WorkOrderLotQuantity:
    quantity: int
    lot_id: strawberry.Private[int]
    serial_ids: strawberry.Private[list[int]]

    @strawberry.field
    async def lot(self, info: Info) -> LotT:
        return graph("Lot", await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field(description="For SERIAL components: issued serials (empty for "
                      "reservations).")
    async def serials(self, info: Info) -> list[SerialT]:
        rows = await info.context.loaders.serial_by_id.load_many(self.serial_ids)
        return [graph("Serial", r) for r in rows if r is not None]


@strawberry.type
class WorkOrderComponent(FromRow):
    line_number: int
    required_quantity: int
    issued_quantity: int
    work_order_id: strawberry.Private[int]
    product_id: strawberry.Private[int]

    @strawberry.field(name="product")
    async def component(self, info: Info) -> ProductT:
        return await product(info, self.product_id)

    @strawberry.field(description="Released lots held for it, earliest expiry first; shrinks "
                      "as material is issued.")
    async def reservations(self, info: Info) -> list[WorkOrderLotQuantity]:
        rows = await info.context.loaders.work_order_reservations_by_id.load(self.work_order_id)
        return [WorkOrderLotQuantity(quantity=r.quantity, lot_id=r.lot_id, serial_ids=[])
                for r in rows if r.line_number == self.line_number]

    @strawberry.field(description="What was issued, per lot.")
    async def issued(self, info: Info) -> list[WorkOrderLotQuantity]:
        rows = await info.context.loaders.work_order_issues_by_id.load(self.work_order_id)
        per_lot: dict[int, WorkOrderLotQuantity] = {}
        for r in rows:
            if r.line_number != self.line_number:
                continue
            item = per_lot.setdefault(r.lot_id, WorkOrderLotQuantity(
                quantity=0, lot_id=r.lot_id, serial_ids=[]))
            item.quantity += r.quantity
            item.serial_ids.extend(r.serial_ids or [])
        return list(per_lot.values())


@strawberry.type
class WorkOrderOperation:
    sequence: int
    name: str
    planned_minutes: int = strawberry.field(
        description="setupMinutes + runMinutesPerUnit x quantity, rounded up.")
    work_center_id: strawberry.Private[int]
    booking_rows: strawberry.Private[list[Any]]

    @strawberry.field
    async def work_center(self, info: Info) -> WorkCenter:
        return await work_center(info, self.work_center_id)

    @strawberry.field
    def scheduled_start(self) -> datetime | None:
        return self.booking_rows[0].start if self.booking_rows else None

    @strawberry.field
    def scheduled_finish(self) -> datetime | None:
        return self.booking_rows[-1].finish if self.booking_rows else None

    @strawberry.field
    def bookings(self) -> list[CapacityBooking]:
        return CapacityBooking.many(self.booking_rows)


@strawberry.type(description="A production order.")
class WorkOrder(FromRow, Node):
    number: str = strawberry.field(description="WO-YYYY-NNNNNN")
    quantity: int
    completed_quantity: int = strawberry.field(description="Units recorded as output so far.")
    status: WorkOrderStatus
    due_date: date
    scheduled_start: datetime | None
    scheduled_finish: datetime | None
    created_at: datetime
    released_at: datetime | None
    product_id: strawberry.Private[int]
    bom_version_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int]
    sales_order_id: strawberry.Private[int | None]
    replenishment_request_id: strawberry.Private[int | None]
    created_by_id: strawberry.Private[int | None]

    @strawberry.field(description="The scheduled finish falls after the due date.")
    def late(self) -> bool:
        return is_late(self.scheduled_finish, self.due_date)

    @strawberry.field
    async def product(self, info: Info) -> ProductT:
        return await product(info, self.product_id)

    @strawberry.field
    async def bom_version(self, info: Info) -> BomVersion:
        return BomVersion.required(
            await info.context.loaders.bom_version_by_id.load(self.bom_version_id))

    @strawberry.field
    async def warehouse(self, info: Info) -> WarehouseT:
        return graph("Warehouse",
                     await info.context.loaders.warehouse_by_id.load(self.warehouse_id))

    @strawberry.field(description="The order it makes goods for.")
    async def sales_order(self, info: Info) -> SalesOrderT | None:
        if self.sales_order_id is None:
            return None
        return graph("SalesOrder", await info.context.loaders.order_by_id.load(
            self.sales_order_id))

    @strawberry.field(description="The replenishment request (a ReplenishmentRequest) it "
                      "fulfils.")
    async def replenishment_request(self, info: Info) -> Node | None:
        if self.replenishment_request_id is None:
            return None
        return graph("ReplenishmentRequest", await load_row(
            info.context, "ReplenishmentRequest", self.replenishment_request_id))

    @strawberry.field
    async def created_by(self, info: Info) -> UserT | None:
        if self.created_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.created_by_id))

    @strawberry.field
    async def components(self, info: Info) -> list[WorkOrderComponent]:
        return WorkOrderComponent.many(
            await info.context.loaders.work_order_components_by_id.load(self.pk))

    @strawberry.field
    async def operations(self, info: Info) -> list[WorkOrderOperation]:
        routing = await info.context.loaders.routing_by_version_id.load(self.bom_version_id)
        bookings = await info.context.loaders.bookings_by_work_order_id.load(self.pk)
        return [WorkOrderOperation(
            sequence=op.sequence, name=op.name, work_center_id=op.work_center_id,
            planned_minutes=planned_minutes(op.setup_minutes, op.run_minutes_per_unit,
                                            self.quantity),
            booking_rows=[b for b in bookings if b.operation_sequence == op.sequence],
        ) for op in routing]

    @strawberry.field(description="Lots it made, oldest first.")
    async def output_lots(self, info: Info) -> list[LotT]:
        rows = await info.context.loaders.output_lots_by_work_order_id.load(self.pk)
        return [graph("Lot", r) for r in rows]

    @strawberry.field(description="Created at release from the BOM version's batch steps.")
    async def batch_record(self, info: Info) -> BatchRecord | None:
        return BatchRecord.maybe(
            await info.context.loaders.batch_record_by_work_order_id.load(self.pk))
