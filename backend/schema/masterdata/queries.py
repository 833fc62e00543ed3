"""Root reads of master data."""

import strawberry

from backend.resolvers import masterdata as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.masterdata.types import PriceList
from backend.schema.permissions import staff_only


@strawberry.field(extensions=staff_only())
async def price_lists(info: Info, first: int | None = None, after: str | None = None,
                      search: str | None = None) -> Connection[PriceList]:
    page = await reads.price_lists(info.context, first, after, search)
    return Connection.of(page, PriceList.from_row)
