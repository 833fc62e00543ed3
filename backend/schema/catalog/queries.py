"""Root fields of the catalogue: any signed-in user may read it."""

import strawberry

from backend.resolvers import catalog as reads
from backend.resolvers.context import Info
from backend.schema.catalog.types import Product, Warehouse
from backend.schema.common import Connection
from backend.schema.permissions import signed_in


@strawberry.field(extensions=signed_in())
async def products(
    info: Info, first: int | None = None, after: str | None = None, search: str | None = None
) -> Connection[Product]:
    return Connection.of(await reads.products(info.context, first, after, search),
                         Product.from_row)


@strawberry.field(extensions=signed_in())
async def warehouses(info: Info) -> list[Warehouse]:
    return Warehouse.many(await reads.warehouses(info.context))
