"""What a partner distributor may see: SQL predicates for every query that can cross tenants.

Staff pass `customer_id=None` and see everything. A partner sees its own customer,
orders, shipments and invoices, the lots and serials shipped to it, and the
recalls that notified it.
"""

from sqlalchemy import ColumnElement, and_, exists, select, true

from backend.db import models as m
from backend.enums import ShipmentStatus

lots_t = m.Lot.__table__
serials_t = m.Serial.__table__
shipments_t = m.Shipment.__table__
shipment_lines_t = m.ShipmentLine.__table__
shipment_line_serials_t = m.ShipmentLineSerial.__table__
allocations_t = m.Allocation.__table__
order_lines_t = m.SalesOrderLine.__table__
orders_t = m.SalesOrder.__table__


def _received_by(customer_id: int) -> ColumnElement[bool]:
    return and_(
        shipments_t.c.customer_id == customer_id,
        shipments_t.c.status != ShipmentStatus.CANCELLED,
    )


def lot_shipped_to(customer_id: int) -> ColumnElement[bool]:
    return exists(
        select(1)
        .select_from(shipment_lines_t.join(shipments_t))
        .where(shipment_lines_t.c.lot_id == lots_t.c.id, _received_by(customer_id))
    )


def lot_visible(customer_id: int | None) -> ColumnElement[bool]:
    """A partner sees lots shipped to it, and lots reserved for its open orders."""
    if customer_id is None:
        return true()
    shipped = lot_shipped_to(customer_id)
    reserved = exists(
        select(1)
        .select_from(allocations_t.join(order_lines_t).join(orders_t))
        .where(allocations_t.c.lot_id == lots_t.c.id, orders_t.c.customer_id == customer_id)
    )
    return shipped | reserved


def serial_visible(customer_id: int | None) -> ColumnElement[bool]:
    if customer_id is None:
        return true()
    return exists(
        select(1)
        .select_from(shipment_line_serials_t.join(shipment_lines_t).join(shipments_t))
        .where(shipment_line_serials_t.c.serial_id == serials_t.c.id, _received_by(customer_id))
    )


def owned_by(column: ColumnElement[int], customer_id: int | None) -> ColumnElement[bool]:
    """For tables that carry the customer themselves: orders, shipments, invoices, customers."""
    return true() if customer_id is None else column == customer_id


def user_visible(
    users_id: ColumnElement[int], users_customer: ColumnElement[int | None], customer_id: int | None
) -> ColumnElement[bool]:
    """Partners see staff (as actors on their records) and users of their own customer."""
    if customer_id is None:
        return true()
    return users_customer.is_(None) | (users_customer == customer_id)
