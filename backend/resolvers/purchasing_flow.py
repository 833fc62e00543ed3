"""Root reads of requisitions, reorder points, approval rules and purchasing settings."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain.purchasing import planning, settings
from backend.enums import PurchaseRequisitionStatus
from backend.resolvers.context import Context
from backend.resolvers.reading import page

requisitions_t = m.PurchaseRequisition.__table__
reorder_points_t = m.ReorderPoint.__table__
rules_t = m.PurchaseApprovalRule.__table__


async def available(context: Context, product_id: int, warehouse_id: int) -> int:
    pair = (product_id, warehouse_id)
    rows = await context.loaders.rows(planning.available_stmt([product_id]))
    return planning.summed(rows, [pair])[pair]


async def on_order(context: Context, product_id: int, warehouse_id: int | None = None) -> int:
    """On order for the warehouse, or for every warehouse when None."""
    rows = [row for stmt in planning.on_order_stmts([product_id])
            for row in await context.loaders.rows(stmt)]
    return sum(int(q or 0) for p, w, q in rows
               if warehouse_id is None or int(w) == warehouse_id)


async def purchase_requisitions(context: Context, first: int | None, after: str | None, *,
                                statuses: Sequence[PurchaseRequisitionStatus] | None) -> Page:
    stmt = select(requisitions_t)
    if statuses:
        stmt = stmt.where(requisitions_t.c.status.in_([str(s) for s in statuses]))
    return await page(context, stmt, SortKey((requisitions_t.c.id,), descending=True),
                      first, after)


async def reorder_points(context: Context, *, product_id: int | None,
                         warehouse_id: int | None) -> Sequence[Any]:
    stmt = select(reorder_points_t).order_by(reorder_points_t.c.warehouse_id,
                                             reorder_points_t.c.product_id)
    if product_id is not None:
        stmt = stmt.where(reorder_points_t.c.product_id == product_id)
    if warehouse_id is not None:
        stmt = stmt.where(reorder_points_t.c.warehouse_id == warehouse_id)
    return await context.loaders.rows(stmt)


async def approval_rules(context: Context) -> Sequence[Any]:
    return await context.loaders.rows(select(rules_t).order_by(rules_t.c.threshold,
                                                               rules_t.c.code))


async def purchasing_settings(context: Context) -> settings.PurchasingSettings:
    return settings.of_rows(await context.loaders.rows(settings.STORED))
