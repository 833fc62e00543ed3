"""Root fields of recalls: a partner sees those that notified it."""

import strawberry

from backend.resolvers import recalls as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.recalls.types import Recall


@strawberry.field
async def recalls(
    info: Info, first: int | None = None, after: str | None = None
) -> Connection[Recall]:
    return Connection.of(await reads.recalls(info.context, first, after), Recall.from_row)
