"""Sales orders, their lines, allocations and approvals, and shipments."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.schema.enums import ApprovalStatus, OrderStatus, Role, ShipmentStatus
from backend.schema.ids import to_global_id
from backend.schema.node import FromRow, Node
from backend.schema.types.catalog import Product, Warehouse
from backend.schema.types.quality import Document, Lot, Serial, Signature

if TYPE_CHECKING:
    from backend.schema.types.finance import Invoice
    from backend.schema.types.parties import Customer, User

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.types.parties")]
UserT = Annotated["User", strawberry.lazy("backend.schema.types.parties")]
InvoiceT = Annotated["Invoice", strawberry.lazy("backend.schema.types.finance")]


@strawberry.input
class SalesOrderFilter:
    status: list[OrderStatus] | None = None
    customer_id: strawberry.ID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str | None = strawberry.field(
        default=None, description="Matches order number or customer reference."
    )


@strawberry.type
class SalesOrder(FromRow, Node):
    number: str
    status: OrderStatus
    created_at: datetime
    customer_reference: str | None
    requested_delivery_date: date | None
    promised_delivery_date: date | None
    currency: str
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    customer_id: strawberry.Private[int]
    created_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def customer(self, info: strawberry.Info) -> CustomerT:
        return await info.context.loaders.customer_by_id.load(self.customer_id)

    @strawberry.field
    async def created_by(self, info: strawberry.Info) -> UserT | None:
        if self.created_by_id is None:
            return None
        return await info.context.loaders.user_by_id.load(self.created_by_id)

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list["OrderLine"]:
        return await info.context.loaders.lines_by_order_id.load(self.pk)

    @strawberry.field
    async def approvals(self, info: strawberry.Info) -> list["Approval"]:
        info.context.require_staff()
        return await info.context.loaders.approvals_by_order_id.load(self.pk)

    @strawberry.field
    async def shipments(self, info: strawberry.Info) -> list["Shipment"]:
        return await info.context.loaders.shipments_by_order_id.load(self.pk)

    @strawberry.field
    async def invoices(self, info: strawberry.Info) -> list[InvoiceT]:
        return await info.context.loaders.invoices_by_order_id.load(self.pk)

    @strawberry.field
    async def documents(self, info: strawberry.Info) -> list[Document]:
        return await info.context.loaders.documents_by_node.load(("SalesOrder", self.pk))


@strawberry.type
class OrderLine(FromRow):
    line_number: int
    quantity: int
    unit_price: Decimal
    discount_percent: Decimal
    tax_rate: Decimal
    line_total: Decimal
    shipped_quantity: int
    product_id: strawberry.Private[int]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("OrderLine", self.pk))

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Product:
        return await info.context.loaders.product_by_id.load(self.product_id)

    @strawberry.field
    async def allocations(self, info: strawberry.Info) -> list["Allocation"]:
        return await info.context.loaders.allocations_by_line_id.load(self.pk)


@strawberry.type
class Allocation(FromRow):
    quantity: int
    warehouse_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]

    @strawberry.field
    async def warehouse(self, info: strawberry.Info) -> Warehouse:
        return await info.context.loaders.warehouse_by_id.load(self.warehouse_id)

    @strawberry.field
    async def lot(self, info: strawberry.Info) -> Lot:
        return await info.context.loaders.lot_by_id.load(self.lot_id)

    @strawberry.field
    async def serials(self, info: strawberry.Info) -> list[Serial]:
        return await info.context.loaders.serials_by_allocation_id.load(self.pk)


@strawberry.type
class Approval(FromRow):
    rule: str
    required_role: Role
    status: ApprovalStatus
    comment: str | None
    decided_by_id: strawberry.Private[int | None]
    signature_id: strawberry.Private[int | None]

    @strawberry.field
    async def decided_by(self, info: strawberry.Info) -> UserT | None:
        if self.decided_by_id is None:
            return None
        return await info.context.loaders.user_by_id.load(self.decided_by_id)

    @strawberry.field
    async def signature(self, info: strawberry.Info) -> Signature | None:
        if self.signature_id is None:
            return None
        return await info.context.loaders.signature_by_id.load(self.signature_id)


@strawberry.type
class Shipment(FromRow, Node):
    number: str
    status: ShipmentStatus
    carrier: str | None
    tracking_number: str | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    order_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int]

    @strawberry.field
    async def order(self, info: strawberry.Info) -> SalesOrder:
        return await info.context.loaders.order_by_id.load(self.order_id)

    @strawberry.field
    async def warehouse(self, info: strawberry.Info) -> Warehouse:
        return await info.context.loaders.warehouse_by_id.load(self.warehouse_id)

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list["ShipmentLine"]:
        return await info.context.loaders.shipment_lines_by_shipment_id.load(self.pk)

    @strawberry.field
    async def lots(self, info: strawberry.Info) -> list[Lot]:
        loaders = info.context.loaders
        lines = await loaders.shipment_lines_by_shipment_id.load(self.pk)
        lot_ids = list(dict.fromkeys(line.lot_id for line in lines))
        return [lot for lot in await loaders.lot_by_id.load_many(lot_ids) if lot is not None]

    @strawberry.field
    async def documents(self, info: strawberry.Info) -> list[Document]:
        return await info.context.loaders.documents_by_node.load(("Shipment", self.pk))


@strawberry.type
class LotQuantity(FromRow):
    """A quantity of one lot of a product: the shape of shipment and return lines."""

    quantity: int
    product_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Product:
        return await info.context.loaders.product_by_id.load(self.product_id)

    @strawberry.field
    async def lot(self, info: strawberry.Info) -> Lot:
        return await info.context.loaders.lot_by_id.load(self.lot_id)


@strawberry.type
class ShipmentLine(LotQuantity):
    @strawberry.field
    async def serials(self, info: strawberry.Info) -> list[Serial]:
        return await info.context.loaders.serials_by_shipment_line_id.load(self.pk)
