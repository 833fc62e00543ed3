"""Purchasing fields of Product and Lot: certificate rule, suppliers, reorder points, what is
on order, the supplier's lot number and the goods receipt."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.resolvers import purchasing_flow as reads
from backend.resolvers.context import Info
from backend.schema.base import graph, graphs
from backend.schema.permissions import staff_only
from backend.schema.purchasing.flow_types import GoodsReceipt, ReorderPoint

if TYPE_CHECKING:
    from backend.schema.parties.types import Supplier
    from backend.schema.purchasing.types import SupplierOverride

SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.parties.types")]
OverrideT = Annotated["SupplierOverride", strawberry.lazy("backend.schema.purchasing.types")]


@strawberry.type
class ProductPurchasing:
    requires_supplier_certificate: bool = strawberry.field(
        description="Lots need a CERTIFICATE_OF_CONFORMITY document before release.")

    @strawberry.field(extensions=staff_only())
    async def approved_suppliers(self, info: Info) -> list[SupplierT]:
        pk = self.pk  # type: ignore[attr-defined]
        return graphs("Supplier",
                      await info.context.loaders.approved_suppliers_by_product_id.load(pk))

    @strawberry.field(extensions=staff_only())
    async def reorder_points(self, info: Info) -> list[ReorderPoint]:
        pk = self.pk  # type: ignore[attr-defined]
        return ReorderPoint.many(await info.context.loaders.reorder_points_by_product_id.load(pk))

    @strawberry.field(extensions=staff_only(),
                      description="Ordered on open POs and not yet received.")
    async def on_order_quantity(self, info: Info) -> int:
        pk = self.pk  # type: ignore[attr-defined]
        return await reads.on_order(info.context, pk)


@strawberry.type
class LotPurchasing:
    @strawberry.field(extensions=staff_only(),
                      description="The supplier's own lot number, printed on its certificate.")
    def supplier_lot_number(self) -> str | None:
        return self.__dict__.get("supplier_lot_number")

    @strawberry.field(extensions=staff_only())
    async def goods_receipt(self, info: Info) -> GoodsReceipt | None:
        pk = self.pk  # type: ignore[attr-defined]
        return GoodsReceipt.maybe(await info.context.loaders.receipt_by_lot_id.load(pk))

    @strawberry.field(extensions=staff_only())
    async def supplier_override(self, info: Info) -> OverrideT | None:
        pk = self.pk  # type: ignore[attr-defined]
        return graph("SupplierOverride", await info.context.loaders.override_by_lot_id.load(pk))
