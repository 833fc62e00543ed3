"""Finding the customer and the order a request names, in the actor's reach, locked for
the transaction: the first step of every order action (below orders and allocation both)."""

from collections.abc import Sequence

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Customer,
    Lot,
    SalesOrder,
    SalesOrderLine,
    Serial,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
)
from backend.domain import access
from backend.domain.actor import Actor


async def customer_in_scope(
    session: AsyncSession, customer_id: int, *, actor: Actor, field: Sequence[str]
) -> Customer:
    """The customer, if the actor may act for it; a partner acts for its own customer only."""
    customer = await session.get(Customer, customer_id)
    access.ensure_owner(actor, customer, "customer", tuple(field))
    assert customer is not None
    return customer


async def order_for_update(
    session: AsyncSession, order_id: int, *, actor: Actor, field: Sequence[str] = ("orderId",)
) -> SalesOrder:
    """The order, row-locked for this transaction, if it is in the actor's scope.

    Every action on an order takes this lock first, so two actions on one order
    (approving twice, allocating twice) run one after the other and the second
    sees the first's result.
    """
    order = await session.scalar(
        select(SalesOrder).where(SalesOrder.id == order_id).with_for_update()
    )
    access.ensure_owner(actor, order, "sales order", tuple(field))
    assert order is not None
    return order


async def order_lines(session: AsyncSession, order_id: int) -> list[SalesOrderLine]:
    return list(
        await session.scalars(
            select(SalesOrderLine)
            .where(SalesOrderLine.order_id == order_id)
            .order_by(SalesOrderLine.line_number)
        )
    )


def shipped_lot_or_serial(term: str) -> ColumnElement[bool]:
    """SQL over `sales_orders`: the order shipped a lot, or a serial, of that number (exact,
    any case). The caller's scope still applies: this only narrows the orders it may see."""
    wanted = term.strip().lower()
    shipment_lines = (
        select(ShipmentLine.id)
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .where(Shipment.order_id == SalesOrder.id)
    )
    by_lot = exists(
        shipment_lines.join(Lot, Lot.id == ShipmentLine.lot_id)
        .where(func.lower(Lot.lot_number) == wanted)
    )
    by_serial = exists(
        shipment_lines.join(
            ShipmentLineSerial, ShipmentLineSerial.shipment_line_id == ShipmentLine.id
        )
        .join(Serial, Serial.id == ShipmentLineSerial.serial_id)
        .where(func.lower(Serial.serial_number) == wanted)
    )
    return or_(by_lot, by_serial)
