"""`node(id:)` and mutation payloads: any row by type name and primary key, under the same
partner policy as every other path."""

from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any, NamedTuple

from sqlalchemy import Select, select

from backend.api.errors import Forbidden
from backend.db import models as m
from backend.domain import access
from backend.domain.finance.periods import as_period
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
    "PriceList": select(_table(m.PriceList)),  # master data
    "StockTransfer": select(_table(m.StockTransfer)),
    "ReplenishmentRequest": REPLENISHMENT_ROWS,
    # quality loop
    "QualityHold": select(_table(m.QualityHold)),
    "Nonconformance": select(_table(m.Nonconformance)),
    "Capa": select(_table(m.Capa)),
    "CapaAction": select(_table(m.CapaAction)),
    "RetainedSample": select(_table(m.RetainedSample)),
    "ExpiryAlert": select(_table(m.ExpiryAlert)),
    "InspectionPlan": select(_table(m.InspectionPlan)),
    "InspectionTask": select(_table(m.InspectionTask)),
    # change control
    "OrderApprovalRule": select(_table(m.ApprovalRule)),
    # permissions as data
    "SeparationOfDutiesRule": select(_table(m.SeparationOfDutiesRule)),
    "ApprovalDelegation": select(_table(m.ApprovalDelegation)),
    "LicenceRequirement": select(_table(m.LicenceRequirement)),
    # finance desk
    "BankAccount": select(_table(m.BankAccount)),
    "BankStatement": select(_table(m.BankStatement)),
    "BankStatementLine": select(_table(m.BankStatementLine)),
    "TaxRule": select(_table(m.TaxRule)),
    # purchasing
    "SupplierOverride": select(_table(m.SupplierOverride)),
    "SupplierPrice": select(_table(m.SupplierPrice)),
    "PurchaseOrder": select(_table(m.PurchaseOrder)),
    "PurchaseOrderLine": select(_table(m.PurchaseOrderLine)),
    # payables
    "SupplierInvoice": select(_table(m.SupplierInvoice)),
    "SupplierPayment": select(_table(m.SupplierPayment)),
    "PurchaseRequisition": select(_table(m.PurchaseRequisition)),
    "PurchaseRequisitionLine": select(_table(m.PurchaseRequisitionLine)),
    "PurchaseApprovalRule": select(_table(m.PurchaseApprovalRule)),
    "ReorderPoint": select(_table(m.ReorderPoint)),
    "GoodsReceipt": select(_table(m.GoodsReceipt)),
    # production
    "WorkCenter": select(_table(m.WorkCenter)),
    "BomVersion": select(_table(m.BomVersion)),
    "WorkOrder": select(_table(m.WorkOrder)),
    "BatchRecord": select(_table(m.BatchRecord)),
    "BatchDeviation": select(_table(m.BatchDeviation)),
    # configuration policies
    "ConfigPolicy": select(_table(m.ConfigPolicy)),
    "CustomFieldDefinition": select(_table(m.CustomFieldDefinition)),
}
# Records that carry their customer: partners see their own.
OWNED = {
    "Invoice": _table(m.Invoice),
    "Quote": _table(m.Quote),
    "CustomerReturn": _table(m.CustomerReturn),
    "CreditNote": _table(m.CreditNote),
    "CustomerLicence": _table(m.CustomerLicence),  # change control
    # finance desk
    "CustomerPayment": _table(m.Payment),
    "CustomerRefund": _table(m.CustomerRefund),
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


async def _order_version(context: Context, pk: int) -> Any:
    versions_t = _table(m.SalesOrderVersion)
    version = await _first(context, select(versions_t).where(versions_t.c.id == pk))
    # A version is visible with its order.
    if version is None or await context.loaders.order_by_id.load(version.order_id) is None:
        return None
    return version


async def _invoice_line(context: Context, pk: int) -> Any:
    lines_t, invoices_t = _table(m.InvoiceLine), _table(m.Invoice)
    return await _first(context, select(lines_t).join(
        invoices_t, invoices_t.c.id == lines_t.c.invoice_id).where(
        lines_t.c.id == pk, access.owned_by(context.actor, invoices_t.c.customer_id)))


async def _accounting_period(context: Context, pk: int) -> Any:
    """A month as read (a month without a row is OPEN); staff only."""
    if not context.actor.is_staff:
        raise Forbidden()
    year, month = divmod(pk, 100)
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        return None
    t = _table(m.AccountingPeriod)
    row = await _first(context, select(t).where(t.c.id == pk))
    p = as_period(year, month, row)
    return SimpleNamespace(_mapping={
        "id": p.id, "year": p.year, "month": p.month, "starts_on": p.starts_on,
        "ends_on": p.ends_on, "status": p.status, "closed_at": p.closed_at,
        "closed_by_id": p.closed_by_id})


async def _order_line(context: Context, pk: int) -> Any:
    line = await _first(context, select(order_lines_t).where(order_lines_t.c.id == pk))
    # A line is visible with its order.
    if line is None or await context.loaders.order_by_id.load(line.order_id) is None:
        return None
    return line


OTHERS: dict[str, Callable[[Context, int], Awaitable[Any]]] = {
    "OrderLine": _order_line,
    "Recall": _recall,
    "Release": _release,
    "AccountingPeriod": _accounting_period,  # finance desk
    "InvoiceLine": _invoice_line,  # finance desk
    "SalesOrderVersion": _order_version,
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
