"""Supplier invoices with their three-way match, supplier payments and AP ageing."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend import enums
from backend.domain.finance import ap_ageing as rules
from backend.enums import Role
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph
from backend.schema.finance.types import JournalEntry
from backend.schema.purchasing.orders import PurchaseOrder, PurchaseOrderLine

strawberry.enum(enums.SupplierInvoiceStatus)
strawberry.enum(enums.ThreeWayMatchStatus)
strawberry.enum(enums.SupplierInvoiceMatchIssue)

from backend.enums import (  # noqa: E402 - registered above
    SupplierInvoiceMatchIssue,
    SupplierInvoiceStatus,
    ThreeWayMatchStatus,
)

if TYPE_CHECKING:
    from backend.schema.catalog.types import Product
    from backend.schema.parties.types import Supplier, User

ProductT = Annotated["Product", strawberry.lazy("backend.schema.catalog.types")]
SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.parties.types")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]


async def finance_entry(info: Info, pk: int | None) -> JournalEntry | None:
    """Journal entries behind payables are FINANCE's to read."""
    if pk is None or not info.context.actor.has_role(Role.FINANCE):
        return None
    return JournalEntry.maybe(await info.context.loaders.journal_entry_by_id.load(pk))


@strawberry.type
class SupplierInvoiceLine(FromRow):
    quantity: int
    unit_price: Decimal
    net_amount: Decimal
    ordered_quantity: int
    received_quantity: int = strawberry.field(
        description="Received on the PO line and not invoiced before this invoice.")
    po_unit_price: Decimal
    price_variance: Decimal = strawberry.field(description="(unitPrice - poUnitPrice) x quantity.")
    purchase_order_line_id: strawberry.Private[int]
    product_id: strawberry.Private[int]

    @strawberry.field
    def issues(self) -> list[SupplierInvoiceMatchIssue]:
        return [SupplierInvoiceMatchIssue(i) for i in self.__dict__["issues"]]

    @strawberry.field
    async def purchase_order_line(self, info: Info) -> PurchaseOrderLine:
        return PurchaseOrderLine.required(
            await info.context.loaders.purchase_order_line_by_id.load(self.purchase_order_line_id))

    @strawberry.field
    async def product(self, info: Info) -> ProductT:
        return graph("Product", await info.context.loaders.product_by_id.load(self.product_id))


@strawberry.type
class SupplierInvoice(FromRow, Node):
    number: str = strawberry.field(description="Our number, AP-YYYY-NNNNNN.")
    supplier_invoice_number: str
    invoice_date: date
    due_on: date
    status: SupplierInvoiceStatus
    match_status: ThreeWayMatchStatus
    subtotal: Decimal
    tax_amount: Decimal
    total: Decimal
    amount_paid: Decimal
    decision_reason: str | None
    created_at: strawberry.Private[datetime]
    supplier_id: strawberry.Private[int]
    decided_by_id: strawberry.Private[int | None]
    journal_entry_id: strawberry.Private[int | None]

    @strawberry.field
    def balance(self) -> Decimal:
        return self.total - self.amount_paid

    @strawberry.field
    async def supplier(self, info: Info) -> SupplierT:
        return graph("Supplier", await info.context.loaders.supplier_by_id.load(self.supplier_id))

    @strawberry.field
    async def decided_by(self, info: Info) -> UserT | None:
        if self.decided_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.decided_by_id))

    @strawberry.field
    async def lines(self, info: Info) -> list[SupplierInvoiceLine]:
        return SupplierInvoiceLine.many(
            await info.context.loaders.supplier_invoice_lines_by_invoice_id.load(self.pk))

    @strawberry.field
    async def purchase_orders(self, info: Info) -> list[PurchaseOrder]:
        return PurchaseOrder.many(
            await info.context.loaders.purchase_orders_by_supplier_invoice_id.load(self.pk))

    @strawberry.field(description="Dr 2150 (received value at PO price), Dr 5100 price "
                      "variance, Dr 1400 input tax / Cr 2100 total. FINANCE only.")
    async def journal_entry(self, info: Info) -> JournalEntry | None:
        return await finance_entry(info, self.journal_entry_id)


@strawberry.type
class SupplierPaymentApplication(FromRow):
    amount: Decimal
    supplier_invoice_id: strawberry.Private[int]

    @strawberry.field
    async def supplier_invoice(self, info: Info) -> SupplierInvoice:
        return SupplierInvoice.required(
            await info.context.loaders.supplier_invoice_by_id.load(self.supplier_invoice_id))


@strawberry.type
class SupplierPayment(FromRow, Node):
    amount: Decimal
    paid_on: date
    reference: str
    supplier_id: strawberry.Private[int]
    journal_entry_id: strawberry.Private[int | None]

    @strawberry.field
    async def supplier(self, info: Info) -> SupplierT:
        return graph("Supplier", await info.context.loaders.supplier_by_id.load(self.supplier_id))

    @strawberry.field
    async def applications(self, info: Info) -> list[SupplierPaymentApplication]:
        return SupplierPaymentApplication.many(
            await info.context.loaders.supplier_payment_applications_by_payment_id.load(self.pk))

    @strawberry.field(description="Dr 2100 / Cr 1100. FINANCE only.")
    async def journal_entry(self, info: Info) -> JournalEntry | None:
        return await finance_entry(info, self.journal_entry_id)


@strawberry.type(description="Open supplier invoice balances by days past due on the as-of "
                             "date.")
class ApAgeingBuckets:
    current: Decimal
    days1_to30: Decimal = strawberry.field(name="days1To30")
    days31_to60: Decimal = strawberry.field(name="days31To60")
    days61_to90: Decimal = strawberry.field(name="days61To90")
    over90: Decimal
    total: Decimal

    @classmethod
    def of(cls, b: rules.ApBuckets) -> "ApAgeingBuckets":
        return cls(current=b.current, days1_to30=b.days1_to30, days31_to60=b.days31_to60,
                   days61_to90=b.days61_to90, over90=b.over90, total=b.total)


@strawberry.type
class ApAgeingRow:
    buckets: ApAgeingBuckets
    supplier_id: strawberry.Private[int]

    @strawberry.field
    async def supplier(self, info: Info) -> SupplierT:
        return graph("Supplier", await info.context.loaders.supplier_by_id.load(self.supplier_id))


@strawberry.type
class ApAgeing:
    as_of: date
    rows: list[ApAgeingRow]
    total: ApAgeingBuckets

    @classmethod
    def of(cls, found: rules.ApAgeing) -> "ApAgeing":
        return cls(as_of=found.as_of, total=ApAgeingBuckets.of(found.total),
                   rows=[ApAgeingRow(buckets=ApAgeingBuckets.of(r.buckets),
                                     supplier_id=r.supplier_id) for r in found.rows])

