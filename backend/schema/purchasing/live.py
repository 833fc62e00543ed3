"""Purchase order status changes as they commit; staff only."""

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from backend.api.ids import pk_of
from backend.domain.purchasing.purchase_orders import PURCHASE_ORDER_STATUS_CHANGED
from backend.events import cursors
from backend.events.store import Event
from backend.resolvers.context import Info
from backend.resolvers.live import events
from backend.schema.permissions import staff_only
from backend.schema.purchasing.orders import PurchaseOrder, PurchaseOrderStatus

SHARED_KEY = "purchase_order_status"


@strawberry.type
class PurchaseOrderStatusChange:
    cursor: str
    occurred_at: datetime
    from_: PurchaseOrderStatus | None = strawberry.field(name="from")
    to: PurchaseOrderStatus
    purchase_order_id: strawberry.Private[int]

    @strawberry.field
    async def purchase_order(self, info: Info) -> PurchaseOrder:
        return PurchaseOrder.required(
            await info.context.loaders.purchase_order_by_id.load(self.purchase_order_id))

    @classmethod
    def from_event(cls, event: Event) -> "PurchaseOrderStatusChange":
        p = event.payload
        return cls(cursor=cursors.encode(event.id), occurred_at=event.occurred_at,
                   from_=PurchaseOrderStatus(p["from"]) if p.get("from") else None,
                   to=PurchaseOrderStatus(p["to"]), purchase_order_id=int(p["purchaseOrderId"]))


@strawberry.subscription(description="PO status changes as they commit; staff only.",
                         extensions=staff_only())
async def purchase_order_status_changed(
    info: Info, purchase_order_id: strawberry.ID | None = None, after: str | None = None,
) -> AsyncGenerator[PurchaseOrderStatusChange, None]:
    wanted = (pk_of(purchase_order_id, "PurchaseOrder", argument="purchaseOrderId")
              if purchase_order_id else None)

    def accepts(event: Event) -> bool:
        return wanted is None or event.payload.get("purchaseOrderId") == wanted

    async for event in events(info.context, topics=(PURCHASE_ORDER_STATUS_CHANGED,),
                              accepts=accepts, after=after):
        change = event.shared.get(SHARED_KEY)
        if change is None:
            change = event.shared[SHARED_KEY] = PurchaseOrderStatusChange.from_event(event)
        yield change
