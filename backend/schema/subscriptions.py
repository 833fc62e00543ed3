"""Live updates over WebSocket (graphql-transport-ws)."""

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from backend.schema.enums import OrderStatus, StockMoveKind
from backend.schema.errors import NotImplementedYet
from backend.schema.types.catalog import Product, Warehouse
from backend.schema.types.orders import SalesOrder
from backend.schema.types.quality import Lot
from backend.schema.types.recalls import Recall


@strawberry.type
class StockChange:
    cursor: str = strawberry.field(
        description="Monotonic event cursor; pass it as `after` to resume without gaps."
    )
    occurred_at: datetime
    product: Product
    warehouse: Warehouse
    lot: Lot
    delta: int
    on_hand: int
    available: int
    kind: StockMoveKind


@strawberry.type
class OrderStatusChange:
    cursor: str
    occurred_at: datetime
    order: SalesOrder
    from_: OrderStatus | None = strawberry.field(name="from")
    to: OrderStatus


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def stock_changed(
        self,
        info: strawberry.Info,
        product_id: strawberry.ID | None = None,
        warehouse_id: strawberry.ID | None = None,
        after: str | None = None,
    ) -> AsyncGenerator[StockChange, None]:
        info.context.require_staff()
        raise NotImplementedYet("stockChanged")
        yield  # type: ignore[unreachable]

    @strawberry.subscription
    async def order_status_changed(
        self, info: strawberry.Info, order_id: strawberry.ID | None = None, after: str | None = None
    ) -> AsyncGenerator[OrderStatusChange, None]:
        info.context.principal  # noqa: B018
        raise NotImplementedYet("orderStatusChanged")
        yield  # type: ignore[unreachable]

    @strawberry.subscription
    async def recall_initiated(self, info: strawberry.Info) -> AsyncGenerator[Recall, None]:
        info.context.principal  # noqa: B018
        raise NotImplementedYet("recallInitiated")
        yield  # type: ignore[unreachable]
