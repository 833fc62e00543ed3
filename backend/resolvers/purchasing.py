"""Root reads of purchase orders."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.enums import PurchaseOrderStatus
from backend.resolvers.context import Context
from backend.resolvers.reading import page
from backend.resolvers.search import contains

orders_t = m.PurchaseOrder.__table__


async def purchase_orders(
    context: Context, first: int | None, after: str | None, *, supplier_id: int | None,
    statuses: Sequence[PurchaseOrderStatus] | None, search: str | None,
) -> Page:
    stmt = select(orders_t)
    if supplier_id is not None:
        stmt = stmt.where(orders_t.c.supplier_id == supplier_id)
    if statuses:
        stmt = stmt.where(orders_t.c.status.in_([str(s) for s in statuses]))
    if search:
        stmt = stmt.where(contains(orders_t.c.number, search))
    return await page(context, stmt, SortKey((orders_t.c.id,), descending=True), first, after)


async def purchase_order(context: Context, number: str) -> Any:
    rows = await context.loaders.rows(select(orders_t).where(orders_t.c.number == number))
    return rows[0] if rows else None
