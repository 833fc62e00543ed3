"""Quotes, backorder replenishment, stock transfers, customer returns and credit notes."""

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import select

from backend import enums
from backend.db import models as m
from backend.schema.inputs import OrderLineInput
from backend.schema.node import FromRow, Node
from backend.schema.payloads import UserError
from backend.schema.types.catalog import Product, Warehouse
from backend.schema.types.finance import Invoice
from backend.schema.types.orders import LotQuantity, SalesOrder, Shipment
from backend.schema.types.quality import Lot

if TYPE_CHECKING:
    from backend.schema.types.parties import Customer, User

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.types.parties")]
UserT = Annotated["User", strawberry.lazy("backend.schema.types.parties")]


@strawberry.enum
class QuoteStatus(Enum):
    OPEN = "OPEN"
    EXPIRED = "EXPIRED"
    CONVERTED = "CONVERTED"
    CANCELLED = "CANCELLED"


ReplenishmentKind = strawberry.enum(enums.Replenishment, name="ReplenishmentKind")
ReplenishmentStatus = strawberry.enum(enums.ReplenishmentStatus)

quotes_t = m.Quote.__table__
quote_lines_t = m.QuoteLine.__table__
returns_t = m.CustomerReturn.__table__
return_lines_t = m.CustomerReturnLine.__table__
credit_notes_t = m.CreditNote.__table__
transfers_t = m.StockTransfer.__table__
replenishment_t = m.ReplenishmentRequest.__table__
order_lines_t = m.SalesOrderLine.__table__


@strawberry.type
class QuoteLine(FromRow):
    line_number: int
    quantity: int
    unit_price: Decimal
    discount_percent: Decimal
    tax_rate: Decimal
    line_total: Decimal
    product_id: strawberry.Private[int]

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Product:
        return await info.context.loaders.product_by_id.load(self.product_id)


@strawberry.type(description="Prices offered to a customer, convertible into an order while valid.")
class Quote(FromRow, Node):
    number: str
    valid_until: date
    customer_reference: str | None
    currency: str
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    created_at: datetime
    customer_id: strawberry.Private[int]
    order_id: strawberry.Private[int | None]
    stored_status: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: Any) -> "Quote":
        quote = super().from_row(row)
        quote.stored_status = quote.__dict__.pop("status")
        return quote

    @strawberry.field(description="EXPIRED once an open quote is past its validity date.")
    def status(self) -> QuoteStatus:
        if (
            self.stored_status == enums.QuoteStatus.OPEN
            and self.valid_until < datetime.now(UTC).date()
        ):
            return QuoteStatus.EXPIRED
        return QuoteStatus(self.stored_status)

    @strawberry.field
    async def customer(self, info: strawberry.Info) -> CustomerT:
        return await info.context.loaders.customer_by_id.load(self.customer_id)

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[QuoteLine]:
        return await info.context.loaders.quote_lines_by_quote_id.load(self.pk)

    @strawberry.field(description="The order it became, once converted.")
    async def order(self, info: strawberry.Info) -> SalesOrder | None:
        if self.order_id is None:
            return None
        return await info.context.loaders.order_by_id.load(self.order_id)


@strawberry.type(description="A backordered quantity to buy or make.")
class ReplenishmentRequest(FromRow, Node):
    number: str
    quantity: int
    kind: ReplenishmentKind
    status: ReplenishmentStatus
    created_at: datetime
    closed_at: datetime | None
    product_id: strawberry.Private[int]
    order_line_id: strawberry.Private[int | None]
    order_id: strawberry.Private[int | None]

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Product:
        return await info.context.loaders.product_by_id.load(self.product_id)

    @strawberry.field(description="The order whose line is backordered.")
    async def order(self, info: strawberry.Info) -> SalesOrder | None:
        if self.order_id is None:
            return None
        return await info.context.loaders.order_by_id.load(self.order_id)


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
    async def lot(self, info: strawberry.Info) -> Lot:
        return await info.context.loaders.lot_by_id.load(self.lot_id)

    @strawberry.field
    async def from_warehouse(self, info: strawberry.Info) -> Warehouse:
        return await info.context.loaders.warehouse_by_id.load(self.from_warehouse_id)

    @strawberry.field
    async def to_warehouse(self, info: strawberry.Info) -> Warehouse:
        return await info.context.loaders.warehouse_by_id.load(self.to_warehouse_id)


@strawberry.type
class CreditNote(FromRow, Node):
    number: str
    issued_on: date
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    invoice_id: strawberry.Private[int]

    @strawberry.field(description="The invoice of the order the returned goods came from.")
    async def invoice(self, info: strawberry.Info) -> Invoice | None:
        from backend.resolvers.nodes import load_object

        return await load_object(info.context, "Invoice", self.invoice_id)


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
    async def shipment(self, info: strawberry.Info) -> Shipment | None:
        return await info.context.loaders.shipment_by_id.load(self.shipment_id)

    @strawberry.field
    async def warehouse(self, info: strawberry.Info) -> Warehouse:
        return await info.context.loaders.warehouse_by_id.load(self.warehouse_id)

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[ReturnLine]:
        rows = await info.context.loaders.rows(
            select(return_lines_t)
            .where(return_lines_t.c.return_id == self.pk)
            .order_by(return_lines_t.c.id)
        )
        return [ReturnLine.from_row(row) for row in rows]

    @strawberry.field(description="Set when the returned goods had been invoiced.")
    async def credit_note(self, info: strawberry.Info) -> CreditNote | None:
        rows = await info.context.loaders.rows(
            select(credit_notes_t).where(credit_notes_t.c.return_id == self.pk)
        )
        return CreditNote.from_row(rows[0]) if rows else None


# ---------------------------------------------------------------- inputs and payloads


@strawberry.input
class CreateQuoteInput:
    customer_id: strawberry.ID
    valid_until: date
    lines: list[OrderLineInput]
    customer_reference: str | None = None
    idempotency_key: str | None = None


@strawberry.input
class ConvertQuoteInput:
    quote_id: strawberry.ID
    idempotency_key: str | None = None


@strawberry.input
class TransferStockInput:
    lot_id: strawberry.ID
    from_warehouse_id: strawberry.ID
    to_warehouse_id: strawberry.ID
    quantity: int
    serial_numbers: list[str] | None = strawberry.field(
        default=None, description="Required for SERIAL-tracked products: exactly `quantity`."
    )
    reference: str | None = None
    idempotency_key: str | None = None


@strawberry.input
class ReturnLineInput:
    lot_id: strawberry.ID
    quantity: int
    serial_numbers: list[str] | None = None


@strawberry.input
class RecordCustomerReturnInput:
    shipment_id: strawberry.ID
    reason: str
    lines: list[ReturnLineInput]
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None, description="Where the goods come back; the shipping warehouse if omitted."
    )
    idempotency_key: str | None = None


@strawberry.type
class QuotePayload:
    quote: Quote | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class StockTransferPayload:
    transfer: StockTransfer | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CustomerReturnPayload:
    customer_return: CustomerReturn | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


# ---------------------------------------------------------------- node(id:) for these types


async def _one(context: Any, stmt: Any, make: Any) -> Any:
    rows = await context.loaders.rows(stmt)
    return make(rows[0]) if rows else None


def _owned(table: Any, graph_type: Any) -> Any:
    """Records that carry their customer: partners see their own."""

    async def load(context: Any, pk: int) -> Any:
        stmt = select(table).where(table.c.id == pk)
        if context.partner_customer_id is not None:
            stmt = stmt.where(table.c.customer_id == context.partner_customer_id)
        return await _one(context, stmt, graph_type.from_row)

    return load


def _staff(stmt: Any, key: Any, graph_type: Any) -> Any:
    async def load(context: Any, pk: int) -> Any:
        from backend.schema.errors import Forbidden

        if context.partner_customer_id is not None:
            raise Forbidden()
        return await _one(context, stmt.where(key == pk), graph_type.from_row)

    return load


REPLENISHMENT_ROWS = select(replenishment_t, order_lines_t.c.order_id).outerjoin(
    order_lines_t, order_lines_t.c.id == replenishment_t.c.order_line_id
)

NODE_LOADERS = {
    "Quote": _owned(quotes_t, Quote),
    "CustomerReturn": _owned(returns_t, CustomerReturn),
    "CreditNote": _owned(credit_notes_t, CreditNote),
    "StockTransfer": _staff(select(transfers_t), transfers_t.c.id, StockTransfer),
    "ReplenishmentRequest": _staff(REPLENISHMENT_ROWS, replenishment_t.c.id, ReplenishmentRequest),
}
