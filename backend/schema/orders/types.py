"""Sales orders, their lines, allocations and approvals, and quotes."""

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend.api.ids import pk_of, to_global_id
from backend.domain.sales import quotes
from backend.resolvers.context import Info
from backend.resolvers.orders import OrderFilter
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.catalog.types import Product, Warehouse
from backend.schema.enums import ApprovalStatus, OrderAction, OrderStatus, Role
from backend.schema.permissions import staff_only
from backend.schema.quality.types import Document, Lot, Serial, Signature

if TYPE_CHECKING:
    from backend.schema.finance.types import Invoice
    from backend.schema.fulfilment.types import Shipment
    from backend.schema.parties.types import Customer, User

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
InvoiceT = Annotated["Invoice", strawberry.lazy("backend.schema.finance.types")]
ShipmentT = Annotated["Shipment", strawberry.lazy("backend.schema.fulfilment.types")]


@strawberry.input
class SalesOrderFilter:
    status: list[OrderStatus] | None = None
    customer_id: strawberry.ID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str | None = strawberry.field(
        default=None, description="Matches order number or customer reference."
    )

    def to_query(self) -> OrderFilter:
        return OrderFilter(
            statuses=tuple(self.status or ()),
            customer_id=None if self.customer_id is None
            else pk_of(self.customer_id, "Customer", argument="filter.customerId"),
            created_from=self.created_from,
            created_to=self.created_to,
            search=self.search,
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
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field
    async def created_by(self, info: Info) -> UserT | None:
        if self.created_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.created_by_id))

    @strawberry.field
    async def lines(self, info: Info) -> list["OrderLine"]:
        return OrderLine.many(await info.context.loaders.lines_by_order_id.load(self.pk))

    @strawberry.field(
        description="What the viewer may do with this order now, given its state and the "
        "viewer's roles."
    )
    async def available_actions(self, info: Info) -> list[OrderAction]:
        return await info.context.loaders.actions_by_order_id.load(self.pk)

    @strawberry.field(extensions=staff_only())
    async def approvals(self, info: Info) -> list["Approval"]:
        return Approval.many(await info.context.loaders.approvals_by_order_id.load(self.pk))

    @strawberry.field
    async def shipments(self, info: Info) -> list[ShipmentT]:
        return graphs("Shipment", await info.context.loaders.shipments_by_order_id.load(self.pk))

    @strawberry.field
    async def invoices(self, info: Info) -> list[InvoiceT]:
        return graphs("Invoice", await info.context.loaders.invoices_by_order_id.load(self.pk))

    @strawberry.field
    async def documents(self, info: Info) -> list[Document]:
        return Document.many(
            await info.context.loaders.documents_by_node.load(("SalesOrder", self.pk))
        )


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
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field
    async def allocations(self, info: Info) -> list["Allocation"]:
        return Allocation.many(await info.context.loaders.allocations_by_line_id.load(self.pk))


@strawberry.type
class Allocation(FromRow):
    quantity: int
    warehouse_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.warehouse_id)
        )

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field
    async def serials(self, info: Info) -> list[Serial]:
        return Serial.many(await info.context.loaders.serials_by_allocation_id.load(self.pk))


@strawberry.type
class Approval(FromRow):
    rule: str
    required_role: Role
    status: ApprovalStatus
    comment: str | None
    decided_by_id: strawberry.Private[int | None]
    signature_id: strawberry.Private[int | None]

    @strawberry.field
    async def decided_by(self, info: Info) -> UserT | None:
        if self.decided_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.decided_by_id))

    @strawberry.field
    async def signature(self, info: Info) -> Signature | None:
        if self.signature_id is None:
            return None
        return Signature.maybe(await info.context.loaders.signature_by_id.load(self.signature_id))


# ---------------------------------------------------------------- quotes


@strawberry.enum
class QuoteStatus(Enum):
    OPEN = "OPEN"
    EXPIRED = "EXPIRED"
    CONVERTED = "CONVERTED"
    CANCELLED = "CANCELLED"


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
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))


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
        today = datetime.now(UTC).date()
        return QuoteStatus(quotes.effective_status(self.stored_status, self.valid_until, today))

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field
    async def lines(self, info: Info) -> list[QuoteLine]:
        return QuoteLine.many(await info.context.loaders.quote_lines_by_quote_id.load(self.pk))

    @strawberry.field(description="The order it became, once converted.")
    async def order(self, info: Info) -> SalesOrder | None:
        if self.order_id is None:
            return None
        return SalesOrder.maybe(await info.context.loaders.order_by_id.load(self.order_id))
