"""Which fields of the order-to-shipment graph compile, and from where.

Each entry mirrors the type's resolver: the loader it reads through, that
loader's ordering and its partner predicate (`backend.domain.access`). Fields
computed in Python (promises, available actions, finance figures, floats whose
text PostgreSQL writes differently) are left out on purpose.
"""

from sqlalchemy import ColumnElement, FromClause

from backend.db import models as m
from backend.domain import access
from backend.domain.actor import Actor
from backend.readpath.declare import (
    MAPS,
    Col,
    GlobalId,
    Many,
    One,
    TypeMap,
    Value,
    adapted,
    declare,
)

ENUM, DECIMAL, DATETIME = Value.ENUM, Value.DECIMAL, Value.DATETIME
orders_t = m.SalesOrder.__table__
lots_t = m.Lot.__table__


def _own_order(actor: Actor, row: FromClause) -> ColumnElement[bool]:
    return access.owned_by(actor, row.c.customer_id)


def _own_customer(actor: Actor, row: FromClause) -> ColumnElement[bool]:
    return access.owned_by(actor, row.c.id)


def _visible_lot(actor: Actor, row: FromClause) -> ColumnElement[bool]:
    return adapted(access.visible_lots(actor), lots_t, row)


def _visible_user(actor: Actor, row: FromClause) -> ColumnElement[bool]:
    return access.visible_users(actor, row.c.customer_id)


declare("SalesOrder", orders_t, {
    "id": GlobalId(),
    "number": Col("number"),
    "status": Col("status", ENUM),
    "createdAt": Col("created_at", DATETIME),
    "customerReference": Col("customer_reference"),
    "requestedDeliveryDate": Col("requested_delivery_date"),
    "promisedDeliveryDate": Col("promised_delivery_date"),
    "currency": Col("currency"),
    "subtotal": Col("subtotal", DECIMAL),
    "taxTotal": Col("tax_total", DECIMAL),
    "total": Col("total", DECIMAL),
    "version": Col("version"),
    "customer": One("Customer", "customer_id", predicate=_own_customer),
    "createdBy": One("User", "created_by_id", predicate=_visible_user),
    "lines": Many("OrderLine", "order_id", ("line_number",)),
    "shipments": Many("Shipment", "order_id", ("created_at", "id")),
})
declare("OrderLine", m.SalesOrderLine.__table__, {
    "id": GlobalId(),
    "lineNumber": Col("line_number"),
    "quantity": Col("quantity"),
    "unitPrice": Col("unit_price", DECIMAL),
    "discountPercent": Col("discount_percent", DECIMAL),
    "taxRate": Col("tax_rate", DECIMAL),
    "lineTotal": Col("line_total", DECIMAL),
    "shippedQuantity": Col("shipped_quantity"),
    "product": One("Product", "product_id"),
})
declare("Customer", m.Customer.__table__, {
    "id": GlobalId(),
    "code": Col("code"),
    "name": Col("name"),
    "kind": Col("kind", ENUM),
    "region": Col("region"),
    "creditLimit": Col("credit_limit", DECIMAL),
    "minRemainingShelfLifeDays": Col("min_remaining_shelf_life_days"),
    "paymentTermsDays": Col("payment_terms_days"),
    "gln": Col("gln"),
})
declare("Product", m.Product.__table__, {
    "id": GlobalId(),
    "sku": Col("sku"),
    "gtin": Col("gtin"),
    "name": Col("name"),
    "deviceClass": Col("device_class", ENUM),
    "trackingMode": Col("tracking_mode", ENUM),
    "shelfLifeDays": Col("shelf_life_days"),
    "unitPrice": Col("unit_price", DECIMAL),
    "taxRate": Col("tax_rate", DECIMAL),
    "taxCategory": Col("tax_category"),
    "leadTimeDays": Col("lead_time_days"),
})
declare("Shipment", m.Shipment.__table__, {
    "id": GlobalId(),
    "number": Col("number"),
    "status": Col("status", ENUM),
    "carrier": Col("carrier"),
    "trackingNumber": Col("tracking_number"),
    "shippedAt": Col("shipped_at", DATETIME),
    "deliveredAt": Col("delivered_at", DATETIME),
    "order": One("SalesOrder", "order_id", predicate=_own_order),
    "lines": Many("ShipmentLine", "shipment_id", ("id",)),
})
declare("ShipmentLine", m.ShipmentLine.__table__, {
    "quantity": Col("quantity"),
    "product": One("Product", "product_id"),
    "lot": One("Lot", "lot_id", predicate=_visible_lot),
    "serials": Many("Serial", "id", ("serial_number",),
                    via=(m.ShipmentLineSerial.__table__, "shipment_line_id", "serial_id")),
})
declare("Lot", lots_t, {
    "id": GlobalId(),
    "lotNumber": Col("lot_number"),
    "manufacturedOn": Col("manufactured_on"),
    "expiresOn": Col("expires_on"),
    "status": Col("status", ENUM),
    "product": One("Product", "product_id"),
    "supplier": One("Supplier", "supplier_id"),
    "inspections": Many("Inspection", "lot_id", ("inspected_at", "id")),
})
declare("Inspection", m.Inspection.__table__, {
    "id": GlobalId(),
    "kind": Col("kind", ENUM),
    "result": Col("result", ENUM),
    "sampleSize": Col("sample_size"),
    "defectsFound": Col("defects_found"),
    "notes": Col("notes"),
    "inspectedAt": Col("inspected_at", DATETIME),
    "lot": One("Lot", "lot_id", predicate=_visible_lot),
    "inspector": One("User", "inspector_id", predicate=_visible_user),
})
declare("Supplier", m.Supplier.__table__, {
    "id": GlobalId(),
    "code": Col("code"),
    "name": Col("name"),
    "country": Col("country"),
    "gln": Col("gln"),
})
declare("User", m.User.__table__, {
    "id": GlobalId(),
    "username": Col("username"),
    "displayName": Col("display_name"),
})
declare("Serial", m.Serial.__table__, {
    "id": GlobalId(),
    "serialNumber": Col("serial_number"),
    "status": Col("status", ENUM),
    "lot": One("Lot", "lot_id", predicate=_visible_lot),
    "product": One("Product", "product_id"),
})


def type_map(type_name: str) -> TypeMap | None:
    """The declaration of a graph type, None when none of it compiles."""
    return MAPS.get(type_name)
