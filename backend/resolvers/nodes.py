"""`node(id:)`: any object by global id, under the same visibility rules as every other path."""

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import exists, select

from backend.db import models as m
from backend.schema.errors import Forbidden
from backend.schema.ids import from_global_id
from backend.schema.types import audit, catalog, finance, parties, quality, recalls
from backend.schema.types.sales import NODE_LOADERS as SALES_NODE_LOADERS

inspections_t = m.Inspection.__table__
moves_t = m.StockMove.__table__
journal_t = m.JournalEntry.__table__
audit_t = m.AuditEvent.__table__
invoices_t = m.Invoice.__table__
recalls_t = m.Recall.__table__
notices_t = m.RecallNotice.__table__
releases_t = m.Release.__table__

# Types whose loaders already apply partner scoping.
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
STAFF_ONLY = {
    "Supplier": (m.Supplier.__table__, parties.Supplier),
    "Inspection": (inspections_t, quality.Inspection),
    "StockMove": (moves_t, catalog.StockMove),
    "JournalEntry": (journal_t, finance.JournalEntry),
    "AuditEvent": (audit_t, audit.AuditEvent),
}


async def _one(context: Any, stmt: Any, make: Callable[[Any], Any]) -> Any:
    rows = await context.loaders.rows(stmt)
    return make(rows[0]) if rows else None


async def _invoice(context: Any, pk: int) -> Any:
    stmt = select(invoices_t).where(invoices_t.c.id == pk)
    if context.partner_customer_id is not None:
        stmt = stmt.where(invoices_t.c.customer_id == context.partner_customer_id)
    return await _one(context, stmt, finance.Invoice.from_row)


async def _recall(context: Any, pk: int) -> Any:
    stmt = select(recalls_t).where(recalls_t.c.id == pk)
    if context.partner_customer_id is not None:
        stmt = stmt.where(
            exists().where(
                notices_t.c.recall_id == recalls_t.c.id,
                notices_t.c.customer_id == context.partner_customer_id,
            )
        )
    return await _one(context, stmt, recalls.Recall.from_row)


async def _release(context: Any, pk: int) -> Any:
    release = await _one(
        context, select(releases_t).where(releases_t.c.id == pk), quality.Release.from_row
    )
    # A release is visible with its lot.
    if release is None or await context.loaders.lot_by_id.load(release.lot_id) is None:
        return None
    return release


OTHERS: dict[str, Callable[[Any, int], Awaitable[Any]]] = {
    "Invoice": _invoice,
    "Recall": _recall,
    "Release": _release,
    **SALES_NODE_LOADERS,
}


async def resolve_node(context: Any, global_id: str) -> Any:
    type_name, pk = from_global_id(global_id)
    return await load_object(context, type_name, pk)


async def load_object(context: Any, type_name: str, pk: int) -> Any:
    """The graph object of a type and primary key, if the caller may see it."""
    if type_name in LOADED:
        return await getattr(context.loaders, LOADED[type_name]).load(pk)
    if type_name in STAFF_ONLY:
        if context.partner_customer_id is not None:
            raise Forbidden()
        table, graph_type = STAFF_ONLY[type_name]
        return await _one(context, select(table).where(table.c.id == pk), graph_type.from_row)
    if type_name in OTHERS:
        return await OTHERS[type_name](context, pk)
    return None
