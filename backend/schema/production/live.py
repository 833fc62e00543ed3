"""Work order changes as they commit; staff only."""

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from backend import enums
from backend.api.ids import pk_of
from backend.domain.production.events import WORK_ORDER_CHANGED
from backend.events import cursors
from backend.events.store import Event
from backend.resolvers.context import Info
from backend.resolvers.live import events
from backend.schema.permissions import staff_only
from backend.schema.production.orders import WorkOrder, WorkOrderStatus

strawberry.enum(enums.WorkOrderEventKind)

from backend.enums import WorkOrderEventKind  # noqa: E402 - registered above

SHARED_KEY = "work_order_changed"


@strawberry.type
class WorkOrderChange:
    cursor: str
    occurred_at: datetime
    kind: WorkOrderEventKind
    from_: WorkOrderStatus | None = strawberry.field(name="from")
    to: WorkOrderStatus
    work_order_id: strawberry.Private[int]

    @strawberry.field
    async def work_order(self, info: Info) -> WorkOrder:
        return WorkOrder.required(
            await info.context.loaders.work_order_by_id.load(self.work_order_id))

    @classmethod
    def from_event(cls, event: Event) -> "WorkOrderChange":
        p = event.payload
        return cls(cursor=cursors.encode(event.id), occurred_at=event.occurred_at,
                   kind=WorkOrderEventKind(p["kind"]),
                   from_=WorkOrderStatus(p["from"]) if p.get("from") else None,
                   to=WorkOrderStatus(p["to"]), work_order_id=int(p["workOrderId"]))


@strawberry.subscription(description="Staff only. `after` replays from a cursor.",
                         extensions=staff_only())
async def work_order_changed(
    info: Info, work_order_id: strawberry.ID | None = None, after: str | None = None,
) -> AsyncGenerator[WorkOrderChange, None]:
    wanted = pk_of(work_order_id, "WorkOrder", argument="workOrderId") if work_order_id else None

    def accepts(event: Event) -> bool:
        return wanted is None or event.payload.get("workOrderId") == wanted

    async for event in events(info.context, topics=(WORK_ORDER_CHANGED,), accepts=accepts,
                              after=after):
        change = event.shared.get(SHARED_KEY)
        if change is None:
            change = event.shared[SHARED_KEY] = WorkOrderChange.from_event(event)
        yield change
