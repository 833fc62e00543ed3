"""Rows the live-update tests change, apart from the demo data: their own product and lot."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import Customer, Lot, Product, SalesOrder, Warehouse
from backend.domain import order_status, stock
from backend.domain.actor import SYSTEM
from backend.domain.numbering import next_number
from backend.domain.rules.gtin import make_gtin14
from backend.domain.tx import transaction
from backend.enums import DeviceClass, LotStatus, OrderStatus, StockMoveKind, TrackingMode
from backend.schema.ids import to_global_id


@dataclass(frozen=True)
class StockItem:
    product_id: int
    lot_id: int
    warehouse_id: int

    @property
    def product_gid(self) -> str:
        return to_global_id("Product", self.product_id)


async def stock_item(sessionmaker: async_sessionmaker[AsyncSession]) -> StockItem:
    """A new released lot of a new product, stocked in the first demo warehouse."""
    tag = secrets.token_hex(4).upper()
    async with transaction(sessionmaker) as session:
        product = Product(
            sku=f"LIVE-{tag}",
            gtin=make_gtin14("9" + str(secrets.randbelow(10**12)).zfill(12)),
            name=f"Live test device {tag}",
            device_class=DeviceClass.I,
            tracking_mode=TrackingMode.LOT,
            shelf_life_days=None,
            unit_price=Decimal("1.00"),
            tax_rate=Decimal("0"),
        )
        session.add(product)
        await session.flush()
        lot = Lot(product_id=product.id, lot_number=f"L-{tag}", status=LotStatus.QUARANTINE)
        session.add(lot)
        await session.flush()
        warehouse_id = await session.scalar(select(Warehouse.id).order_by(Warehouse.id).limit(1))
        return StockItem(product_id=product.id, lot_id=lot.id, warehouse_id=warehouse_id)


async def move(
    sessionmaker: async_sessionmaker[AsyncSession], item: StockItem, quantity: int
) -> None:
    """One committed stock change of the item (a receipt, or an adjustment out)."""
    async with transaction(sessionmaker) as session:
        await stock.post_move(
            session,
            kind=StockMoveKind.RECEIPT if quantity > 0 else StockMoveKind.ADJUSTMENT,
            product_id=item.product_id,
            lot_id=item.lot_id,
            warehouse_id=item.warehouse_id,
            quantity=quantity,
            actor_id=None,
            reference="live-updates test",
        )


async def draft_order(sessionmaker: async_sessionmaker[AsyncSession], customer_code: str) -> int:
    """A new empty draft order of a demo customer."""
    async with transaction(sessionmaker) as session:
        customer_id = await session.scalar(
            select(Customer.id).where(Customer.code == customer_code)
        )
        order = SalesOrder(
            number=await next_number(session, "SO"),
            customer_id=customer_id,
            status=OrderStatus.DRAFT,
            subtotal=Decimal("0"),
            tax_total=Decimal("0"),
            total=Decimal("0"),
        )
        session.add(order)
        await session.flush()
        return order.id


async def set_status(
    sessionmaker: async_sessionmaker[AsyncSession], order_id: int, target: OrderStatus
) -> None:
    async with transaction(sessionmaker) as session:
        order = await session.get(SalesOrder, order_id)
        await order_status.change_status(session, order, target, actor=SYSTEM)
