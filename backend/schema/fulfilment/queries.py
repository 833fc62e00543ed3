"""Root fields of replenishment requests."""

import strawberry

from backend.api.ids import pk_of
from backend.resolvers import fulfilment as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.fulfilment.types import ReplenishmentRequest, ReplenishmentStatus
from backend.schema.permissions import staff_only


@strawberry.field(
    description="Backordered quantities to buy or make, newest first.", extensions=staff_only()
)
async def replenishment_requests(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    status: list[ReplenishmentStatus] | None = None,
    product_id: strawberry.ID | None = None,
) -> Connection[ReplenishmentRequest]:
    product = None if product_id is None else pk_of(product_id, "Product", argument="productId")
    statuses = [s.value for s in status or ()]
    page = await reads.replenishment_requests(info.context, first, after, statuses, product)
    return Connection.of(page, ReplenishmentRequest.from_row)
