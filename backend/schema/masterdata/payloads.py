"""Payloads of the master data mutations."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.schema.common import UserError
from backend.schema.masterdata.types import PriceList

if TYPE_CHECKING:
    from backend.schema.catalog.types import Product, Warehouse
    from backend.schema.parties.types import Customer, Supplier

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.parties.types")]
ProductT = Annotated["Product", strawberry.lazy("backend.schema.catalog.types")]
WarehouseT = Annotated["Warehouse", strawberry.lazy("backend.schema.catalog.types")]


@strawberry.type
class CustomerPayload:
    customer: CustomerT | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SupplierPayload:
    supplier: SupplierT | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProductPayload:
    product: ProductT | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WarehousePayload:
    warehouse: WarehouseT | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PriceListPayload:
    price_list: PriceList | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
