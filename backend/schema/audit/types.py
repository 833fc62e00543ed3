"""The audit trail and key figures."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend.api.ids import to_global_id
from backend.domain.kpis import Kpis as KpiFigures
from backend.domain.trust import audit
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph
from backend.schema.permissions import staff_only

if TYPE_CHECKING:
    from backend.schema.parties.types import User

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]


@strawberry.type(description="One field's value before and after an audited change, as JSON text.")
class AuditFieldChange:
    field: str
    before: str | None
    after: str | None


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
    stored_changes: strawberry.Private[dict[str, object] | None]

    @classmethod
    def from_row(cls, row: Any) -> "AuditEvent":
        event = super().from_row(row)
        event.stored_changes = event.__dict__.pop("changes", None)
        return event

    @strawberry.field
    def entity_id(self) -> strawberry.ID | None:
        pk = self.__dict__.get("entity_id")
        return None if pk is None else strawberry.ID(to_global_id(self.entity_type, pk))

    @strawberry.field(
        description="What changed (21 CFR 11.10(e): earlier values stay readable). Staff only.",
        extensions=staff_only(),
    )
    async def changes(self) -> list[AuditFieldChange]:
        return [
            AuditFieldChange(field=c.field, before=c.before, after=c.after)
            for c in audit.field_changes(self.stored_changes)
        ]

    @strawberry.field
    async def actor(self, info: Info) -> UserT | None:
        if self.actor_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.actor_id))


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
    # quality loop
    recalls_open: int
    median_hours_to_acknowledgement: float | None = strawberry.field(
        description="Median over recalls initiated in the period; open ones count with their "
        "age so far."
    )
    median_hours_to_containment: float | None
    overdue_recall_notices: int

    @classmethod
    def of(cls, figures: KpiFigures) -> "Kpis":
        return cls(
            from_=figures.first,
            to=figures.last,
            on_time_delivery_rate=figures.on_time_delivery_rate,
            days_sales_outstanding=figures.days_sales_outstanding,
            recall_response_hours=figures.recall_response_hours,
            orders_created=figures.orders_created,
            revenue=figures.revenue,
            recalls_open=figures.recalls_open,
            median_hours_to_acknowledgement=figures.median_hours_to_acknowledgement,
            median_hours_to_containment=figures.median_hours_to_containment,
            overdue_recall_notices=figures.overdue_recall_notices,
        )
