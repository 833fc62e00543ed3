"""Live updates of the quality loop: balances after any change, and recall reminders."""

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from backend.api.ids import pk_of
from backend.domain.inventory.levels import STOCK_LEVEL_CHANGED
from backend.domain.quality.reminders import NOTICE_OVERDUE
from backend.enums import LotStatus as LotStatusValue
from backend.enums import StockLevelCause as StockLevelCauseValue
from backend.enums import StockMoveKind as StockMoveKindValue
from backend.events import cursors
from backend.events.store import Event
from backend.resolvers.context import Info
from backend.resolvers.live import events
from backend.resolvers.quality_loop import notice_row
from backend.schema.catalog.types import Product, Warehouse
from backend.schema.enums import LotStatus, StockMoveKind
from backend.schema.permissions import staff_only
from backend.schema.quality.loop_enums import StockLevelCause
from backend.schema.quality.types import Lot
from backend.schema.recalls.types import RecallNotice


@strawberry.type(description="A (warehouse, lot) balance after a change of any of its figures.")
class StockLevelChange:
    cursor: str = strawberry.field(
        description="Monotonic event cursor; pass it as `after` to resume without gaps."
    )
    occurred_at: datetime
    cause: StockLevelCause
    move_kind: StockMoveKind | None = strawberry.field(description="Set when cause is MOVE.")
    lot_status: LotStatus
    on_hand: int
    reserved: int
    held: int
    available: int
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
    def from_event(cls, event: Event) -> "StockLevelChange":
        p = event.payload
        return cls(
            cursor=cursors.encode(event.id), occurred_at=event.occurred_at,
            cause=StockLevelCauseValue(p["cause"]),
            move_kind=StockMoveKindValue(p["move_kind"]) if p.get("move_kind") else None,
            lot_status=LotStatusValue(p["lot_status"]), on_hand=p["on_hand"],
            reserved=p["reserved"], held=p["held"], available=p["available"],
            product_id=p["product_id"], warehouse_id=p["warehouse_id"], lot_id=p["lot_id"],
        )


@strawberry.type
class RecallNoticeReminder:
    cursor: str
    occurred_at: datetime
    notice: RecallNotice


@strawberry.subscription(description="Staff only.", extensions=staff_only())
async def stock_level_changed(
    info: Info, product_id: strawberry.ID | None = None,
    warehouse_id: strawberry.ID | None = None, after: str | None = None,
) -> AsyncGenerator[StockLevelChange, None]:
    product = pk_of(product_id, "Product", argument="productId") if product_id else None
    warehouse = pk_of(warehouse_id, "Warehouse", argument="warehouseId") if warehouse_id else None

    def accepts(event: Event) -> bool:
        p = event.payload
        return (product is None or p["product_id"] == product) and (
            warehouse is None or p["warehouse_id"] == warehouse
        )

    async for event in events(info.context, topics=(STOCK_LEVEL_CHANGED,), accepts=accepts,
                              after=after):
        payload = event.shared.get("stock_level")
        if payload is None:
            payload = event.shared["stock_level"] = StockLevelChange.from_event(event)
        yield payload


@strawberry.subscription(description="Staff only: reminders sent by the reminder job.",
                         extensions=staff_only())
async def recall_notice_overdue(
    info: Info, after: str | None = None
) -> AsyncGenerator[RecallNoticeReminder, None]:
    async for event in events(info.context, topics=(NOTICE_OVERDUE,), accepts=lambda e: True,
                              after=after):
        row = await notice_row(info.context, event.payload["notice_id"])
        if row is not None:
            yield RecallNoticeReminder(cursor=cursors.encode(event.id),
                                       occurred_at=event.occurred_at,
                                       notice=RecallNotice.from_row(row))
