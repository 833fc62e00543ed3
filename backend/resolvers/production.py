"""Root reads of production: work centres, work orders, the schedule, a product's BOM."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import exists, select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain.production.boms import in_effect
from backend.enums import BatchRecordStatus, WorkOrderStatus
from backend.resolvers.context import Context
from backend.resolvers.reading import page
from backend.resolvers.search import contains

centers_t = m.WorkCenter.__table__
orders_t = m.WorkOrder.__table__
bookings_t = m.CapacityBooking.__table__
routing_t = m.RoutingOperation.__table__
records_t = m.BatchRecord.__table__
versions_t = m.BomVersion.__table__


async def work_centers(context: Context) -> Sequence[Any]:
    return await context.loaders.rows(select(centers_t).order_by(centers_t.c.code))


async def work_order(context: Context, number: str) -> Any:
    rows = await context.loaders.rows(select(orders_t).where(orders_t.c.number == number))
    return rows[0] if rows else None


async def work_orders(
    context: Context, first: int | None, after: str | None, *,
    statuses: Sequence[WorkOrderStatus] | None, product_id: int | None,
    work_center_id: int | None, batch_record_statuses: Sequence[BatchRecordStatus] | None,
    due_before: date | None, search: str | None,
) -> Page:
    stmt = select(orders_t)
    if statuses:
        stmt = stmt.where(orders_t.c.status.in_([str(s) for s in statuses]))
    if product_id is not None:
        stmt = stmt.where(orders_t.c.product_id == product_id)
    if work_center_id is not None:
        stmt = stmt.where(exists().where(routing_t.c.bom_version_id == orders_t.c.bom_version_id,
                                         routing_t.c.work_center_id == work_center_id))
    if batch_record_statuses:
        stmt = stmt.where(exists().where(
            records_t.c.work_order_id == orders_t.c.id,
            records_t.c.status.in_([str(s) for s in batch_record_statuses])))
    if due_before is not None:
        stmt = stmt.where(orders_t.c.due_date < due_before)
    if search:
        stmt = stmt.where(contains(orders_t.c.number, search))
    return await page(context, stmt, SortKey((orders_t.c.id,), descending=True), first, after)


async def schedule(context: Context, start: date, end: date,
                   work_center_id: int | None) -> Sequence[Any]:
    stmt = select(bookings_t).where(bookings_t.c.day >= start, bookings_t.c.day <= end)
    if work_center_id is not None:
        stmt = stmt.where(bookings_t.c.work_center_id == work_center_id)
    return await context.loaders.rows(
        stmt.order_by(bookings_t.c.work_center_id, bookings_t.c.start))


async def bom_in_effect(context: Context, product_id: int, on: date) -> Any:
    v = versions_t
    rows = await context.loaders.rows(
        select(v).where(v.c.product_id == product_id, *in_effect(on))
        .order_by(v.c.effective_from.desc(), v.c.version.desc()).limit(1))
    return rows[0] if rows else None
