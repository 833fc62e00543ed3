"""Live updates over WebSocket (graphql-transport-ws), read from the transactional outbox.

Each event is resolved with dataloaders of its own (shared by the subscribers of
the same scope), never with the connection's: a connection lives for hours and
its loaders would serve stale figures. Every subscriber of an event gets the same
root value, so that identical subscriptions share one execution of the event
(backend/events/shared_results.py).
"""

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Collection
from contextlib import aclosing
from datetime import datetime
from typing import TypeVar

import strawberry

from backend.domain import outbox
from backend.enums import OrderStatus as OrderStatusValue
from backend.enums import StockMoveKind as StockMoveKindValue
from backend.events import cursors
from backend.events.hub import CursorExpired, EventHub, StreamExpired
from backend.events.store import Event
from backend.resolvers.loaders import Loaders
from backend.resolvers.nodes import load_object
from backend.schema.context import Context
from backend.schema.enums import OrderStatus, StockMoveKind
from backend.schema.errors import ApiError, BadUserInput, Unauthenticated
from backend.schema.ids import pk_of
from backend.schema.types.catalog import Product, Warehouse
from backend.schema.types.orders import SalesOrder
from backend.schema.types.quality import Lot
from backend.schema.types.recalls import Recall

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
    async def product(self, info: strawberry.Info) -> Product:
        return await info.context.loaders.product_by_id.load(self.product_id)

    @strawberry.field
    async def warehouse(self, info: strawberry.Info) -> Warehouse:
        return await info.context.loaders.warehouse_by_id.load(self.warehouse_id)

    @strawberry.field
    async def lot(self, info: strawberry.Info) -> Lot:
        return await info.context.loaders.lot_by_id.load(self.lot_id)

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
    async def order(self, info: strawberry.Info) -> SalesOrder:
        return await info.context.loaders.order_by_id.load(self.order_id)

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
        description="Stock moves as they commit; staff only. `after` replays from a cursor."
    )
    async def stock_changed(
        self,
        info: strawberry.Info,
        product_id: strawberry.ID | None = None,
        warehouse_id: strawberry.ID | None = None,
        after: str | None = None,
    ) -> AsyncGenerator[StockChange, None]:
        info.context.require_staff()
        product = pk_of(product_id, "Product", argument="productId") if product_id else None
        warehouse = (
            pk_of(warehouse_id, "Warehouse", argument="warehouseId") if warehouse_id else None
        )

        def accepts(event: Event) -> bool:
            p = event.payload
            return (product is None or p["product_id"] == product) and (
                warehouse is None or p["warehouse_id"] == warehouse
            )

        events = _events(info, topics=(outbox.STOCK_CHANGED,), accepts=accepts, after=after)
        async for event in events:
            yield shared_payload(event, StockChange.from_event)

    @strawberry.subscription(
        description="Order status changes as they commit; a partner sees its own orders only."
    )
    async def order_status_changed(
        self, info: strawberry.Info, order_id: strawberry.ID | None = None, after: str | None = None
    ) -> AsyncGenerator[OrderStatusChange, None]:
        customer = info.context.partner_customer_id
        order = pk_of(order_id, "SalesOrder", argument="orderId") if order_id else None

        def accepts(event: Event) -> bool:
            return (customer is None or event.customer_id == customer) and (
                order is None or event.payload["order_id"] == order
            )

        async for event in _events(
            info,
            topics=(outbox.ORDER_STATUS_CHANGED,),
            accepts=accepts,
            after=after,
            customer_id=customer,
        ):
            yield shared_payload(event, OrderStatusChange.from_event)

    @strawberry.subscription(
        description="Recalls as they are initiated; a partner sees those that notified it."
    )
    async def recall_initiated(self, info: strawberry.Info) -> AsyncGenerator[Recall, None]:
        async for event in _events(info, topics=(outbox.RECALL_INITIATED,), accepts=_any):
            # Visibility rules as for `node`: a partner only gets recalls with a notice to it.
            recall = await load_object(info.context, "Recall", event.aggregate_id)
            if recall is not None:
                yield recall


def _any(event: Event) -> bool:
    return True


async def _events(
    info: strawberry.Info,
    *,
    topics: Collection[str],
    accepts: Callable[[Event], bool],
    after: str | None = None,
    customer_id: int | None = None,
) -> AsyncIterator[Event]:
    """The caller's events, each with fresh loaders in the context; ends when the token expires."""
    context: Context = info.context
    claims = context.principal
    start = cursors.decode(after) if after is not None else None
    hub: EventHub | None = getattr(context.request.app.state, "events", None)
    if hub is None:
        raise ApiError("Live updates are not running on this server.", code="UNAVAILABLE")
    stream = hub.stream(
        topics=topics,
        accepts=accepts,
        after=start,
        customer_id=customer_id,
        until=claims.expires_at.timestamp(),
    )
    try:
        async with aclosing(stream):
            async for event in stream:
                context.loaders = _loaders_for(context, event)
                yield event
    except CursorExpired:
        raise BadUserInput(
            "Events after this cursor are past retention; subscribe again without `after`."
        ) from None
    except StreamExpired:
        raise Unauthenticated("The token has expired; reconnect with a new one.") from None


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


def _loaders_for(context: Context, event: Event) -> Loaders:
    scope = context.partner_customer_id
    key = ("loaders", scope)
    loaders = event.shared.get(key)
    if loaders is None:
        loaders = event.shared[key] = Loaders(context.engine, partner_customer_id=scope)
    return loaders
