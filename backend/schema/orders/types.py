"""Sales orders, their lines, allocations and approvals, and quotes."""

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend.api.ids import pk_of
from backend.domain.sales import quotes
from backend.domain.sales.promise import LinePromise as LinePromiseData
from backend.enums import OrderLineStatus
from backend.resolvers.context import Info
from backend.resolvers.orders import OrderFilter, OrderSort
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.catalog.types import Product, Warehouse
from backend.schema.customfields.inputs import CustomFieldFilterInput
from backend.schema.customfields.types import SalesOrderCustomFields
from backend.schema.enums import ApprovalStatus, OrderAction, OrderStatus, Role
from backend.schema.finance.extensions import OrderLineFinance, SalesOrderFinance
from backend.schema.orders.change_types import (
    LinePromise,
    SalesOrderVersion,
    ShipToAddress,
    line_status_of,
)
from backend.schema.permissions import staff_only
from backend.schema.quality.types import Document, Lot, Serial, Signature

if TYPE_CHECKING:
    from backend.schema.finance.types import Invoice
    from backend.schema.fulfilment.types import Shipment
    from backend.schema.parties.types import Customer, User
    from backend.schema.quality.holds import AllocationIssue

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
InvoiceT = Annotated["Invoice", strawberry.lazy("backend.schema.finance.types")]
ShipmentT = Annotated["Shipment", strawberry.lazy("backend.schema.fulfilment.types")]
AllocationIssueT = Annotated["AllocationIssue", strawberry.lazy("backend.schema.quality.holds")]


# Orders without promises to keep: not yet submitted, or finished.
UNPROMISED = (OrderStatus.DRAFT, OrderStatus.REJECTED, OrderStatus.CANCELLED, OrderStatus.SHIPPED,
              OrderStatus.DELIVERED, OrderStatus.INVOICED, OrderStatus.CLOSED)


strawberry.enum(
    OrderSort, name="SalesOrderOrderBy",
    description="How `salesOrders` is ordered: newest first (the default), or by the date the "
                "customer counts on (promised, else requested; undated last), then number.")


@strawberry.input
class SalesOrderFilter:
    status: list[OrderStatus] | None = None
    customer_id: strawberry.ID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str | None = strawberry.field(
        default=None, description="Matches order number or customer reference."
    )
    custom_fields: list[CustomFieldFilterInput] | None = strawberry.field(
        default=None, description="Every filter must match.")

    def to_query(self) -> OrderFilter:
        return OrderFilter(
            statuses=tuple(self.status or ()),
            customer_id=None if self.customer_id is None
            else pk_of(self.customer_id, "Customer", argument="filter.customerId"),
            created_from=self.created_from,
            created_to=self.created_to,
            search=self.search,
            custom_fields=tuple((f.key, f.value) for f in self.custom_fields or ()),
        )


@strawberry.type
class SalesOrder(SalesOrderFinance, SalesOrderCustomFields, FromRow, Node):
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
    # change control
    version: int = strawberry.field(description="The current version number.")
    ship_to_data: strawberry.Private[dict[str, Any] | None]

    @classmethod
    def from_row(cls, row: Any) -> "SalesOrder":
        order = super().from_row(row)
        order.ship_to_data = order.__dict__.pop("ship_to", None)
        order.__dict__["needs_reallocation_"] = order.__dict__.pop("needs_reallocation", False)
        return order

    @strawberry.field
    def ship_to(self) -> ShipToAddress | None:
        return ShipToAddress.of(self.ship_to_data)

    @strawberry.field(description="Oldest first.")
    async def versions(self, info: Info) -> list[SalesOrderVersion]:
        return SalesOrderVersion.many(await info.context.loaders.versions_by_order_id.load(self.pk))

    @strawberry.field(
        description="Some line's promise falls after the requested delivery date, or a line "
        "has no promise."
    )
    async def late_promise(self, info: Info) -> bool:
        if self.status in UNPROMISED:
            return False
        lines = await info.context.loaders.lines_by_order_id.load(self.pk)
        return any(
            line.promise is None or line.promise.get("late", False)
            for line in lines
            if line.status == OrderLineStatus.OPEN and line.quantity > line.shipped_quantity
        )

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

    # quality loop
    @strawberry.field(description="Staff only. Newest first.", extensions=staff_only())
    async def allocation_issues(self, info: Info) -> list[AllocationIssueT]:
        return graphs("AllocationIssue",
                      await info.context.loaders.allocation_issues_by_order_id.load(self.pk))

    @strawberry.field(description="True while some quantity lost its reservation and is not "
                      "re-allocated yet.")
    def needs_reallocation(self) -> bool:
        return bool(self.__dict__.get("needs_reallocation_", False))


@strawberry.type
class OrderLine(OrderLineFinance, FromRow, Node):
    line_number: int
    quantity: int
    unit_price: Decimal
    discount_percent: Decimal
    tax_rate: Decimal
    line_total: Decimal
    shipped_quantity: int
    product_id: strawberry.Private[int]
    status: OrderLineStatus
    promise_data: strawberry.Private[dict[str, Any] | None]

    @classmethod
    def from_row(cls, row: Any) -> "OrderLine":
        line = super().from_row(row)
        values = line.__dict__
        values["status"] = line_status_of(values["status"], line.quantity, line.shipped_quantity)
        line.promise_data = values.pop("promise", None)
        return line

    @strawberry.field(
        description="The line's current promise: made at submit, renewed on every amendment "
        "and when a hold or recall takes its reserved stock."
    )
    def promise(self) -> LinePromise | None:
        if not self.promise_data:
            return None
        return LinePromise.of(LinePromiseData.of(self.promise_data))

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
    level: int = strawberry.field(
        description="Position in the rule's chain; level 2 is decided only after every "
        "approval of level 1."
    )
    order_version: int = strawberry.field(description="The order version this approval was "
                                          "asked for.")
    decided_at: datetime | None
    on_behalf_of_id: strawberry.Private[int | None]

    @strawberry.field(description="Set when a delegate decided: the user whose authority was "
                      "delegated.")
    async def on_behalf_of(self, info: Info) -> UserT | None:
        if self.on_behalf_of_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.on_behalf_of_id))

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
