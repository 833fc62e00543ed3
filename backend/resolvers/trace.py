"""`trace(lotId, direction)`: one recursive query for the ids, then one select per type."""

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import BigInteger, Table, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY

from backend.db import models as m
from backend.domain.trace import trace_ids
from backend.enums import TraceDirection
from backend.schema.errors import ApiError
from backend.schema.ids import pk_of
from backend.schema.types import orders, parties, quality


async def trace(info: Any, lot_id: str, direction: TraceDirection) -> quality.Trace:
    context = info.context
    context.require_staff()
    pk = pk_of(lot_id, "Lot", argument="lotId")
    async with context.engine.connect() as conn:
        ids = await trace_ids(conn, lot_id=pk, direction=direction)
    lots, serials, shipments, customers, suppliers = await asyncio.gather(
        _rows(context, m.Lot.__table__, ids.lot_ids, quality.Lot.from_row),
        _rows(context, m.Serial.__table__, ids.serial_ids, quality.Serial.from_row),
        _rows(context, m.Shipment.__table__, ids.shipment_ids, orders.Shipment.from_row),
        _rows(context, m.Customer.__table__, ids.customer_ids, parties.Customer.from_row),
        _rows(context, m.Supplier.__table__, ids.supplier_ids, parties.Supplier.from_row),
    )
    root = next((lot for lot in lots if lot.pk == pk), None)
    if root is None:
        raise ApiError("No such lot.", code="NOT_FOUND")
    return quality.Trace(root=root, direction=direction, lots=lots, serials=serials,
                         shipments=shipments, customers=customers, suppliers=suppliers)


async def _rows(
    context: Any, table: Table, ids: list[int], make: Callable[[Any], Any]
) -> list[Any]:
    """Rows by id in id order; the ids travel as one array parameter, however many there are."""
    if not ids:
        return []
    wanted = bindparam("ids", ids, type_=ARRAY(BigInteger))
    stmt = select(table).where(table.c.id == any_(wanted)).order_by(table.c.id)
    return [make(row) for row in await context.loaders.rows(stmt)]
