"""Root reads of the quality loop (staff only): holds, nonconformances, CAPAs, expiry alerts,
overdue recall notices, inspection plans and tasks, retained samples."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain.quality.recall_closure import is_reconciled, reconciliation
from backend.enums import (
    CapaStatus,
    InspectionKind,
    InspectionTaskStatus,
    NonconformanceSource,
    NonconformanceStatus,
    QualityHoldStatus,
)
from backend.resolvers.context import Context
from backend.resolvers.reading import first_row, page

holds_t = m.QualityHold.__table__
ncs_t = m.Nonconformance.__table__
capas_t = m.Capa.__table__
alerts_t = m.ExpiryAlert.__table__
lots_t = m.Lot.__table__
notices_t = m.RecallNotice.__table__
recalls_t = m.Recall.__table__
plans_t = m.InspectionPlan.__table__
tasks_t = m.InspectionTask.__table__
samples_t = m.RetainedSample.__table__
balances_t = m.StockBalance.__table__

# Lots expiring within this many days raise an alert; `expiryAlerts` lists the same window.
EXPIRY_WINDOW_DAYS = 30


async def quality_holds(context: Context, first: int | None, after: str | None,
                        status: list[QualityHoldStatus] | None, lot_id: int | None) -> Page:
    stmt = select(holds_t)
    if status:
        stmt = stmt.where(holds_t.c.status.in_(list(status)))
    if lot_id is not None:
        stmt = stmt.where(holds_t.c.lot_id == lot_id)
    return await page(context, stmt, SortKey((holds_t.c.id,), descending=True), first, after)


async def nonconformances(
    context: Context, first: int | None, after: str | None,
    status: list[NonconformanceStatus] | None, source: list[NonconformanceSource] | None,
    lot_id: int | None,
) -> Page:
    stmt = select(ncs_t)
    if status:
        stmt = stmt.where(ncs_t.c.status.in_(list(status)))
    if source:
        stmt = stmt.where(ncs_t.c.source.in_(list(source)))
    if lot_id is not None:
        stmt = stmt.where(ncs_t.c.lot_id == lot_id)
    return await page(context, stmt, SortKey((ncs_t.c.id,), descending=True), first, after)


async def capas(context: Context, first: int | None, after: str | None,
                status: list[CapaStatus] | None) -> Page:
    stmt = select(capas_t)
    if status:
        stmt = stmt.where(capas_t.c.status.in_(list(status)))
    return await page(context, stmt, SortKey((capas_t.c.id,), descending=True), first, after)


async def expiry_alerts(context: Context, first: int | None, after: str | None,
                        within_days: int | None) -> Page:
    today = datetime.now(UTC).date()
    horizon = today + timedelta(days=EXPIRY_WINDOW_DAYS if within_days is None else within_days)
    stmt = select(alerts_t).where(alerts_t.c.expires_on <= horizon)
    sort = SortKey((alerts_t.c.expires_on, alerts_t.c.id))
    return await page(context, stmt, sort, first, after)


async def overdue_recall_notices(context: Context, first: int | None, after: str | None) -> Page:
    stmt = select(notices_t).where(notices_t.c.acknowledged_at.is_(None),
                                   notices_t.c.due_at < func.now())
    return await page(context, stmt, SortKey((notices_t.c.due_at, notices_t.c.id)), first, after)


async def inspection_plan(context: Context, product_id: int, kind: InspectionKind) -> Any:
    stmt = (select(plans_t).where(plans_t.c.product_id == product_id, plans_t.c.kind == kind)
            .order_by(plans_t.c.version.desc()).limit(1))
    return await first_row(context, stmt)


async def inspection_tasks(context: Context, first: int | None, after: str | None,
                           status: list[InspectionTaskStatus] | None) -> Page:
    stmt = select(tasks_t)
    if status:
        stmt = stmt.where(tasks_t.c.status.in_(list(status)))
    return await page(context, stmt, SortKey((tasks_t.c.id,), descending=True), first, after)


async def retained_samples(context: Context, first: int | None, after: str | None,
                           lot_id: int | None, retain_until_before: date | None) -> Page:
    stmt = select(samples_t)
    if lot_id is not None:
        stmt = stmt.where(samples_t.c.lot_id == lot_id)
    if retain_until_before is not None:
        stmt = stmt.where(samples_t.c.retain_until < retain_until_before)
    return await page(context, stmt, SortKey((samples_t.c.id,), descending=True), first, after)


async def recall_reconciliation(context: Context, recall_id: int) -> list[Any]:
    """The recall's lines the viewer may see: a partner its own customer's only."""
    lines = await reconciliation(context.loaders.rows, [recall_id], context.actor.customer_scope)
    return lines.get(recall_id, [])


async def recall_reconciled(context: Context, recall_id: int) -> bool:
    return await is_reconciled(context.loaders.rows, recall_id)


async def notice_row(context: Context, notice_id: int) -> Any:
    return await first_row(context, select(notices_t).where(notices_t.c.id == notice_id))
