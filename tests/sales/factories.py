"""Customers, products, lots and stock of the sales tests' own, beside the demo data."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import (
    Customer,
    Lot,
    PriceList,
    PriceListItem,
    Product,
    Supplier,
    User,
    Warehouse,
)
from backend.domain import inspections, receiving, releases
from backend.domain.actor import Actor
from backend.domain.rules.gtin import make_gtin14
from backend.enums import (
    CustomerKind,
    DeviceClass,
    InspectionKind,
    InspectionResult,
    LotStatus,
    Replenishment,
    TrackingMode,
)
from tests.helpers import DEMO_PASSWORD

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


async def _actor(session: AsyncSession, username: str, role: str) -> Actor:
    user_id = await session.scalar(select(User.id).where(User.username == username))
    return Actor(user_id=user_id, roles=frozenset({role}))


async def make_lot(
    sessions: Sessions,
    product: Product,
    *,
    warehouse_id: int,
    quantity: int,
    expires_in_days: int = 365,
    status: LotStatus = LotStatus.RELEASED,
) -> Lot:
    """A purchased lot received into a warehouse (with a serial per unit if serialised) and,
    unless asked otherwise, inspected and released by QA, as the quality flow does it."""
    lot_number = f"L-{tag()}"
    async with sessions() as s, s.begin():
        supplier_id = await s.scalar(select(Supplier.id).where(Supplier.approved).limit(1))
        receiver = await _actor(s, "warehouse", "WAREHOUSE")
        [lot] = await receiving.receive_goods(
            s,
            actor=receiver,
            supplier_id=supplier_id,
            warehouse_id=warehouse_id,
            lines=[
                receiving.ReceiptLine(
                    product_id=product.id,
                    lot_number=lot_number,
                    quantity=quantity,
                    manufactured_on=today() - timedelta(days=10),
                    expires_on=today() + timedelta(days=expires_in_days),
                    serial_numbers=[f"{lot_number}-{n:03d}" for n in range(1, quantity + 1)]
                    if product.tracking_mode == TrackingMode.SERIAL
                    else None,
                )
            ],
        )
        if status == LotStatus.RELEASED:
            await inspections.record_inspection(
                s,
                actor=await _actor(s, "inspector", "QA_INSPECTOR"),
                lot_id=lot.id,
                kind=InspectionKind.INCOMING,
                result=InspectionResult.PASS,
                sample_size=1,
                defects_found=0,
            )
            await releases.release_lot(
                s,
                actor=await _actor(s, "qa", "QA_MANAGER"),
                lot_id=lot.id,
                password=DEMO_PASSWORD,
                meaning="Released for distribution",
            )
    return lot
