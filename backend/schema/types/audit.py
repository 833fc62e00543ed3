"""The audit trail and key figures."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.schema.ids import to_global_id
from backend.schema.node import FromRow, Node

if TYPE_CHECKING:
    from backend.schema.types.parties import User

UserT = Annotated["User", strawberry.lazy("backend.schema.types.parties")]


@strawberry.type
class AuditEvent(FromRow, Node):
    occurred_at: datetime
    action: str
    entity_type: str
    reason: str | None
    hash: str = strawberry.field(
        description="sha256 over the previous event's hash and this event's canonical form."
    )
    actor_id: strawberry.Private[int | None]

    @strawberry.field
    def entity_id(self) -> strawberry.ID | None:
        pk = self.__dict__.get("entity_id")
        return None if pk is None else strawberry.ID(to_global_id(self.entity_type, pk))

    @strawberry.field
    async def actor(self, info: strawberry.Info) -> UserT | None:
        if self.actor_id is None:
            return None
        return await info.context.loaders.user_by_id.load(self.actor_id)


@strawberry.type
class Kpis:
    from_: date = strawberry.field(name="from")
    to: date
    on_time_delivery_rate: float | None = strawberry.field(
        description="Delivered shipments on or before the promised date, 0..1."
    )
    days_sales_outstanding: float | None = strawberry.field(
        description="Days sales outstanding over the period."
    )
    recall_response_hours: float | None = strawberry.field(
        description="Median hours from recall initiation to the last customer acknowledgement."
    )
    orders_created: int
    revenue: Decimal
