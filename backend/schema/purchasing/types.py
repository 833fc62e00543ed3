"""The approved supplier list in the graph, and the purchasing fields of Supplier."""

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend import enums
from backend.domain.purchasing.suppliers import is_approved, today
from backend.resolvers import purchasing as order_reads
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.common import Connection
from backend.schema.permissions import staff_only
from backend.schema.purchasing.orders import PurchaseOrder, SupplierPrice

strawberry.enum(enums.SupplierQualificationStatus)

from backend.enums import SupplierQualificationStatus  # noqa: E402 - registered above

if TYPE_CHECKING:
    from backend.schema.catalog.types import Product
    from backend.schema.parties.types import Supplier
    from backend.schema.purchasing.flow_types import GoodsReceipt
    from backend.schema.quality.types import Signature

ProductT = Annotated["Product", strawberry.lazy("backend.schema.catalog.types")]
SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.parties.types")]
SignatureT = Annotated["Signature", strawberry.lazy("backend.schema.quality.types")]
ReceiptT = Annotated["GoodsReceipt", strawberry.lazy("backend.schema.purchasing.flow_types")]


async def _signature(info: Info, signature_id: int) -> Any:
    return graph("Signature", await info.context.loaders.signature_by_id.load(signature_id))


@strawberry.type(description="One signed qualification decision.")
class SupplierQualification(FromRow):
    status: SupplierQualificationStatus
    valid_until: date | None
    note: str | None
    product_ids: strawberry.Private[list[int]]
    signature_id: strawberry.Private[int]

    @strawberry.field
    async def products(self, info: Info) -> list[ProductT]:
        rows = await info.context.loaders.product_by_id.load_many(self.product_ids)
        return graphs("Product", [row for row in rows if row is not None])

    @strawberry.field
    async def signature(self, info: Info) -> SignatureT:
        return await _signature(info, self.signature_id)


@strawberry.type(description="A QA_MANAGER's signed permission to buy and receive a product "
                 "from a supplier that is not approved for it.")
class SupplierOverride(FromRow, Node):
    reason: str
    max_quantity: int
    used_quantity: int
    valid_until: date
    supplier_id: strawberry.Private[int]
    product_id: strawberry.Private[int]
    signature_id: strawberry.Private[int]

    @strawberry.field
    async def supplier(self, info: Info) -> SupplierT:
        return graph("Supplier", await info.context.loaders.supplier_by_id.load(self.supplier_id))

    @strawberry.field
    async def product(self, info: Info) -> ProductT:
        return graph("Product", await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field
    async def signature(self, info: Info) -> SignatureT:
        return await _signature(info, self.signature_id)

    @strawberry.field
    async def receipts(self, info: Info) -> list[ReceiptT]:
        return graphs("GoodsReceipt",
                      await info.context.loaders.receipts_by_override_id.load(self.pk))


@strawberry.type
class SupplierPurchasing:
    """Fields of Supplier: its qualification and what it may supply."""

    qualification_status: SupplierQualificationStatus
    qualified_until: date | None
    qualification_note: str | None = strawberry.field(
        description="For CONDITIONAL: the condition, e.g. 100 % incoming inspection.")
    payment_terms_days: int

    @strawberry.field(description="QUALIFIED or CONDITIONAL, and qualifiedUntil not past.")
    def approved(self) -> bool:
        return is_approved(self.qualification_status, self.qualified_until, today())

    @strawberry.field(extensions=staff_only(), description="Products it may supply; receipts "
                      "of other products are SUPPLIER_NOT_APPROVED.")
    async def approved_products(self, info: Info) -> list[ProductT]:
        pk = self.pk  # type: ignore[attr-defined]
        return graphs("Product",
                      await info.context.loaders.approved_products_by_supplier_id.load(pk))

    @strawberry.field(extensions=staff_only(), description="Signed decisions, newest first.")
    async def qualification_history(self, info: Info) -> list[SupplierQualification]:
        pk = self.pk  # type: ignore[attr-defined]
        return SupplierQualification.many(
            await info.context.loaders.qualifications_by_supplier_id.load(pk))

    @strawberry.field(extensions=staff_only())
    async def prices(self, info: Info) -> list[SupplierPrice]:
        pk = self.pk  # type: ignore[attr-defined]
        return SupplierPrice.many(await info.context.loaders.prices_by_supplier_id.load(pk))

    @strawberry.field(extensions=staff_only())
    async def overrides(self, info: Info) -> list[SupplierOverride]:
        pk = self.pk  # type: ignore[attr-defined]
        return SupplierOverride.many(await info.context.loaders.overrides_by_supplier_id.load(pk))

    @strawberry.field(extensions=staff_only())
    async def purchase_orders(self, info: Info, first: int | None = None,
                              after: str | None = None) -> Connection[PurchaseOrder]:
        pk = self.pk  # type: ignore[attr-defined]
        page = await order_reads.purchase_orders(info.context, first, after, supplier_id=pk,
                                                 statuses=None, search=None)
        return Connection.of(page, PurchaseOrder.from_row)
