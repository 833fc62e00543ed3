"""The EPCIS 2.0 events of a set of lots, read from the stock ledger and the quality records.

- receipt of a purchased lot: ObjectEvent ADD, `receiving`, with `ilmd` (lot number, expiry),
  from the supplier's PGLN, at the warehouse's SGLN;
- production: TransformationEvent, component lots in as LGTIN classes, the lot out as an
  LGTIN class or, serial-tracked, as SGTINs in `outputEPCList`;
- inspection: ObjectEvent OBSERVE, `inspecting`, conformant or not;
- shipment: ObjectEvent OBSERVE, `shipping`, to the customer's PGLN;
- customer return: ObjectEvent OBSERVE, `receiving`/`returned`, from the customer's PGLN at
  the receiving warehouse;
- recall: ObjectEvent OBSERVE, `holding`/`recalled`, for the stock still in each warehouse.

Serials are SGTINs in `epcList`; GLNs missing on a record leave the field out rather than
naming a private id. Event ids are name-based UUIDs, stable from one export to the next.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.domain.standards.gs1 import business_transaction, lgtin, pgln, sgln, sgtin

Event = dict[str, Any]

_NAMESPACE = uuid5(NAMESPACE_URL, "urn:erp:epcis-event")

RECEIPTS = text("""
SELECT m.lot_id, l.lot_number, l.expires_on, p.gtin, min(m.id) AS first_id, m.occurred_at,
       sum(m.quantity) AS quantity, w.gln AS warehouse_gln, s.gln AS supplier_gln, m.reference,
       array_remove(array_agg(sr.serial_number ORDER BY sr.serial_number), NULL) AS serials
FROM stock_moves m JOIN lots l ON l.id = m.lot_id JOIN products p ON p.id = l.product_id
JOIN warehouses w ON w.id = m.warehouse_id LEFT JOIN suppliers s ON s.id = l.supplier_id
LEFT JOIN serials sr ON sr.id = m.serial_id
WHERE m.kind = 'RECEIPT' AND m.lot_id = ANY(:lot_ids)
GROUP BY m.lot_id, l.lot_number, l.expires_on, p.gtin, m.occurred_at, w.gln, s.gln, m.reference
""")
# Productions the lots took part in, as the output or as one of the inputs.
INPUTS = text("""
SELECT lc.lot_id AS output_id, in_l.lot_number, in_p.gtin, lc.quantity
FROM lot_components lc
JOIN lots in_l ON in_l.id = lc.component_lot_id JOIN products in_p ON in_p.id = in_l.product_id
WHERE lc.lot_id = ANY(:lot_ids) OR lc.component_lot_id = ANY(:lot_ids)
   OR lc.lot_id IN (SELECT x.lot_id FROM lot_components x WHERE x.component_lot_id = ANY(:lot_ids))
ORDER BY lc.lot_id, lc.component_lot_id
""")
OUTPUTS = text("""
SELECT l.id AS lot_id, l.lot_number, p.gtin, l.created_at, sum(m.quantity) AS quantity,
       min(m.occurred_at) AS occurred_at, min(w.gln) AS warehouse_gln,
       array_remove(array_agg(sr.serial_number ORDER BY sr.serial_number), NULL) AS serials
FROM lots l JOIN products p ON p.id = l.product_id
LEFT JOIN stock_moves m ON m.lot_id = l.id AND m.kind = 'PRODUCTION'
LEFT JOIN warehouses w ON w.id = m.warehouse_id LEFT JOIN serials sr ON sr.id = m.serial_id
WHERE l.id = ANY(:output_ids)
GROUP BY l.id, l.lot_number, p.gtin, l.created_at
""")
INSPECTIONS = text("""
SELECT i.id, i.result, i.inspected_at, l.lot_number, p.gtin
FROM inspections i JOIN lots l ON l.id = i.lot_id JOIN products p ON p.id = l.product_id
WHERE i.lot_id = ANY(:lot_ids)
""")
SHIPMENTS = text("""
SELECT sh.id, sl.id AS line_id, sh.number, sh.shipped_at, w.gln AS warehouse_gln,
       c.gln AS customer_gln, o.number AS order_number, sl.quantity, l.lot_number, p.gtin,
       ARRAY(SELECT sr.serial_number FROM shipment_line_serials sls
             JOIN serials sr ON sr.id = sls.serial_id
             WHERE sls.shipment_line_id = sl.id ORDER BY sr.serial_number) AS serials
FROM shipment_lines sl JOIN shipments sh ON sh.id = sl.shipment_id
JOIN warehouses w ON w.id = sh.warehouse_id JOIN customers c ON c.id = sh.customer_id
JOIN sales_orders o ON o.id = sh.order_id
JOIN lots l ON l.id = sl.lot_id JOIN products p ON p.id = l.product_id
WHERE sl.lot_id = ANY(:lot_ids) AND sh.shipped_at IS NOT NULL AND sh.status <> 'CANCELLED'
""")
RETURNS = text("""
SELECT min(m.id) AS first_id, m.occurred_at, m.reference, sum(m.quantity) AS quantity,
       w.gln AS warehouse_gln, c.gln AS customer_gln, l.lot_number, p.gtin,
       array_remove(array_agg(sr.serial_number ORDER BY sr.serial_number), NULL) AS serials
FROM stock_moves m JOIN lots l ON l.id = m.lot_id JOIN products p ON p.id = l.product_id
JOIN warehouses w ON w.id = m.warehouse_id
JOIN customer_returns cr ON cr.number = m.reference
JOIN shipments sh ON sh.id = cr.shipment_id JOIN customers c ON c.id = sh.customer_id
LEFT JOIN serials sr ON sr.id = m.serial_id
WHERE m.kind = 'RETURN' AND m.lot_id = ANY(:lot_ids)
GROUP BY m.lot_id, m.occurred_at, m.reference, w.gln, c.gln, l.lot_number, p.gtin
""")
# Stock still in each warehouse of a recalled lot (serials: the units there, not shipped).
RECALLED = text("""
SELECT r.id AS recall_id, r.initiated_at, b.lot_id, b.warehouse_id, b.on_hand,
       w.gln AS warehouse_gln,
       l.lot_number, p.gtin,
       ARRAY(SELECT sr.serial_number FROM serials sr
             WHERE sr.lot_id = b.lot_id AND sr.warehouse_id = b.warehouse_id
               AND sr.status NOT IN ('SHIPPED', 'SCRAPPED') ORDER BY sr.serial_number) AS serials
FROM recall_lots rl JOIN recalls r ON r.id = rl.recall_id
JOIN stock_balances b ON b.lot_id = rl.lot_id AND b.on_hand > 0
JOIN warehouses w ON w.id = b.warehouse_id
JOIN lots l ON l.id = b.lot_id JOIN products p ON p.id = l.product_id
WHERE rl.lot_id = ANY(:lot_ids)
""")


def event_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _when(moment: datetime) -> dict[str, str]:
    return {"eventTime": event_time(moment), "eventTimeZoneOffset": "+00:00"}


def _id(*parts: object) -> str:
    return f"urn:uuid:{uuid5(_NAMESPACE, ':'.join(map(str, parts)))}"


def _what(gtin: str, lot_number: str, quantity: Any, serials: list[str]) -> Event:
    if serials:
        return {"epcList": [sgtin(gtin, s) for s in serials]}
    return {"quantityList": [{"epcClass": lgtin(gtin, lot_number), "quantity": int(quantity)}]}


def _where(gln: str | None, *, business: bool = True) -> Event:
    location = sgln(gln)
    if location is None:
        return {}
    return {"readPoint": {"id": location}, **({"bizLocation": {"id": location}} if business
                                              else {})}


def _party(key: str, gln: str | None) -> Event:
    party = pgln(gln)
    if party is None:
        return {}
    name = key.removesuffix("List")
    return {key: [{"type": "owning_party", name: party}]}


def _transactions(gln: str | None, *documents: tuple[str, str | None]) -> Event:
    if not gln:
        return {}
    listed = [{"type": kind, "bizTransaction": business_transaction(gln, number)}
              for kind, number in documents if number]
    return {"bizTransactionList": listed} if listed else {}


async def lot_events(conn: AsyncConnection, lot_ids: Iterable[int]) -> list[Event]:
    """Every event of these lots, in time order (then by id)."""
    ids = {"lot_ids": list(lot_ids)}
    events = [
        *[_receipt(row) for row in await conn.execute(RECEIPTS, ids)],
        *await _transformations(conn, ids),
        *[_inspection(row) for row in await conn.execute(INSPECTIONS, ids)],
        *[_shipment(row) for row in await conn.execute(SHIPMENTS, ids)],
        *[_return(row) for row in await conn.execute(RETURNS, ids)],
        *[_recall(row) for row in await conn.execute(RECALLED, ids)],
    ]
    events.sort(key=lambda e: (e["eventTime"], e["eventID"]))
    return events


def _receipt(row: Any) -> Event:
    ilmd = {"cbvmda:lotNumber": row.lot_number}
    if row.expires_on is not None:
        ilmd["cbvmda:itemExpirationDate"] = row.expires_on.isoformat()
    return {
        "type": "ObjectEvent", "eventID": _id("receipt", row.first_id), **_when(row.occurred_at),
        "action": "ADD", **_what(row.gtin, row.lot_number, row.quantity, list(row.serials)),
        "bizStep": "receiving", "disposition": "in_progress", **_where(row.warehouse_gln),
        **_transactions(row.supplier_gln, ("desadv", row.reference)),
        **_party("sourceList", row.supplier_gln), "ilmd": ilmd,
    }


async def _transformations(conn: AsyncConnection, ids: dict[str, Any]) -> list[Event]:
    inputs: dict[int, list[Any]] = defaultdict(list)
    for row in await conn.execute(INPUTS, ids):
        inputs[row.output_id].append(row)
    if not inputs:
        return []
    events = []
    for out in await conn.execute(OUTPUTS, {"output_ids": list(inputs)}):
        serials = list(out.serials)
        made: Event = (
            {"outputEPCList": [sgtin(out.gtin, s) for s in serials]} if serials else
            {"outputQuantityList": [{"epcClass": lgtin(out.gtin, out.lot_number),
                                     "quantity": int(out.quantity or 0)}]}
        )
        events.append({
            "type": "TransformationEvent", "eventID": _id("production", out.lot_id),
            **_when(out.occurred_at or out.created_at),
            "inputQuantityList": [{"epcClass": lgtin(i.gtin, i.lot_number), "quantity": i.quantity}
                                  for i in inputs[out.lot_id]],
            **made, "transformationID": _id("work-order", out.lot_id),
            "bizStep": "commissioning", "disposition": "active", **_where(out.warehouse_gln),
        })
    return events


def _inspection(row: Any) -> Event:
    return {
        "type": "ObjectEvent", "eventID": _id("inspection", row.id), **_when(row.inspected_at),
        "action": "OBSERVE", "quantityList": [{"epcClass": lgtin(row.gtin, row.lot_number)}],
        "bizStep": "inspecting",
        "disposition": "conformant" if row.result == "PASS" else "non_conformant",
    }


def _shipment(row: Any) -> Event:
    return {
        "type": "ObjectEvent", "eventID": _id("shipment", row.line_id), **_when(row.shipped_at),
        "action": "OBSERVE", **_what(row.gtin, row.lot_number, row.quantity, list(row.serials)),
        "bizStep": "shipping", "disposition": "in_transit",
        **_where(row.warehouse_gln, business=False),
        **_transactions(row.warehouse_gln, ("po", row.order_number), ("desadv", row.number)),
        **_party("destinationList", row.customer_gln),
    }


def _return(row: Any) -> Event:
    return {
        "type": "ObjectEvent", "eventID": _id("return", row.first_id), **_when(row.occurred_at),
        "action": "OBSERVE", **_what(row.gtin, row.lot_number, row.quantity, list(row.serials)),
        "bizStep": "receiving", "disposition": "returned", **_where(row.warehouse_gln),
        **_transactions(row.warehouse_gln, ("rma", row.reference)),
        **_party("sourceList", row.customer_gln),
    }


def _recall(row: Any) -> Event:
    return {
        "type": "ObjectEvent", "eventID": _id("recall", row.recall_id, row.lot_id,
                                              row.warehouse_id),
        **_when(row.initiated_at), "action": "OBSERVE",
        **_what(row.gtin, row.lot_number, row.on_hand, list(row.serials)),
        "bizStep": "holding", "disposition": "recalled", **_where(row.warehouse_gln),
    }
