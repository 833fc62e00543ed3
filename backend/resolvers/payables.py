"""Root reads of payables and valuation, on the request's connection."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain.finance import ap_ageing as ap_rules
from backend.domain.finance import valuation_report
from backend.enums import SupplierInvoiceStatus
from backend.resolvers.context import Context
from backend.resolvers.finance_desk import request_db, today
from backend.resolvers.reading import page

invoices_t = m.SupplierInvoice.__table__
balances_t = m.StockBalance.__table__


async def supplier_invoices(context: Context, first: int | None, after: str | None, *,
                            supplier_id: int | None,
                            statuses: Sequence[SupplierInvoiceStatus] | None) -> Page:
    stmt = select(invoices_t)
    if supplier_id is not None:
        stmt = stmt.where(invoices_t.c.supplier_id == supplier_id)
    if statuses:
        stmt = stmt.where(invoices_t.c.status.in_([str(s) for s in statuses]))
    return await page(context, stmt, SortKey((invoices_t.c.id,), descending=True), first, after)


async def ap_ageing(context: Context, as_of: date | None, supplier_id: int | None
                    ) -> ap_rules.ApAgeing:
    return await ap_rules.ap_ageing(request_db(context), as_of or today(), supplier_id)


async def inventory_valuation(context: Context, warehouse_id: int | None
                              ) -> valuation_report.Valuation:
    return await valuation_report.inventory_valuation(request_db(context), warehouse_id)


async def valuation_rows(context: Context, warehouse_id: int | None, first: int | None,
                         after: str | None) -> Page:
    return await page(context, valuation_report.carried(warehouse_id),
                      SortKey((balances_t.c.warehouse_id, balances_t.c.lot_id)), first, after)
