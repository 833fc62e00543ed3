"""Customers, products, lots and stock of the sales tests' own, beside the demo data."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import Customer, Lot, PriceList, PriceListItem, Product, Serial, Warehouse
from backend.domain import stock
from backend.domain.rules.gtin import make_gtin14
from backend.enums import (
    CustomerKind,
    DeviceClass,
    LotStatus,
    Replenishment,
    StockMoveKind,
    TrackingMode,
)

Sessions = async_sessionmaker[AsyncSession]

# Near Utrecht (nearest: Rotterdam) and Munich (nearest: Leipzig), as in the demo set.
UTRECHT = ("NL", 52.0907, 5.1214)
MUNICH = ("DE-SOUTH", 48.1417, 11.5080)


def tag() -> str:
    return secrets.token_hex(3).upper()


def today() -> date:
    return datetime.now(UTC).date()


async def warehouses(sessions: Sessions) -> dict[str, int]:
    async with sessions() as s:
        return {w.code: w.id for w in await s.scalars(select(Warehouse))}


async def make_customer(
    sessions: Sessions,
    *,
    place: tuple[str, float, float] = UTRECHT,
    credit_limit: str = "1000000.00",
    shelf_life_days: int = 30,
    contract_prices: dict[int, str] | None = None,
) -> Customer:
    region, lat, lon = place
    code = f"T-{tag()}"
    async with sessions() as s, s.begin():
        price_list_id = None
        if contract_prices:
            price_list = PriceList(code=f"PL-{code}", name=f"Contract {code}")
            s.add(price_list)
            await s.flush()
            s.add_all(
                PriceListItem(price_list_id=price_list.id, product_id=pk, unit_price=Decimal(price))
                for pk, price in contract_prices.items()
            )
            price_list_id = price_list.id
        customer = Customer(
            code=code,
            name=f"Test customer {code}",
            kind=CustomerKind.HOSPITAL,
            region=region,
            latitude=lat,
            longitude=lon,
            credit_limit=Decimal(credit_limit),
            min_remaining_shelf_life_days=shelf_life_days,
            payment_terms_days=30,
            price_list_id=price_list_id,
        )
        s.add(customer)
    return customer


async def make_product(
    sessions: Sessions,
    *,
    tracking: TrackingMode = TrackingMode.LOT,
    price: str = "100.00",
    tax_rate: str = "0.21",
    replenishment: Replenishment = Replenishment.PURCHASE,
    sellable: bool = True,
) -> Product:
    item = secrets.randbelow(900_000) + 100_000
    async with sessions() as s, s.begin():
        product = Product(
            sku=f"T-{tag()}",
            gtin=make_gtin14(f"0871998{item:06d}"),
            name=f"Test device {item}",
            device_class=DeviceClass.IIA,
            tracking_mode=tracking,
            shelf_life_days=730,
            unit_price=Decimal(price),
            tax_rate=Decimal(tax_rate),
            replenishment=replenishment,
            sellable=sellable,
        )
        s.add(product)
    return product


async def make_lot(
    sessions: Sessions,
    product: Product,
    *,
    warehouse_id: int,
    quantity: int,
    expires_in_days: int | None = 365,
    status: LotStatus = LotStatus.RELEASED,
) -> Lot:
    """A lot received into a warehouse: a RECEIPT move, and a serial per unit if serialised."""
    async with sessions() as s, s.begin():
        lot = Lot(
            product_id=product.id,
            lot_number=f"L-{tag()}",
            status=status,
            manufactured_on=today() - timedelta(days=10),
            expires_on=None
            if expires_in_days is None
            else today() + timedelta(days=expires_in_days),
        )
        s.add(lot)
        await s.flush()
        if product.tracking_mode == TrackingMode.SERIAL:
            serials = [
                Serial(
                    product_id=product.id,
                    lot_id=lot.id,
                    warehouse_id=warehouse_id,
                    serial_number=f"{lot.lot_number}-{n:03d}",
                )
                for n in range(1, quantity + 1)
            ]
            s.add_all(serials)
            await s.flush()
            for serial in serials:
                await stock.post_move(
                    s,
                    kind=StockMoveKind.RECEIPT,
                    product_id=product.id,
                    lot_id=lot.id,
                    warehouse_id=warehouse_id,
                    quantity=1,
                    actor_id=None,
                    serial_id=serial.id,
                )
        else:
            await stock.post_move(
                s,
                kind=StockMoveKind.RECEIPT,
                product_id=product.id,
                lot_id=lot.id,
                warehouse_id=warehouse_id,
                quantity=quantity,
                actor_id=None,
            )
    return lot
