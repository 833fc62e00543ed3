"""`node(id:)` and mutation payloads: any row by type name and primary key, under the same
partner policy as every other path."""

from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from sqlalchemy import Select, select

from backend.api.errors import Forbidden
from backend.db import models as m
from backend.domain import access
from backend.resolvers.context import Context


class NodeRow(NamedTuple):
    """A row and the graph type it is an object of."""

    type_name: str
    row: Any


def _table(model: Any) -> Any:
    return model.__table__


replenishment_t = _table(m.ReplenishmentRequest)
order_lines_t = _table(m.SalesOrderLine)
# Requests name the order of their backordered line.
REPLENISHMENT_ROWS = select(replenishment_t, order_lines_t.c.order_id).outerjoin(
    order_lines_t, order_lines_t.c.id == replenishment_t.c.order_line_id
)

# Types whose loaders already apply the partner policy.
LOADED = {
    "User": "user_by_id",
    "Customer": "customer_by_id",
    "Product": "product_by_id",
    "Warehouse": "warehouse_by_id",
    "Lot": "lot_by_id",
    "Serial": "serial_by_id",
    "SalesOrder": "order_by_id",
    "Shipment": "shipment_by_id",
    "Document": "document_by_id",
}
# Internal records: partners get FORBIDDEN whatever the id.
STAFF_ONLY: dict[str, Select[Any]] = {
    "Supplier": select(_table(m.Supplier)),
    "Inspection": select(_table(m.Inspection)),
    "StockMove": select(_table(m.StockMove)),
    "JournalEntry": select(_table(m.JournalEntry)),
    "AuditEvent": select(_table(m.AuditEvent)),
    "StockTransfer": select(_table(m.StockTransfer)),
    "ReplenishmentRequest": REPLENISHMENT_ROWS,
}
# Records that carry their customer: partners see their own.
OWNED = {
    "Invoice": _table(m.Invoice),
    "Quote": _table(m.Quote),
    "CustomerReturn": _table(m.CustomerReturn),
    "CreditNote": _table(m.CreditNote),
}


async def _first(context: Context, stmt: Select[Any]) -> Any:
    rows = await context.loaders.rows(stmt)
    return rows[0] if rows else None


async def _recall(context: Context, pk: int) -> Any:
    recalls_t = _table(m.Recall)
    stmt = select(recalls_t).where(recalls_t.c.id == pk, access.visible_recalls(context.actor))
    return await _first(context, stmt)


async def _release(context: Context, pk: int) -> Any:
    releases_t = _table(m.Release)
    release = await _first(context, select(releases_t).where(releases_t.c.id == pk))
    # A release is visible with its lot.
    if release is None or await context.loaders.lot_by_id.load(release.lot_id) is None:
        return None
    return release


OTHERS: dict[str, Callable[[Context, int], Awaitable[Any]]] = {
    "Recall": _recall,
    "Release": _release,
}


async def load_row(context: Context, type_name: str, pk: int) -> Any:
    """The row of a type and primary key, if the caller may see it; else None."""
    if type_name in LOADED:
        return await getattr(context.loaders, LOADED[type_name]).load(pk)
    if type_name in STAFF_ONLY:
        if not context.actor.is_staff:
            raise Forbidden()
        stmt = STAFF_ONLY[type_name]
        key = stmt.selected_columns["id"]
        return await _first(context, stmt.where(key == pk))
    if type_name in OWNED:
        table = OWNED[type_name]
        return await _first(context, select(table).where(
            table.c.id == pk, access.owned_by(context.actor, table.c.customer_id)
        ))
    if type_name in OTHERS:
        return await OTHERS[type_name](context, pk)
    return None


async def load_node(context: Context, type_name: str, pk: int) -> NodeRow | None:
    row = await load_row(context, type_name, pk)
    return None if row is None else NodeRow(type_name, row)
