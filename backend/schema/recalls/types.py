"""Recalls and the notices sent to customers who received affected units."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph
from backend.schema.enums import RecallClass, RecallStatus
from backend.schema.fulfilment.types import Shipment
from backend.schema.quality.types import Lot

if TYPE_CHECKING:
    from backend.schema.parties.types import Customer, User

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]


@strawberry.type
class RecallNotice(FromRow):
    notified_at: datetime
    acknowledged_at: datetime | None
    customer_id: strawberry.Private[int]
    acknowledged_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field
    async def acknowledged_by(self, info: Info) -> UserT | None:
        if self.acknowledged_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.acknowledged_by_id))


@strawberry.type
class Recall(FromRow, Node):
    number: str
    reason: str
    recall_class: RecallClass
    status: RecallStatus
    initiated_at: datetime
    initiated_by_id: strawberry.Private[int]

    @strawberry.field
    async def initiated_by(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.initiated_by_id))

    @strawberry.field
    async def root_lots(self, info: Info) -> list[Lot]:
        lots = await info.context.loaders.recall_lots_by_recall_id.load(self.pk)
        return Lot.many(lot for lot in lots if lot.is_root)

    @strawberry.field
    async def affected_lots(self, info: Info) -> list[Lot]:
        return Lot.many(await info.context.loaders.recall_lots_by_recall_id.load(self.pk))

    @strawberry.field
    async def affected_shipments(self, info: Info) -> list[Shipment]:
        return Shipment.many(
            await info.context.loaders.recall_shipments_by_recall_id.load(self.pk)
        )

    @strawberry.field
    async def notices(self, info: Info) -> list[RecallNotice]:
        return RecallNotice.many(await info.context.loaders.notices_by_recall_id.load(self.pk))
