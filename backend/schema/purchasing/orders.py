"""Supplier prices and purchase orders in the graph."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend import enums
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.purchasing.cost_fields import PurchaseOrderPayables
from backend.schema.purchasing.shared_fields import (
    ApprovalT,
    FromSupplier,
    OfProduct,
    UnderSupplierOverride,
    UserT,
    WarehouseT,
    approvals_of,
    user_of,
)

strawberry.enum(enums.PurchaseOrderStatus)

from backend.enums import PurchaseOrderStatus  # noqa: E402 - registered above

if TYPE_CHECKING:
    from backend.schema.purchasing.flow_types import GoodsReceipt, PurchaseRequisitionLine
    from backend.schema.quality.types import Document

ReceiptT = Annotated["GoodsReceipt", strawberry.lazy("backend.schema.purchasing.flow_types")]
DocumentT = Annotated["Document", strawberry.lazy("backend.schema.quality.types")]
RequisitionLineT = Annotated["PurchaseRequisitionLine",
                             strawberry.lazy("backend.schema.purchasing.flow_types")]


@strawberry.type
class SupplierPrice(FromSupplier, OfProduct, FromRow, Node):
    unit_price: Decimal
    currency: str
    lead_time_days: int
    minimum_order_quantity: int | None
    valid_from: date
    valid_to: date | None


@strawberry.type
class PurchaseOrderLine(OfProduct, FromRow, Node):
    line_number: int
    quantity: int
    unit_price: Decimal
    expected_on: date
    received_quantity: int
    invoiced_quantity: int
    requisition_line_id: strawberry.Private[int | None]

    @strawberry.field
    async def requisition_line(self, info: Info) -> RequisitionLineT | None:
        if self.requisition_line_id is None:
            return None
        return graph("PurchaseRequisitionLine", await info.context.loaders.requisition_line_by_id
                     .load(self.requisition_line_id))

    @strawberry.field
    def line_total(self) -> Decimal:
        return Decimal(self.quantity) * self.unit_price


@strawberry.type
class PurchaseOrder(PurchaseOrderPayables, FromSupplier, UnderSupplierOverride, FromRow, Node):
    number: str
    status: PurchaseOrderStatus
    currency: str
    created_at: datetime
    note: str | None
    sent_at: datetime | None
    warehouse_id: strawberry.Private[int]
    created_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def approvals(self, info: Info) -> list[ApprovalT]:
        return approvals_of(
            await info.context.loaders.approvals_by_purchase_order_id.load(self.pk))

    @strawberry.field
    async def receipts(self, info: Info) -> list[ReceiptT]:
        return graphs("GoodsReceipt",
                      await info.context.loaders.receipts_by_purchase_order_id.load(self.pk))

    @strawberry.field(description="The PO PDF (kind PURCHASE_ORDER), generated when sent.")
    async def documents(self, info: Info) -> list[DocumentT]:
        return graphs("Document",
                      await info.context.loaders.documents_by_node.load(("PurchaseOrder", self.pk)))

    @strawberry.field(description="Where the goods are delivered.")
    async def ship_to(self, info: Info) -> WarehouseT:
        return graph("Warehouse",
                     await info.context.loaders.warehouse_by_id.load(self.warehouse_id))

    @strawberry.field
    async def created_by(self, info: Info) -> UserT | None:
        return await user_of(info, self.created_by_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[PurchaseOrderLine]:
        return PurchaseOrderLine.many(
            await info.context.loaders.purchase_order_lines_by_order_id.load(self.pk))

    @strawberry.field
    async def total(self, info: Info) -> Decimal:
        rows = await info.context.loaders.purchase_order_lines_by_order_id.load(self.pk)
        return sum((Decimal(r.quantity) * r.unit_price for r in rows), Decimal("0.00"))
