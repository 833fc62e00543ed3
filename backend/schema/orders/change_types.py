"""Types of orders under change control: versions and their changes, ship-to addresses,
line promises."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend import enums
from backend.domain.sales.promise import LinePromise as LinePromiseData
from backend.enums import OrderLineStatus, PromiseSource
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph
from backend.schema.catalog.types import Product, Warehouse
from backend.schema.common import UserError

if TYPE_CHECKING:
    from backend.schema.orders.types import SalesOrder
    from backend.schema.parties.types import User

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
SalesOrderT = Annotated["SalesOrder", strawberry.lazy("backend.schema.orders.types")]

strawberry.enum(enums.OrderLineStatus)
strawberry.enum(enums.PromiseSource)


@strawberry.type(
    description="Where an order goes; a snapshot kept with the order version, not a link to "
    "master data."
)
class ShipToAddress:
    name: str
    street: str
    postal_code: str
    city: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2.")
    region: str = strawberry.field(
        description="The transit-lane region deliveries to this address use (e.g. DE-EAST)."
    )

    @classmethod
    def of(cls, stored: dict[str, Any] | None) -> "ShipToAddress | None":
        if not stored:
            return None
        return cls(name=stored["name"], street=stored["street"],
                   postal_code=stored["postalCode"], city=stored["city"],
                   country=stored["country"], region=stored["region"])


@strawberry.input
class ShipToInput:
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    region: str

    def stored(self) -> dict[str, str]:
        return {"name": self.name.strip(), "street": self.street.strip(),
                "postalCode": self.postal_code.strip(), "city": self.city.strip(),
                "country": self.country.strip(), "region": self.region.strip()}


@strawberry.type(description="One field that a version changed, against the version before it.")
class OrderFieldChange:
    field: str = strawberry.field(
        description="Order fields: requestedDeliveryDate, customerReference, shipTo. Line "
        "fields: line (a line added: before null), quantity, unitPrice, discountPercent, status."
    )
    line_number: int | None = strawberry.field(
        description="The line's number for a line field; null for the order's own fields."
    )
    before: str | None = strawberry.field(
        description='The value as the API serialises it ("10", "29.90", "2026-12-20"); shipTo '
        'as one line "name, street, postalCode city, country (region)"; null when there was '
        "none."
    )
    after: str | None


@strawberry.type
class SalesOrderVersion(FromRow, Node):
    version: int = strawberry.field(
        description="1 is the order as created (edits while DRAFT change it in place); each "
        "amendment or short-close adds one."
    )
    created_at: datetime
    reason: str | None
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    order_id: strawberry.Private[int]
    created_by_id: strawberry.Private[int | None]
    stored_changes: strawberry.Private[list[dict[str, Any]]]

    @classmethod
    def from_row(cls, row: Any) -> "SalesOrderVersion":
        version = super().from_row(row)
        version.stored_changes = version.__dict__.pop("changes") or []
        return version

    @strawberry.field(description="Empty for version 1.")
    def changes(self) -> list[OrderFieldChange]:
        return [OrderFieldChange(field=c["field"], line_number=c.get("lineNumber"),
                                 before=c.get("before"), after=c.get("after"))
                for c in self.stored_changes]

    @strawberry.field
    async def order(self, info: Info) -> SalesOrderT:
        return graph("SalesOrder", await info.context.loaders.order_by_id.load(self.order_id))

    @strawberry.field
    async def created_by(self, info: Info) -> UserT | None:
        if self.created_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.created_by_id))


@strawberry.type
class LinePromise:
    quantity: int
    from_stock: int = strawberry.field(
        description="How much of the quantity released, unexpired, unreserved stock meeting "
        "the customer's shelf-life minimum covers now."
    )
    source: PromiseSource
    promised_ship_date: date | None = strawberry.field(
        description="The day the whole line can leave a warehouse."
    )
    promised_delivery_date: date | None
    late: bool = strawberry.field(
        description="The promise falls after the requested delivery date, or there is none."
    )
    computed_at: datetime
    product_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, made: LinePromiseData) -> "LinePromise":
        return cls(quantity=made.quantity, from_stock=made.from_stock, source=made.source,
                   promised_ship_date=made.promised_ship_date,
                   promised_delivery_date=made.promised_delivery_date, late=made.late,
                   computed_at=made.computed_at, product_id=made.product_id,
                   warehouse_id=made.warehouse_id)

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field(
        description="The warehouse the stock part would ship from (nearest first, as "
        "allocation picks)."
    )
    async def warehouse(self, info: Info) -> Warehouse | None:
        if self.warehouse_id is None:
            return None
        return Warehouse.maybe(await info.context.loaders.warehouse_by_id.load(self.warehouse_id))


@strawberry.type
class AvailableToPromise:
    lines: list[LinePromise] = strawberry.field(default_factory=list)
    promised_delivery_date: date | None = strawberry.field(
        default=None,
        description="The latest line's promised delivery date; null when some line has none.",
    )
    late: bool = False
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def line_status_of(row_status: str, quantity: int, shipped: int) -> OrderLineStatus:
    status = OrderLineStatus(row_status)
    if status == OrderLineStatus.OPEN and quantity > 0 and shipped >= quantity:
        return OrderLineStatus.SHIPPED
    return status
