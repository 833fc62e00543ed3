"""Root fields of the viewer, customers and suppliers."""

import strawberry

from backend.resolvers import parties as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.parties.types import Customer, Supplier, User
from backend.schema.permissions import staff_only


@strawberry.field
async def viewer(info: Info) -> User | None:
    return User.maybe(await reads.viewer(info.context))


@strawberry.field
async def customers(
    info: Info, first: int | None = None, after: str | None = None, search: str | None = None
) -> Connection[Customer]:
    return Connection.of(await reads.customers(info.context, first, after, search),
                         Customer.from_row)


@strawberry.field(extensions=staff_only())
async def suppliers(
    info: Info, first: int | None = None, after: str | None = None, search: str | None = None
) -> Connection[Supplier]:
    return Connection.of(await reads.suppliers(info.context, first, after, search),
                         Supplier.from_row)
