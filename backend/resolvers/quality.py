"""Root reads of lots and serials, and trace."""

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, FromClause, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY

from backend.api.errors import ApiError, ApiErrorCode
from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain import access
from backend.domain.quality.trace import trace_ids
from backend.enums import LotStatus, TraceDirection
from backend.resolvers.context import Context
from backend.resolvers.reading import first_row, page

products_t = m.Product.__table__
lots_t = m.Lot.__table__
serials_t = m.Serial.__table__
moves_t = m.StockMove.__table__


async def lot(context: Context, gtin: str, lot_number: str) -> Any:
    stmt = (
        select(lots_t)
        .join(products_t, products_t.c.id == lots_t.c.product_id)
        .where(
            products_t.c.gtin == gtin,
            lots_t.c.lot_number == lot_number,
            access.visible_lots(context.actor),
        )
    )
    return await first_row(context, stmt)


async def lots(
    context: Context,
    first: int | None,
    after: str | None,
    product_id: int | None,
    status: list[LotStatus] | None,
    expiring_before: date | None,
) -> Page:
    stmt = select(lots_t).where(access.visible_lots(context.actor))
    if product_id is not None:
        stmt = stmt.where(lots_t.c.product_id == product_id)
    if status:
        stmt = stmt.where(lots_t.c.status.in_(list(status)))
    if expiring_before is not None:
        stmt = stmt.where(lots_t.c.expires_on < expiring_before)
    return await page(context, stmt, SortKey((lots_t.c.id,), descending=True), first, after)


async def serial(context: Context, gtin: str, serial_number: str) -> Any:
    stmt = (
        select(serials_t)
        .join(products_t, products_t.c.id == serials_t.c.product_id)
        .where(
            products_t.c.gtin == gtin,
            serials_t.c.serial_number == serial_number,
            access.visible_serials(context.actor),
        )
    )
    return await first_row(context, stmt)


async def lot_serials(context: Context, lot_id: int, first: int | None, after: str | None) -> Page:
    stmt = select(serials_t).where(
        serials_t.c.lot_id == lot_id, access.visible_serials(context.actor)
    )
    sort = SortKey((serials_t.c.serial_number, serials_t.c.id))
    return await page(context, stmt, sort, first, after)


async def lot_moves(context: Context, lot_id: int, first: int | None, after: str | None) -> Page:
    stmt = select(moves_t).where(moves_t.c.lot_id == lot_id)
    return await page(context, stmt, SortKey((moves_t.c.occurred_at, moves_t.c.id)), first, after)


# ------------------------------------------------------------------ trace
@dataclass
class TraceRows:
    root: Any
    direction: TraceDirection
    lots: list[Any]
    serials: list[Any]
    shipments: list[Any]
    customers: list[Any]
    suppliers: list[Any]


async def trace(context: Context, lot_id: int, direction: TraceDirection) -> TraceRows:
    """One recursive query for the ids, then one select per type."""
    async with context.engine.connect() as conn:
        ids = await trace_ids(conn, lot_id=lot_id, direction=direction)
    lots_, serials, shipments, customers, suppliers = await asyncio.gather(
        _by_ids(context, lots_t, ids.lot_ids),
        _by_ids(context, serials_t, ids.serial_ids),
        _by_ids(context, m.Shipment.__table__, ids.shipment_ids),
        _by_ids(context, m.Customer.__table__, ids.customer_ids),
        _by_ids(context, m.Supplier.__table__, ids.supplier_ids),
    )
    root = next((row for row in lots_ if row.id == lot_id), None)
    if root is None:
        raise ApiError("No such lot.", code=ApiErrorCode.NOT_FOUND)
    return TraceRows(root, direction, lots_, serials, shipments, customers, suppliers)


async def _by_ids(context: Context, table: FromClause, ids: list[int]) -> list[Any]:
    """Rows by id in id order; the ids travel as one array parameter, however many there are."""
    if not ids:
        return []
    wanted = bindparam("ids", ids, type_=ARRAY(BigInteger))
    stmt = select(table).where(table.c.id == any_(wanted)).order_by(table.c.id)
    return list(await context.loaders.rows(stmt))


