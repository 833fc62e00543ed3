"""Invoice lines with their lots and serials, credit-note lines and tax summaries."""

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend.domain.finance.invoice_documents import tax_summary
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph, graphs

if TYPE_CHECKING:
    from backend.schema.catalog.types import Product
    from backend.schema.orders.types import OrderLine
    from backend.schema.quality.types import Lot, Serial

ProductT = Annotated["Product", strawberry.lazy("backend.schema.catalog.types")]
OrderLineT = Annotated["OrderLine", strawberry.lazy("backend.schema.orders.types")]
LotT = Annotated["Lot", strawberry.lazy("backend.schema.quality.types")]
SerialT = Annotated["Serial", strawberry.lazy("backend.schema.quality.types")]


@strawberry.type(description="One row per tax rate (and legal note) of an invoice or credit note.")
class TaxSummaryLine:
    tax_rate: Decimal
    net_amount: Decimal
    tax_amount: Decimal
    legal_note: str | None

    @classmethod
    def of(cls, rows: list[Any], note: bool = True) -> list["TaxSummaryLine"]:
        summed = tax_summary([(r.tax_rate, r.net_amount, r.tax_amount,
                               getattr(r, "legal_note", None) if note else None) for r in rows])
        return [cls(tax_rate=rate, net_amount=net, tax_amount=tax, legal_note=text)
                for rate, net, tax, text in summed]


@strawberry.type
class InvoiceLine(FromRow, Node):
    line_number: int
    description: str
    quantity: int
    unit_price: Decimal
    discount_percent: Decimal
    tax_category: str
    tax_rate: Decimal
    net_amount: Decimal
    tax_amount: Decimal
    credited_quantity: int
    credited_amount: Decimal = strawberry.field(description="Net amount already credited.")
    invoice_id: strawberry.Private[int]
    order_line_id: strawberry.Private[int | None]
    product_id: strawberry.Private[int | None]

    @strawberry.field
    async def order_line(self, info: Info) -> OrderLineT | None:
        if self.order_line_id is None:
            return None
        return graph("OrderLine", await info.context.loaders.order_line_by_id.load(
            self.order_line_id))

    @strawberry.field
    async def product(self, info: Info) -> ProductT:
        product_id = self.product_id
        if product_id is None and self.order_line_id is not None:  # lines from before
            line = await info.context.loaders.order_line_by_id.load(self.order_line_id)
            product_id = None if line is None else line.product_id
        return graph("Product", None if product_id is None else
                     await info.context.loaders.product_by_id.load(product_id))

    @strawberry.field(description="Lots delivered on this line, printed on the PDF.")
    async def lots(self, info: Info) -> list[LotT]:
        if self.order_line_id is None:
            return []
        return graphs("Lot", await info.context.loaders.lots_by_invoice_line.load(
            (self.invoice_id, self.order_line_id)))

    @strawberry.field
    async def serials(self, info: Info) -> list[SerialT]:
        if self.order_line_id is None:
            return []
        return graphs("Serial", await info.context.loaders.serials_by_invoice_line.load(
            (self.invoice_id, self.order_line_id)))


@strawberry.type
class CreditNoteLine(FromRow):
    description: str
    quantity: int | None = strawberry.field(
        description="Set when units were credited; null for an amount credit.")
    net_amount: Decimal
    tax_rate: Decimal
    tax_amount: Decimal
    invoice_line_id: strawberry.Private[int]

    @strawberry.field
    async def invoice_line(self, info: Info) -> InvoiceLine:
        return InvoiceLine.required(
            await info.context.loaders.invoice_line_by_id.load(self.invoice_line_id))
