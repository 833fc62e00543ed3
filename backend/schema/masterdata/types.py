"""Master data types and the master data fields of Customer, Warehouse and Supplier."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.resolvers import masterdata as reads
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph
from backend.schema.common import Connection
from backend.schema.masterdata.enums import CustomerAddressKind

if TYPE_CHECKING:
    from backend.schema.catalog.types import Product

ProductT = Annotated["Product", strawberry.lazy("backend.schema.catalog.types")]


@strawberry.type
class CustomerContact(FromRow):
    name: str
    role: str | None
    email: str | None
    phone: str | None

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.pk))


@strawberry.type
class CustomerAddress(FromRow):
    kind: CustomerAddressKind
    name: str | None
    street: str
    postal_code: str
    city: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2.")
    region: str | None = strawberry.field(
        description="Transit-lane region of this address; the customer's region if null.")

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.pk))


@strawberry.type
class TransitLane(FromRow):
    region: str
    transit_days: int
    carrier: str | None


@strawberry.type
class PriceListEntry(FromRow):
    product_id: strawberry.Private[int]
    unit_price: Decimal

    @strawberry.field
    async def product(self, info: Info) -> ProductT:
        return graph("Product", await info.context.loaders.product_by_id.load(self.product_id))


@strawberry.type
class PriceList(FromRow, Node):
    code: str
    name: str
    currency: str
    valid_from: date | None
    valid_to: date | None
    is_default: bool = strawberry.field(
        description="True for the one list every customer falls back to.")

    @strawberry.field
    async def prices(self, info: Info, first: int | None = None,
                     after: str | None = None) -> Connection[PriceListEntry]:
        page = await reads.price_list_entries(info.context, self.pk, first, after)
        return Connection.of(page, PriceListEntry.from_row)


@strawberry.type
class CustomerMasterData:
    active: bool = strawberry.field(description="Inactive customers take no new orders.")
    price_list_id: strawberry.Private[int | None]

    @strawberry.field
    async def contacts(self, info: Info) -> list[CustomerContact]:
        pk = self.pk  # type: ignore[attr-defined]
        return CustomerContact.many(await info.context.loaders.contacts_by_customer_id.load(pk))

    @strawberry.field
    async def addresses(self, info: Info) -> list[CustomerAddress]:
        pk = self.pk  # type: ignore[attr-defined]
        return CustomerAddress.many(await info.context.loaders.addresses_by_customer_id.load(pk))

    @strawberry.field(description="The customer's own price list; products missing from it "
                      "take the default list's price.")
    async def price_list(self, info: Info) -> PriceList | None:
        if self.price_list_id is None:
            return None
        return PriceList.maybe(await info.context.loaders.price_list_by_id.load(
            self.price_list_id))


@strawberry.type
class WarehouseMasterData:
    address: str | None
    active: bool

    @strawberry.field
    async def transit_lanes(self, info: Info) -> list[TransitLane]:
        pk = self.pk  # type: ignore[attr-defined]
        return TransitLane.many(await info.context.loaders.lanes_by_warehouse_id.load(pk))


@strawberry.type
class SupplierMasterData:
    address: str | None
