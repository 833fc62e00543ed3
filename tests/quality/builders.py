"""Test data the quality tests need from other areas (customers, orders, shipments), built with
the stock primitives so every ledger invariant holds; the demo data is never touched."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    Customer,
    Lot,
    LotComponent,
    SalesOrder,
    SalesOrderLine,
    Serial,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
)
from backend.domain import stock
from backend.domain.numbering import next_number
from backend.enums import (
    CustomerKind,
    LotStatus,
    OrderStatus,
    SerialStatus,
    ShipmentStatus,
    StockMoveKind,
)


def tag() -> str:
    return secrets.token_hex(4).upper()


async def customer(session: AsyncSession) -> Customer:
    row = Customer(code=f"C-{tag()}", name="Test Hospital", kind=CustomerKind.HOSPITAL,
                   region="DE-EAST", credit_limit=Decimal("1000000"),
                   min_remaining_shelf_life_days=0)
    session.add(row)
    await session.flush()
    return row


async def order(session: AsyncSession, customer_id: int, product_id: int, quantity: int,
                *, promised_in_days: int = 3) -> tuple[SalesOrder, SalesOrderLine]:
    price = Decimal("10.00")
    total = price * quantity
    row = SalesOrder(number=await next_number(session, "SO"), customer_id=customer_id,
                     status=OrderStatus.APPROVED,
                     subtotal=total, tax_total=Decimal("0"), total=total,
                     promised_delivery_date=datetime.now(UTC).date()
                     + timedelta(days=promised_in_days))
    session.add(row)
    await session.flush()
    line = SalesOrderLine(order_id=row.id, line_number=1, product_id=product_id,
                          quantity=quantity, unit_price=price, list_price=price,
                          tax_rate=Decimal("0"), line_total=total)
    session.add(line)
    await session.flush()
    return row, line


async def allocate(session: AsyncSession, sales_order: SalesOrder, line: SalesOrderLine,
                   lot: Lot, warehouse_id: int, quantity: int,
                   serials: list[Serial] = ()) -> Allocation:
    assert await stock.reserve(session, warehouse_id=warehouse_id, lot_id=lot.id,
                               quantity=quantity) is not None
    allocation = Allocation(order_line_id=line.id, warehouse_id=warehouse_id, lot_id=lot.id,
                            quantity=quantity)
    session.add(allocation)
    await session.flush()
    for serial in serials:
        serial.status, serial.allocation_id = SerialStatus.ALLOCATED, allocation.id
    sales_order.status = OrderStatus.ALLOCATED
    await session.flush()
    return allocation


async def ship(session: AsyncSession, sales_order: SalesOrder, line: SalesOrderLine, lot: Lot,
               warehouse_id: int, quantity: int, serials: list[Serial] = (),
               *, delivered_in_days: int | None = None) -> Shipment:
    """Ship straight from unreserved stock; optionally deliver some days after today."""
    now = datetime.now(UTC)
    shipment = Shipment(number=await next_number(session, "SH"), order_id=sales_order.id,
                        customer_id=sales_order.customer_id, warehouse_id=warehouse_id,
                        status=ShipmentStatus.SHIPPED, shipped_at=now)
    if delivered_in_days is not None:
        shipment.status = ShipmentStatus.DELIVERED
        shipment.delivered_at = now + timedelta(days=delivered_in_days)
    session.add(shipment)
    await session.flush()
    shipment_line = ShipmentLine(shipment_id=shipment.id, order_line_id=line.id,
                                 product_id=lot.product_id, lot_id=lot.id, quantity=quantity)
    session.add(shipment_line)
    await session.flush()
    if serials:
        for serial in serials:
            await stock.post_move(session, kind=StockMoveKind.SHIPMENT, product_id=lot.product_id,
                                  lot_id=lot.id, warehouse_id=warehouse_id, quantity=-1,
                                  actor_id=None, serial_id=serial.id, shipment_id=shipment.id)
            serial.status, serial.warehouse_id = SerialStatus.SHIPPED, None
            session.add(ShipmentLineSerial(shipment_line_id=shipment_line.id, serial_id=serial.id))
    else:
        await stock.post_move(session, kind=StockMoveKind.SHIPMENT, product_id=lot.product_id,
                              lot_id=lot.id, warehouse_id=warehouse_id, quantity=-quantity,
                              actor_id=None, shipment_id=shipment.id)
    line.shipped_quantity += quantity
    await session.flush()
    return shipment


async def genealogy_chain(session: AsyncSession, product_id: int, depth: int) -> list[Lot]:
    """`depth + 1` lots, each made from the one before it (rows only: no stock)."""
    lots = [Lot(product_id=product_id, lot_number=f"G{tag()}-{i}", status=LotStatus.QUARANTINE)
            for i in range(depth + 1)]
    session.add_all(lots)
    await session.flush()
    session.add_all(LotComponent(lot_id=b.id, component_lot_id=a.id, quantity=1)
                    for a, b in zip(lots, lots[1:], strict=False))
    await session.flush()
    return lots
