"""Releasing a work order: every component reserved in its warehouse from RELEASED,
unexpired lots, earliest expiry first (no expiry last), all or nothing; then its batch
record is opened and the schedule recomputed."""

from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    BatchRecord,
    BatchRecordStep,
    BatchStepTemplate,
    Lot,
    Product,
    StockBalance,
    WorkOrder,
    WorkOrderComponent,
    WorkOrderReservation,
)
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.inventory import stock
from backend.domain.production import events, schedule
from backend.domain.production.work_orders import locked, refuse_status
from backend.enums import (
    AuditAction,
    BatchRecordStatus,
    LotStatus,
    WorkOrderEventKind,
    WorkOrderStatus,
)

W = WorkOrderStatus


async def available_lots(session: AsyncSession, *, product_id: int, warehouse_id: int,
                         on: date) -> list[tuple[int, int]]:
    """(lot id, unreserved quantity) of released, unexpired lots, earliest expiry first."""
    rows = await session.execute(
        select(Lot.id, StockBalance.on_hand - StockBalance.reserved - StockBalance.held)
        .join(StockBalance, StockBalance.lot_id == Lot.id)
        .where(Lot.product_id == product_id, StockBalance.warehouse_id == warehouse_id,
               Lot.status == LotStatus.RELEASED,
               or_(Lot.expires_on.is_(None), Lot.expires_on >= on),
               StockBalance.on_hand - StockBalance.reserved - StockBalance.held > 0)
        .order_by(Lot.expires_on.asc().nulls_last(), Lot.id))
    return [(lot_id, int(free)) for lot_id, free in rows.all()]


async def release_work_order(
    session: AsyncSession, *, actor: Actor, work_order_id: int | None,
) -> WorkOrder:
    work_order = await locked(session, work_order_id)
    refuse_status(work_order, (W.PLANNED,), "released")
    today = datetime.now(UTC).date()
    lines = list(await session.scalars(
        select(WorkOrderComponent).where(WorkOrderComponent.work_order_id == work_order.id)
        .order_by(WorkOrderComponent.line_number)))
    plan: list[tuple[WorkOrderComponent, int, int]] = []
    problems: list[Problem] = []
    for line in lines:
        need = line.required_quantity - line.issued_quantity
        candidates = await available_lots(session, product_id=line.product_id,
                                          warehouse_id=work_order.warehouse_id, on=today)
        for lot_id, free in candidates:
            if need <= 0:
                break
            take = min(free, need)
            plan.append((line, lot_id, take))
            need -= take
        if need > 0:
            product = await session.get(Product, line.product_id)
            assert product is not None
            problems.append(Problem(
                ErrorCode.INSUFFICIENT_STOCK,
                f"{product.sku}: {need} short of the {line.required_quantity} needed.",
                ("input", "workOrderId")))
    if problems:
        raise DomainError(problems)
    for line, lot_id, take in plan:
        if await stock.reserve(session, warehouse_id=work_order.warehouse_id, lot_id=lot_id,
                               quantity=take) is None:
            # Taken meanwhile by another transaction: nothing of this one stays.
            raise DomainError.single(ErrorCode.INSUFFICIENT_STOCK,
                                     "Stock changed while reserving; release again.",
                                     ("input", "workOrderId"))
        session.add(WorkOrderReservation(work_order_id=work_order.id,
                                         line_number=line.line_number, lot_id=lot_id,
                                         warehouse_id=work_order.warehouse_id, quantity=take))
    before = events.snapshot(work_order)
    work_order.status = W.RELEASED
    work_order.released_at = datetime.now(UTC)
    await _open_batch_record(session, work_order)
    await session.flush()
    await schedule.reschedule(session, announced=work_order.id)
    await events.changed(
        session, work_order, actor=actor, kind=WorkOrderEventKind.RELEASED,
        action=AuditAction.WORK_ORDER_STATUS_CHANGED, before=before, previous=W.PLANNED,
        extra={"reserved": [[line.line_number, lot_id, take] for line, lot_id, take in plan]})
    return work_order


async def _open_batch_record(session: AsyncSession, work_order: WorkOrder) -> None:
    record = BatchRecord(work_order_id=work_order.id, status=BatchRecordStatus.IN_PROGRESS)
    session.add(record)
    await session.flush()
    templates = await session.scalars(
        select(BatchStepTemplate)
        .where(BatchStepTemplate.bom_version_id == work_order.bom_version_id)
        .order_by(BatchStepTemplate.sequence))
    session.add_all(BatchRecordStep(
        batch_record_id=record.id, sequence=t.sequence, title=t.title,
        instructions=t.instructions, parameters=t.parameters,
        requires_verification=t.requires_verification, values=[]) for t in templates)
