"""EPCIS 2.0 JSON-LD export of a lot's history (GS1 EPCIS 2.0, Core Business Vocabulary 2.0).

Events: receipt of a purchased lot (ObjectEvent, bizStep receiving), production
(TransformationEvent: component lots in, this lot out, bizStep commissioning), the
lot consumed into other lots (the same kind of TransformationEvent, as an input),
inspections (ObjectEvent, inspecting) and shipments (ObjectEvent, shipping).
Products are named by GS1 Digital Link URIs: lot classes as /01/{gtin}/10/{lot},
serialised units as /01/{gtin}/21/{serial}.
"""

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
DIGITAL_LINK = "https://id.gs1.org"
LOCAL = "urn:x-erp"

LOT = text("""
SELECT l.id, l.lot_number, l.supplier_id, p.gtin, p.tracking_mode, s.code AS supplier
FROM lots l JOIN products p ON p.id = l.product_id LEFT JOIN suppliers s ON s.id = l.supplier_id
WHERE l.id = :lot_id
""")
# Stock moves that bring the lot into being, one row per move (serial-tracked lots move per unit).
ORIGIN_MOVES = text("""
SELECT m.id, m.kind, m.quantity, m.occurred_at, m.reference, w.code AS warehouse,
       sr.serial_number
FROM stock_moves m JOIN warehouses w ON w.id = m.warehouse_id
LEFT JOIN serials sr ON sr.id = m.serial_id
WHERE m.lot_id = :lot_id AND m.kind IN ('RECEIPT', 'PRODUCTION')
ORDER BY m.occurred_at, m.id
""")
# Productions this lot took part in: as the output, or as one of the inputs.
TRANSFORMATIONS = text("""
SELECT lc.lot_id AS output_id, out_l.lot_number AS output_lot, out_p.gtin AS output_gtin,
       in_l.lot_number AS input_lot, in_p.gtin AS input_gtin, lc.quantity,
       out_l.created_at
FROM lot_components lc
JOIN lots out_l ON out_l.id = lc.lot_id JOIN products out_p ON out_p.id = out_l.product_id
JOIN lots in_l ON in_l.id = lc.component_lot_id JOIN products in_p ON in_p.id = in_l.product_id
WHERE lc.lot_id = :lot_id
   OR lc.lot_id IN (SELECT x.lot_id FROM lot_components x WHERE x.component_lot_id = :lot_id)
ORDER BY lc.lot_id, lc.component_lot_id
""")
PRODUCED = text("""
SELECT m.lot_id, sum(m.quantity) AS quantity, min(m.occurred_at) AS occurred_at,
       min(w.code) AS warehouse
FROM stock_moves m JOIN warehouses w ON w.id = m.warehouse_id
WHERE m.kind = 'PRODUCTION' AND m.lot_id = ANY(:lot_ids)
GROUP BY m.lot_id
""")
INSPECTIONS = text("""
SELECT id, kind, result, inspected_at FROM inspections WHERE lot_id = :lot_id
ORDER BY inspected_at, id
""")
SHIPMENTS = text("""
SELECT sh.id, sh.number, sh.shipped_at, w.code AS warehouse, c.code AS customer,
       o.number AS order_number, sl.quantity,
       ARRAY(SELECT sr.serial_number FROM shipment_line_serials sls
             JOIN serials sr ON sr.id = sls.serial_id
             WHERE sls.shipment_line_id = sl.id ORDER BY sr.serial_number) AS serials
FROM shipment_lines sl JOIN shipments sh ON sh.id = sl.shipment_id
JOIN warehouses w ON w.id = sh.warehouse_id JOIN customers c ON c.id = sh.customer_id
JOIN sales_orders o ON o.id = sh.order_id
WHERE sl.lot_id = :lot_id AND sh.shipped_at IS NOT NULL AND sh.status <> 'CANCELLED'
ORDER BY sh.shipped_at, sh.id, sl.id
""")


def lot_class(gtin: str, lot_number: str) -> str:
    return f"{DIGITAL_LINK}/01/{gtin}/10/{quote(lot_number, safe='')}"


def unit(gtin: str, serial_number: str) -> str:
    return f"{DIGITAL_LINK}/01/{gtin}/21/{quote(serial_number, safe='')}"


def place(kind: str, code: str) -> dict[str, str]:
    return {"id": f"{LOCAL}:{kind}:{quote(code, safe='')}"}


def _time(moment: datetime) -> dict[str, str]:
    return {
        "eventTime": moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "eventTimeZoneOffset": "+00:00",
    }


async def lot_events_document(conn: AsyncConnection, *, lot_id: int) -> dict[str, Any] | None:
    """The EPCISDocument of a lot, or None when there is no such lot."""
    lot = (await conn.execute(LOT, {"lot_id": lot_id})).first()
    if lot is None:
        return None
    events = [
        *await _receipts(conn, lot),
        *await _transformations(conn, lot_id),
        *await _inspections(conn, lot),
        *await _shipments(conn, lot),
    ]
    events.sort(key=lambda e: (e["eventTime"], e["eventID"]))
    return {
        "@context": [CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _time(datetime.now(UTC))["eventTime"],
        "epcisBody": {"eventList": events},
    }


def _what(gtin: str, lot_number: str, quantity: int, serials: list[str]) -> dict[str, Any]:
    if serials:
        return {"epcList": [unit(gtin, s) for s in serials]}
    return {"quantityList": [{"epcClass": lot_class(gtin, lot_number), "quantity": quantity}]}


async def _receipts(conn: AsyncConnection, lot: Any) -> list[dict[str, Any]]:
    groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for move in await conn.execute(ORIGIN_MOVES, {"lot_id": lot.id}):
        if move.kind == "RECEIPT":
            groups[(move.occurred_at, move.warehouse, move.reference)].append(move)
    events = []
    for (occurred_at, warehouse, reference), moves in groups.items():
        serials = [m.serial_number for m in moves if m.serial_number]
        event: dict[str, Any] = {
            "type": "ObjectEvent",
            "eventID": f"{LOCAL}:event:receipt:{moves[0].id}",
            **_time(occurred_at),
            "action": "OBSERVE",
            **_what(lot.gtin, lot.lot_number, sum(m.quantity for m in moves), serials),
            "bizStep": "receiving",
            "disposition": "in_progress",
            "readPoint": place("warehouse", warehouse),
            "bizLocation": place("warehouse", warehouse),
            "ilmd": {"cbvmda:lotNumber": lot.lot_number},
        }
        if lot.supplier:
            event["sourceList"] = [{"type": "owning_party",
                                    "source": place("supplier", lot.supplier)["id"]}]
        if reference:
            event["bizTransactionList"] = [{"type": "po", "bizTransaction":
                                            place("reference", reference)["id"]}]
        events.append(event)
    return events


async def _transformations(conn: AsyncConnection, lot_id: int) -> list[dict[str, Any]]:
    parts: dict[int, list[Any]] = defaultdict(list)
    for row in await conn.execute(TRANSFORMATIONS, {"lot_id": lot_id}):
        parts[row.output_id].append(row)
    if not parts:
        return []
    produced = {row.lot_id: row for row in await conn.execute(PRODUCED, {"lot_ids": list(parts)})}
    events = []
    for output_id, inputs in parts.items():
        made = produced.get(output_id)
        first = inputs[0]
        event: dict[str, Any] = {
            "type": "TransformationEvent",
            "eventID": f"{LOCAL}:event:production:{output_id}",
            **_time(made.occurred_at if made else first.created_at),
            "inputQuantityList": [{"epcClass": lot_class(i.input_gtin, i.input_lot),
                                   "quantity": i.quantity} for i in inputs],
            "outputQuantityList": [{"epcClass": lot_class(first.output_gtin, first.output_lot),
                                    "quantity": int(made.quantity) if made else 0}],
            "transformationID": f"{LOCAL}:work-order:{quote(first.output_lot, safe='')}",
            "bizStep": "commissioning",
            "disposition": "active",
            "ilmd": {"cbvmda:lotNumber": first.output_lot},
        }
        if made:
            event["bizLocation"] = place("warehouse", made.warehouse)
        events.append(event)
    return events


async def _inspections(conn: AsyncConnection, lot: Any) -> list[dict[str, Any]]:
    return [
        {
            "type": "ObjectEvent",
            "eventID": f"{LOCAL}:event:inspection:{row.id}",
            **_time(row.inspected_at),
            "action": "OBSERVE",
            "quantityList": [{"epcClass": lot_class(lot.gtin, lot.lot_number)}],
            "bizStep": "inspecting",
            "disposition": "conformant" if row.result == "PASS" else "non_conformant",
        }
        for row in await conn.execute(INSPECTIONS, {"lot_id": lot.id})
    ]


async def _shipments(conn: AsyncConnection, lot: Any) -> list[dict[str, Any]]:
    return [
        {
            "type": "ObjectEvent",
            "eventID": f"{LOCAL}:event:shipment:{row.id}:{lot.id}",
            **_time(row.shipped_at),
            "action": "OBSERVE",
            **_what(lot.gtin, lot.lot_number, row.quantity, list(row.serials)),
            "bizStep": "shipping",
            "disposition": "in_transit",
            "readPoint": place("warehouse", row.warehouse),
            "bizTransactionList": [
                {"type": "po", "bizTransaction": place("order", row.order_number)["id"]},
                {"type": "desadv", "bizTransaction": place("shipment", row.number)["id"]},
            ],
            "destinationList": [{"type": "owning_party",
                                 "destination": place("customer", row.customer)["id"]}],
        }
        for row in await conn.execute(SHIPMENTS, {"lot_id": lot.id})
    ]
