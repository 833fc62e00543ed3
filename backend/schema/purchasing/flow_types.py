"""Requisitions, purchase approvals, reorder points and goods receipts in the graph."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend import enums
from backend.enums import Role
from backend.resolvers import purchasing_flow as reads
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.purchasing.cost_fields import GoodsReceiptValuation
from backend.schema.purchasing.shared_fields import (
    ApprovalT,
    AtWarehouse,
    FromSupplier,
    OfProduct,
    SupplierT,
    UnderSupplierOverride,
    UserT,
    approvals_of,
    user_of,
)

strawberry.enum(enums.PurchaseRequisitionStatus)
strawberry.enum(enums.RequisitionSource)

from backend.enums import PurchaseRequisitionStatus, RequisitionSource  # noqa: E402

if TYPE_CHECKING:
    from backend.schema.fulfilment.types import ReplenishmentRequest
    from backend.schema.purchasing.orders import PurchaseOrder, PurchaseOrderLine
    from backend.schema.quality.types import Lot

ReplenishmentT = Annotated["ReplenishmentRequest",
                           strawberry.lazy("backend.schema.fulfilment.types")]
OrderT = Annotated["PurchaseOrder", strawberry.lazy("backend.schema.purchasing.orders")]
OrderLineT = Annotated["PurchaseOrderLine", strawberry.lazy("backend.schema.purchasing.orders")]
LotT = Annotated["Lot", strawberry.lazy("backend.schema.quality.types")]


@strawberry.type(description="A requisition or PO above the threshold needs the role's "
                 "e-signed approval, never its creator's.")
class PurchaseApprovalRule(FromRow, Node):
    code: str
    description: str
    threshold: Decimal
    required_role: Role
    active: bool


@strawberry.type(description="Min/max per product and warehouse: below min (available + on "
                 "order), planning orders up to max.")
class ReorderPoint(OfProduct, AtWarehouse, FromRow, Node):
    min_quantity: int
    max_quantity: int

    @strawberry.field(description="Released, unexpired, unreserved stock of the product in "
                      "the warehouse.")
    async def available_quantity(self, info: Info) -> int:
        return await reads.available(info.context, self.product_id, self.warehouse_id)

    @strawberry.field(description="Open PO lines and open requisition lines for the "
                      "warehouse, not yet received.")
    async def on_order_quantity(self, info: Info) -> int:
        return await reads.on_order(info.context, self.product_id, self.warehouse_id)


@strawberry.type
class PurchaseRequisitionLine(OfProduct, AtWarehouse, FromRow, Node):
    line_number: int
    quantity: int
    needed_by: date | None
    source: RequisitionSource
    estimated_unit_price: Decimal | None
    supplier_id: strawberry.Private[int | None]
    replenishment_request_id: strawberry.Private[int | None]

    @strawberry.field(description="The supplier given, else the approved supplier with the "
                      "lowest valid price.")
    async def supplier(self, info: Info) -> SupplierT | None:
        if self.supplier_id is None:
            return None
        return graph("Supplier", await info.context.loaders.supplier_by_id.load(self.supplier_id))

    @strawberry.field
    def estimated_amount(self) -> Decimal | None:
        if self.estimated_unit_price is None:
            return None
        return Decimal(self.quantity) * self.estimated_unit_price

    @strawberry.field
    async def replenishment_request(self, info: Info) -> ReplenishmentT | None:
        if self.replenishment_request_id is None:
            return None
        return graph("ReplenishmentRequest",
                     await info.context.loaders.replenishment_by_id.load(
                         self.replenishment_request_id))

    @strawberry.field
    async def purchase_order_line(self, info: Info) -> OrderLineT | None:
        return graph("PurchaseOrderLine",
                     await info.context.loaders.order_line_by_requisition_line_id.load(self.pk))


@strawberry.type
class PurchaseRequisition(FromRow, Node):
    number: str
    status: PurchaseRequisitionStatus
    created_at: datetime
    note: str | None
    requested_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def requested_by(self, info: Info) -> UserT | None:
        return await user_of(info, self.requested_by_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[PurchaseRequisitionLine]:
        return PurchaseRequisitionLine.many(
            await info.context.loaders.requisition_lines_by_requisition_id.load(self.pk))

    @strawberry.field
    async def estimated_total(self, info: Info) -> Decimal:
        rows = await info.context.loaders.requisition_lines_by_requisition_id.load(self.pk)
        return sum((Decimal(r.quantity) * r.estimated_unit_price for r in rows
                    if r.estimated_unit_price is not None), Decimal("0.00"))

    @strawberry.field
    async def approvals(self, info: Info) -> list[ApprovalT]:
        return approvals_of(await info.context.loaders.approvals_by_requisition_id.load(self.pk))

    @strawberry.field
    async def purchase_orders(self, info: Info) -> list[OrderT]:
        return graphs("PurchaseOrder",
                      await info.context.loaders.purchase_orders_by_requisition_id.load(self.pk))


@strawberry.type
class GoodsReceiptLine(OfProduct, FromRow):
    quantity: int
    lot_id: strawberry.Private[int]
    purchase_order_line_id: strawberry.Private[int | None]
    unit_cost: strawberry.Private[Decimal | None]

    @strawberry.field
    async def purchase_order_line(self, info: Info) -> OrderLineT | None:
        if self.purchase_order_line_id is None:
            return None
        return graph("PurchaseOrderLine", await info.context.loaders.purchase_order_line_by_id
                     .load(self.purchase_order_line_id))

    @strawberry.field
    async def lot(self, info: Info) -> LotT:
        return graph("Lot", await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field(name="unitCost")
    def unit_cost_value(self) -> Decimal:
        return self.unit_cost if self.unit_cost is not None else Decimal("0.00")


@strawberry.type
class GoodsReceipt(GoodsReceiptValuation, FromSupplier, AtWarehouse, UnderSupplierOverride,
                   FromRow, Node):
    number: str
    received_at: datetime
    reference: str | None
    purchase_order_id: strawberry.Private[int | None]
    received_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def purchase_order(self, info: Info) -> OrderT | None:
        if self.purchase_order_id is None:
            return None
        return graph("PurchaseOrder",
                     await info.context.loaders.purchase_order_by_id.load(self.purchase_order_id))

    @strawberry.field
    async def received_by(self, info: Info) -> UserT | None:
        return await user_of(info, self.received_by_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[GoodsReceiptLine]:
        return GoodsReceiptLine.many(
            await info.context.loaders.receipt_lines_by_receipt_id.load(self.pk))


@strawberry.type
class PurchasingSettings:
    currency: str
    over_receipt_tolerance_percent: Decimal = strawberry.field(
        description="A PO line may receive up to quantity x (1 + this / 100).")
    price_tolerance_percent: Decimal = strawberry.field(
        description="Invoice unit prices within the PO price +/- this percent match.")
