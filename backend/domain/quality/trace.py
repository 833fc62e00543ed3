"""Traceability: from a lot forward to everything made from it and everyone who received it,
or backward to its components and their suppliers.

Genealogy is followed to any depth by one recursive query per direction. The walk
keeps only lot ids and uses UNION, which drops rows already found, so a cycle in
bad data ends the walk instead of looping.
"""

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.enums import TraceDirection

# {step} joins lot_components `lc` to the lots reached so far (`r`) and yields the next lots.
_TRACE = """
WITH RECURSIVE reached(lot_id) AS (
    SELECT CAST(:lot_id AS bigint)
    UNION
    SELECT {next} FROM lot_components lc JOIN reached r ON {step}
),
shipped AS (
    SELECT DISTINCT sh.id, sh.customer_id
    FROM shipment_lines sl JOIN shipments sh ON sh.id = sl.shipment_id
    WHERE sl.lot_id IN (SELECT lot_id FROM reached) AND sh.status <> 'CANCELLED'
)
SELECT
    ARRAY(SELECT lot_id FROM reached ORDER BY lot_id) AS lot_ids,
    ARRAY(SELECT s.id FROM serials s WHERE s.lot_id IN (SELECT lot_id FROM reached)
          ORDER BY s.id) AS serial_ids,
    ARRAY(SELECT id FROM shipped ORDER BY id) AS shipment_ids,
    ARRAY(SELECT DISTINCT customer_id FROM shipped ORDER BY customer_id) AS customer_ids,
    ARRAY(SELECT DISTINCT l.supplier_id FROM lots l
          WHERE l.id IN (SELECT lot_id FROM reached) AND l.supplier_id IS NOT NULL
          ORDER BY l.supplier_id) AS supplier_ids
"""
FORWARD = text(_TRACE.format(next="lc.lot_id", step="lc.component_lot_id = r.lot_id"))
BACKWARD = text(_TRACE.format(next="lc.component_lot_id", step="lc.lot_id = r.lot_id"))


@dataclass(frozen=True)
class TraceIds:
    """Row ids of what a trace reached; `lot_ids` includes the root lot."""

    lot_ids: list[int]
    serial_ids: list[int]
    shipment_ids: list[int]
    customer_ids: list[int]
    supplier_ids: list[int]


async def trace_ids(
    db: AsyncSession | AsyncConnection, *, lot_id: int, direction: TraceDirection
) -> TraceIds:
    statement = FORWARD if direction == TraceDirection.FORWARD else BACKWARD
    row = (await db.execute(statement, {"lot_id": lot_id})).one()
    return TraceIds(
        lot_ids=list(row.lot_ids), serial_ids=list(row.serial_ids),
        shipment_ids=list(row.shipment_ids), customer_ids=list(row.customer_ids),
        supplier_ids=list(row.supplier_ids),
    )
