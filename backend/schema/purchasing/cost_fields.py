"""Cost and payables fields of products, lots, shipments, suppliers and purchase orders:
costs staff only (null for partners), ledger entries FINANCE only."""

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.enums import Role
from backend.resolvers.context import Info
from backend.schema.base import graph, graphs

if TYPE_CHECKING:
    from backend.schema.finance.types import JournalEntry
    from backend.schema.purchasing.payables import SupplierInvoice

JournalEntryT = Annotated["JournalEntry", strawberry.lazy("backend.schema.finance.types")]
SupplierInvoiceT = Annotated["SupplierInvoice",
                             strawberry.lazy("backend.schema.purchasing.payables")]


def _staff(info: Info) -> bool:
    return bool(info.context.actor.is_staff)


@strawberry.type
class ProductCost:
    """Fields of Product."""

    @strawberry.field(description="Cost of a lot with no purchase or production cost. "
                                  "Staff only (null for partners).")
    def standard_cost(self, info: Info) -> Decimal | None:
        return vars(self).get("standard_cost") if _staff(info) else None


@strawberry.type
class LotCost:
    """Fields of Lot."""

    @strawberry.field(description="Cost of one unit: the PO price (else the supplier's price, "
                      "else the product's standard cost) for purchased lots, the consumed "
                      "components' value over the quantity made for produced lots. Staff only.")
    def unit_cost(self, info: Info) -> Decimal | None:
        return vars(self).get("unit_cost") if _staff(info) else None

    @strawberry.field(description="Entries that moved the lot's value into or out of "
                      "Inventory (receipt, production, write-off). FINANCE only.")
    async def valuation_entries(self, info: Info) -> list[JournalEntryT]:
        if not info.context.actor.has_role(Role.FINANCE):
            return []
        pk = self.pk  # type: ignore[attr-defined]
        return graphs("JournalEntry",
                      await info.context.loaders.valuation_entries_by_lot_id.load(pk))


@strawberry.type
class ShipmentCost:
    """Fields of Shipment."""

    @strawberry.field(description="Dr 5000 Cost of goods sold / Cr 1300 Inventory at lot cost. "
                                  "FINANCE only.")
    async def cost_of_sales_entry(self, info: Info) -> JournalEntryT | None:
        if not info.context.actor.has_role(Role.FINANCE):
            return None
        pk = self.pk  # type: ignore[attr-defined]
        return graph("JournalEntry",
                     await info.context.loaders.cost_of_sales_entry_by_shipment_id.load(pk))


@strawberry.type
class SupplierPayables:
    """Fields of Supplier."""

    @strawberry.field(description="Open supplier invoices less payments. Staff only.")
    async def payable_balance(self, info: Info) -> Decimal:
        if not _staff(info):
            return Decimal("0.00")
        pk = self.pk  # type: ignore[attr-defined]
        found = await info.context.loaders.payable_balance_by_supplier_id.load(pk)
        return Decimal(found or 0).quantize(Decimal("0.01"))


@strawberry.type
class PurchaseOrderPayables:
    """Fields of PurchaseOrder."""

    @strawberry.field
    async def supplier_invoices(self, info: Info) -> list[SupplierInvoiceT]:
        pk = self.pk  # type: ignore[attr-defined]
        return graphs("SupplierInvoice",
                      await info.context.loaders.supplier_invoices_by_order_id.load(pk))


@strawberry.type
class GoodsReceiptValuation:
    """Fields of GoodsReceipt."""

    @strawberry.field(description="Dr 1300 Inventory / Cr 2150 Goods received not invoiced. "
                                  "FINANCE only.")
    async def journal_entry(self, info: Info) -> JournalEntryT | None:
        if not info.context.actor.has_role(Role.FINANCE):
            return None
        pk = self.pk  # type: ignore[attr-defined]
        return graph("JournalEntry",
                     await info.context.loaders.valuation_entry_by_goods_receipt_id.load(pk))
