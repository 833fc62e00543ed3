"""Live updates over WebSocket (graphql-transport-ws), read from the transactional outbox.

Every subscriber of an event gets the same root value, so that identical
subscriptions share one execution of the event (backend/events/shared_results.py).
"""

from collections.abc import AsyncGenerator, Callable
from datetime import datetime
from typing import TypeVar

import strawberry

from backend.api.ids import pk_of
from backend.domain.trust import outbox
from backend.enums import OrderStatus as OrderStatusValue
from backend.enums import StockMoveKind as StockMoveKindValue
from backend.events import cursors
from backend.events.store import Event
from backend.resolvers.context import Info
from backend.resolvers.live import events
from backend.resolvers.nodes import load_row
from backend.schema.catalog.types import Product, Warehouse
from backend.schema.enums import OrderStatus, StockMoveKind
from backend.schema.finance.live import InvoiceChange
from backend.schema.orders.types import SalesOrder
from backend.schema.permissions import staff_only
from backend.schema.production import live as production_live
from backend.schema.purchasing import live as purchasing_live
from backend.schema.quality import live as quality_live
from backend.schema.quality.types import Lot
from backend.schema.recalls.types import Recall
from backend.schema.tasks import fields as task_fields

T = TypeVar("T")


@strawberry.type
class StockChange:
    cursor: str = strawberry.field(
        description="Monotonic event cursor; pass it as `after` to resume without gaps."
    )
    occurred_at: datetime
    delta: int
    on_hand: int
    available: int
    kind: StockMoveKind
    product_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.warehouse_id)
        )

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @classmethod
    def from_event(cls, event: Event) -> "StockChange":
        p = event.payload
        return cls(
            cursor=cursors.encode(event.id),
            occurred_at=event.occurred_at,
            delta=p["delta"],
            on_hand=p["on_hand"],
            available=p["available"],
            kind=StockMoveKindValue(p["kind"]),
            product_id=p["product_id"],
            warehouse_id=p["warehouse_id"],
            lot_id=p["lot_id"],
        )


@strawberry.type
class OrderStatusChange:
    cursor: str
    occurred_at: datetime
    from_: OrderStatus | None = strawberry.field(name="from")
    to: OrderStatus
    order_id: strawberry.Private[int]

    @strawberry.field
    async def order(self, info: Info) -> SalesOrder:
        return SalesOrder.required(await info.context.loaders.order_by_id.load(self.order_id))

    @classmethod
    def from_event(cls, event: Event) -> "OrderStatusChange":
        p = event.payload
        return cls(
            cursor=cursors.encode(event.id),
            occurred_at=event.occurred_at,
            from_=OrderStatusValue(p["from"]) if p.get("from") else None,
            to=OrderStatusValue(p["to"]),
            order_id=p["order_id"],
        )


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Stock moves as they commit; staff only. `after` replays from a cursor.",
        extensions=staff_only(),
    )
    async def stock_changed(
        self,
        info: Info,
        product_id: strawberry.ID | None = None,
        warehouse_id: strawberry.ID | None = None,
        after: str | None = None,
    ) -> AsyncGenerator[StockChange, None]:
        product = pk_of(product_id, "Product", argument="productId") if product_id else None
        warehouse = (
            pk_of(warehouse_id, "Warehouse", argument="warehouseId") if warehouse_id else None
        )

        def accepts(event: Event) -> bool:
            p = event.payload
            return (product is None or p["product_id"] == product) and (
                warehouse is None or p["warehouse_id"] == warehouse
            )

        stream = events(info.context, topics=(outbox.STOCK_CHANGED,), accepts=accepts, after=after)
        async for event in stream:
            yield shared_payload(event, StockChange.from_event)

    @strawberry.subscription(
        description="Order status changes as they commit; a partner sees its own orders only."
    )
    async def order_status_changed(
        self, info: Info, order_id: strawberry.ID | None = None, after: str | None = None
    ) -> AsyncGenerator[OrderStatusChange, None]:
        customer = info.context.actor.customer_scope
        order = pk_of(order_id, "SalesOrder", argument="orderId") if order_id else None

        def accepts(event: Event) -> bool:
            return (customer is None or event.customer_id == customer) and (
                order is None or event.payload["order_id"] == order
            )

        async for event in events(
            info.context,
            topics=(outbox.ORDER_STATUS_CHANGED,),
            accepts=accepts,
            after=after,
            customer_id=customer,
        ):
            yield shared_payload(event, OrderStatusChange.from_event)

    @strawberry.subscription(
        description="Recalls as they are initiated; a partner sees those that notified it."
    )
    async def recall_initiated(self, info: Info) -> AsyncGenerator[Recall, None]:
        stream = events(info.context, topics=(outbox.RECALL_INITIATED,), accepts=_any)
        async for event in stream:
            # Visibility rules as for `node`: a partner only gets recalls with a notice to it.
            row = await load_row(info.context, "Recall", event.aggregate_id)
            if row is not None:
                yield Recall.from_row(row)

    # finance desk
    @strawberry.subscription(
        description="Invoice status changes as they commit (issued, paid, credited, voided); a "
        "partner sees its own customer's."
    )
    async def invoice_changed(
        self, info: Info, customer_id: strawberry.ID | None = None, after: str | None = None
    ) -> AsyncGenerator[InvoiceChange, None]:
        scope = info.context.actor.customer_scope
        customer = pk_of(customer_id, "Customer", argument="customerId") if customer_id else None

        def accepts(event: Event) -> bool:
            return (scope is None or event.customer_id == scope) and (
                customer is None or event.customer_id == customer
            )

        async for event in events(
            info.context, topics=(outbox.INVOICE_CHANGED,), accepts=accepts, after=after,
            customer_id=scope,
        ):
            yield shared_payload(event, InvoiceChange.from_event)

    # quality loop
    stock_level_changed = quality_live.stock_level_changed
    # purchasing
    purchase_order_status_changed = purchasing_live.purchase_order_status_changed
    # production
    work_order_changed = production_live.work_order_changed
    recall_notice_overdue = quality_live.recall_notice_overdue
    # the header's bell
    viewer_tasks_changed = task_fields.viewer_tasks_changed


def _any(event: Event) -> bool:
    return True


def shared_payload(event: Event, build: Callable[[Event], T]) -> T:
    """The event's root value, one object for all its subscribers.

    Its identity is how SharedEventExecutor tells that subscribers got the same
    event, and executes it once for each group of identical subscriptions.
    """
    key = ("payload", build)
    payload = event.shared.get(key)
    if payload is None:
        payload = event.shared[key] = build(event)
    return payload

