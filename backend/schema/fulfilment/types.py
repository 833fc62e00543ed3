"""Shipments, stock transfers, customer returns and replenishment requests."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend import enums
from backend.resolvers import fulfilment as reads
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.catalog.types import Product, Warehouse
from backend.schema.customfields.types import ShipmentCustomFields
from backend.schema.enums import ShipmentStatus
from backend.schema.finance.extensions import ShipmentFinance
from backend.schema.permissions import staff_only
from backend.schema.purchasing.cost_fields import ShipmentCost
from backend.schema.quality.types import Document, Lot, Serial
from backend.schema.standards.cartons import ShipmentCartons

if TYPE_CHECKING:
    from backend.schema.finance.types import CreditNote
    from backend.schema.orders.types import SalesOrder
    from backend.schema.purchasing.flow_types import PurchaseRequisitionLine
    from backend.schema.quality.holds import QualityHold
    from backend.schema.quality.nonconformance import Nonconformance

SalesOrderT = Annotated["SalesOrder", strawberry.lazy("backend.schema.orders.types")]
RequisitionLineT = Annotated["PurchaseRequisitionLine",
                             strawberry.lazy("backend.schema.purchasing.flow_types")]
CreditNoteT = Annotated["CreditNote", strawberry.lazy("backend.schema.finance.types")]
HoldT = Annotated["QualityHold", strawberry.lazy("backend.schema.quality.holds")]
NonconformanceT = Annotated["Nonconformance",
                            strawberry.lazy("backend.schema.quality.nonconformance")]

strawberry.enum(enums.Replenishment, name="ReplenishmentKind")
strawberry.enum(enums.ReplenishmentStatus)
ReplenishmentStatus = enums.ReplenishmentStatus


@strawberry.type
class Shipment(ShipmentFinance, ShipmentCartons, ShipmentCost, ShipmentCustomFields, FromRow,
               Node):
    number: str
    status: ShipmentStatus
    carrier: str | None
    tracking_number: str | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    order_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int]

    @strawberry.field
    async def order(self, info: Info) -> SalesOrderT:
        return graph("SalesOrder", await info.context.loaders.order_by_id.load(self.order_id))

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.warehouse_id)
        )

    @strawberry.field
    async def lines(self, info: Info) -> list["ShipmentLine"]:
        return ShipmentLine.many(
            await info.context.loaders.shipment_lines_by_shipment_id.load(self.pk)
        )

    @strawberry.field
    async def lots(self, info: Info) -> list[Lot]:
        loaders = info.context.loaders
        lines = await loaders.shipment_lines_by_shipment_id.load(self.pk)
        lot_ids = list(dict.fromkeys(line.lot_id for line in lines))
        return Lot.many(row for row in await loaders.lot_by_id.load_many(lot_ids) if row)

    @strawberry.field
    async def documents(self, info: Info) -> list[Document]:
        return Document.many(
            await info.context.loaders.documents_by_node.load(("Shipment", self.pk))
        )

    @strawberry.field(description="Goods the customer sent back from this shipment, oldest first.")
    async def returns(self, info: Info) -> list["CustomerReturn"]:
        return CustomerReturn.many(
            await info.context.loaders.returns_by_shipment_id.load(self.pk)
        )


@strawberry.type
class LotQuantity(FromRow):
    """A quantity of one lot of a product: the shape of shipment and return lines."""

    quantity: int
    product_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))


@strawberry.type
class ShipmentLine(LotQuantity):
    @strawberry.field
    async def serials(self, info: Info) -> list[Serial]:
        return Serial.many(await info.context.loaders.serials_by_shipment_line_id.load(self.pk))


@strawberry.type
class ReturnLine(LotQuantity):
    pass


@strawberry.type(
    description="Goods a customer sent back; their lots return to QUARANTINE until QA releases them"
)
class CustomerReturn(FromRow, Node):
    number: str
    reason: str
    created_at: datetime
    shipment_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int]

    @strawberry.field
    async def shipment(self, info: Info) -> Shipment | None:
        return Shipment.maybe(await info.context.loaders.shipment_by_id.load(self.shipment_id))

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.warehouse_id)
        )

    @strawberry.field
    async def lines(self, info: Info) -> list[ReturnLine]:
        return ReturnLine.many(await reads.return_lines(info.context, self.pk))

    @strawberry.field(description="Set when the returned goods had been invoiced.")
    async def credit_note(self, info: Info) -> CreditNoteT | None:
        return graph("CreditNote", await reads.return_credit_note(info.context, self.pk))

    # quality loop
    @strawberry.field(description="The CUSTOMER_RETURN nonconformance it opened.",
                      extensions=staff_only())
    async def nonconformance(self, info: Info) -> NonconformanceT | None:
        return graph("Nonconformance",
                     await info.context.loaders.nonconformance_by_return_id.load(self.pk))

    @strawberry.field(description="Holds on the returned units.", extensions=staff_only())
    async def holds(self, info: Info) -> list[HoldT]:
        return graphs("QualityHold", await info.context.loaders.holds_by_return_id.load(self.pk))


@strawberry.type
class StockTransfer(FromRow, Node):
    number: str
    quantity: int
    reference: str | None
    created_at: datetime
    lot_id: strawberry.Private[int]
    from_warehouse_id: strawberry.Private[int]
    to_warehouse_id: strawberry.Private[int]

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field
    async def from_warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.from_warehouse_id)
        )

    @strawberry.field
    async def to_warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.to_warehouse_id)
        )


@strawberry.type(description="A backordered quantity to buy or make.")
class ReplenishmentRequest(FromRow, Node):
    number: str
    quantity: int
    kind: enums.Replenishment
    status: enums.ReplenishmentStatus
    created_at: datetime
    closed_at: datetime | None
    product_id: strawberry.Private[int]
    order_line_id: strawberry.Private[int | None]
    order_id: strawberry.Private[int | None]

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field(description="The order whose line is backordered.")
    async def order(self, info: Info) -> SalesOrderT | None:
        if self.order_id is None:
            return None
        return graph("SalesOrder", await info.context.loaders.order_by_id.load(self.order_id))

    @strawberry.field(description="The requisition line that covers it (PURCHASE).")
    async def requisition_line(self, info: Info) -> RequisitionLineT | None:
        lines = await info.context.loaders.requisition_lines_by_replenishment_id.load(self.pk)
        return graph("PurchaseRequisitionLine", lines[0]) if lines else None
