"""Work orders: made by hand, for a PRODUCTION replenishment request or for an order;
their quantity and due date change while they are open; cancelling frees what they hold."""

import math
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    BomComponent,
    BomVersion,
    Product,
    ReplenishmentRequest,
    RoutingOperation,
    SalesOrder,
    SalesOrderLine,
    Warehouse,
    WorkCenter,
    WorkOrder,
    WorkOrderComponent,
    WorkOrderReservation,
)
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.inventory import stock
from backend.domain.production import boms, events, schedule
from backend.enums import (
    AuditAction,
    BomVersionStatus,
    OrderStatus,
    Replenishment,
    ReplenishmentStatus,
    WorkOrderEventKind,
    WorkOrderStatus,
)

W = WorkOrderStatus
K = WorkOrderEventKind
MAX_QUANTITY = 1_000_000
MAX_REASON = 500
ORDER_STATUSES = (OrderStatus.APPROVED, OrderStatus.ALLOCATED)


def requirement(quantity: int, quantity_per: int, scrap_percent: Decimal) -> int:
    """⌈quantity × quantityPer × (1 + scrap/100)⌉."""
    return int(math.ceil(Decimal(quantity) * quantity_per * (1 + scrap_percent / 100)))


async def _version(session: AsyncSession, product: Product, bom_version_id: int | None,
                   on: date) -> BomVersion:
    if bom_version_id is not None:
        version = await lookup.get(session, BomVersion, bom_version_id,
                                   field=("input", "bomVersionId"))
        if version.product_id != product.id:
            raise DomainError.single(ErrorCode.INVALID, "The BOM version is of another product.",
                                     ("input", "bomVersionId"))
        if version.status == BomVersionStatus.DRAFT:
            raise DomainError.single(ErrorCode.BOM_NOT_EFFECTIVE,
                                     f"Version {version.version} is a DRAFT.",
                                     ("input", "bomVersionId"))
        return version
    found = await boms.effective_version(session, product.id, on)
    if found is None:
        raise DomainError.single(ErrorCode.BOM_NOT_EFFECTIVE,
                                 f"{product.sku} has no approved BOM version in effect today.",
                                 ("input", "productId"))
    return found


async def _order_quantity(session: AsyncSession, order: SalesOrder, product: Product) -> int:
    """The order's open quantity of the product that is not reserved yet."""
    open_quantity = await session.scalar(
        select(func.coalesce(func.sum(SalesOrderLine.quantity - SalesOrderLine.shipped_quantity),
                             0))
        .where(SalesOrderLine.order_id == order.id, SalesOrderLine.product_id == product.id))
    reserved = await session.scalar(
        select(func.coalesce(func.sum(Allocation.quantity), 0))
        .join(SalesOrderLine, SalesOrderLine.id == Allocation.order_line_id)
        .where(SalesOrderLine.order_id == order.id, SalesOrderLine.product_id == product.id))
    return int(open_quantity or 0) - int(reserved or 0)


async def create_work_order(
    session: AsyncSession, *, actor: Actor, product_id: int | None, quantity: int | None,
    due_date: date, bom_version_id: int | None = None, warehouse_id: int | None = None,
    replenishment_request_id: int | None = None, sales_order_id: int | None = None,
) -> WorkOrder:
    """A PLANNED work order to the version in effect today (unless one is given)."""
    product = await lookup.get(session, Product, product_id, field=("input", "productId"))
    today = events.today()
    problems: list[Problem] = []
    if due_date < today:
        problems.append(Problem(ErrorCode.INVALID, "The due date is today or later.",
                                ("input", "dueDate")))
    request = None
    if replenishment_request_id is not None:
        request = await lookup.get(session, ReplenishmentRequest, replenishment_request_id,
                                   field=("input", "replenishmentRequestId"), lock=True)
        if (request.kind != Replenishment.PRODUCTION or request.status != ReplenishmentStatus.OPEN
                or request.product_id != product.id):
            problems.append(Problem(ErrorCode.INVALID, "The request is not an open PRODUCTION "
                                    f"request for {product.sku}.",
                                    ("input", "replenishmentRequestId")))
        elif quantity is None:
            quantity = request.quantity
    order = None
    if sales_order_id is not None:
        order = await lookup.get(session, SalesOrder, sales_order_id,
                                 field=("input", "salesOrderId"))
        open_quantity = await _order_quantity(session, order, product)
        has_product = await session.scalar(select(SalesOrderLine.id).where(
            SalesOrderLine.order_id == order.id, SalesOrderLine.product_id == product.id)
            .limit(1))
        if order.status not in ORDER_STATUSES or has_product is None:
            problems.append(Problem(ErrorCode.INVALID, f"Order {order.number} is not an approved "
                                    f"or allocated order with {product.sku}.",
                                    ("input", "salesOrderId")))
        elif quantity is None:
            quantity = open_quantity
    if quantity is None:
        problems.append(Problem(ErrorCode.INVALID, "The quantity is needed.",
                                ("input", "quantity")))
    elif not 1 <= quantity <= MAX_QUANTITY:
        problems.append(Problem(ErrorCode.INVALID, f"The quantity is 1 to {MAX_QUANTITY}.",
                                ("input", "quantity")))
    version = await _version(session, product, bom_version_id, today)
    warehouse = None
    if warehouse_id is not None:
        warehouse = await lookup.get(session, Warehouse, warehouse_id,
                                     field=("input", "warehouseId"))
    if problems:
        raise DomainError(problems)
    assert quantity is not None
    if warehouse is None:
        warehouse_pk = await session.scalar(
            select(WorkCenter.warehouse_id).join(
                RoutingOperation, RoutingOperation.work_center_id == WorkCenter.id)
            .where(RoutingOperation.bom_version_id == version.id)
            .order_by(RoutingOperation.sequence).limit(1))
    else:
        warehouse_pk = warehouse.id
    work_order = WorkOrder(
        number=await numbering.next_number(session, "WO"), product_id=product.id,
        bom_version_id=version.id, warehouse_id=warehouse_pk, quantity=quantity,
        completed_quantity=0, status=W.PLANNED, due_date=due_date,
        sales_order_id=order.id if order else None,
        replenishment_request_id=request.id if request else None, created_by_id=actor.user_id)
    session.add(work_order)
    await session.flush()
    await _set_components(session, work_order)
    await events.changed(session, work_order, actor=actor, kind=K.CREATED,
                         action=AuditAction.WORK_ORDER_CREATED, before=None,
                         extra={"bom_version_id": version.id, "warehouse_id": warehouse_pk,
                                "sales_order_id": work_order.sales_order_id,
                                "replenishment_request_id": work_order.replenishment_request_id})
    return work_order


async def _set_components(session: AsyncSession, work_order: WorkOrder) -> None:
    await session.execute(delete(WorkOrderComponent)
                          .where(WorkOrderComponent.work_order_id == work_order.id))
    lines = await session.scalars(select(BomComponent)
                                  .where(BomComponent.bom_version_id == work_order.bom_version_id)
                                  .order_by(BomComponent.line_number))
    session.add_all(WorkOrderComponent(
        work_order_id=work_order.id, line_number=c.line_number, product_id=c.product_id,
        required_quantity=requirement(work_order.quantity, c.quantity_per, c.scrap_percent),
        issued_quantity=0) for c in lines)
    await session.flush()


async def locked(session: AsyncSession, work_order_id: int | None) -> WorkOrder:
    return await lookup.get(session, WorkOrder, work_order_id, field=("input", "workOrderId"),
                            lock=True)


def refuse_status(work_order: WorkOrder, allowed: tuple[W, ...], doing: str) -> None:
    if work_order.status not in allowed:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"{work_order.number} is {work_order.status.value}; it cannot be {doing}.",
            ("input", "workOrderId"))


async def update_work_order(
    session: AsyncSession, *, actor: Actor, work_order_id: int | None, due_date: date | None,
    quantity: int | None,
) -> WorkOrder:
    work_order = await locked(session, work_order_id)
    refuse_status(work_order, (W.PLANNED, W.RELEASED, W.IN_PROGRESS), "changed")
    problems = []
    if due_date is not None and due_date < events.today():
        problems.append(Problem(ErrorCode.INVALID, "The due date is today or later.",
                                ("input", "dueDate")))
    if quantity is not None:
        if work_order.status != W.PLANNED:
            problems.append(Problem(ErrorCode.INVALID_TRANSITION,
                                    "The quantity changes only while PLANNED.",
                                    ("input", "quantity")))
        elif not 1 <= quantity <= MAX_QUANTITY:
            problems.append(Problem(ErrorCode.INVALID, f"The quantity is 1 to {MAX_QUANTITY}.",
                                    ("input", "quantity")))
    if problems:
        raise DomainError(problems)
    before = events.snapshot(work_order)
    if due_date is not None:
        work_order.due_date = due_date
    if quantity is not None and quantity != work_order.quantity:
        work_order.quantity = quantity
        await _set_components(session, work_order)
    await session.flush()
    if work_order.status != W.PLANNED:
        await schedule.reschedule(session, announced=work_order.id)
    await events.changed(session, work_order, actor=actor, kind=K.RESCHEDULED,
                         action=AuditAction.WORK_ORDER_UPDATED, before=before)
    return work_order


async def free_reservations(session: AsyncSession, work_order: WorkOrder) -> list[list[int]]:
    """Give back every reservation the work order holds; [[line, lot, quantity]]."""
    held = list(await session.scalars(
        select(WorkOrderReservation).where(WorkOrderReservation.work_order_id == work_order.id)
        .order_by(WorkOrderReservation.id).with_for_update()))
    for r in held:
        await stock.unreserve(session, warehouse_id=r.warehouse_id, lot_id=r.lot_id,
                              quantity=r.quantity)
    await session.execute(delete(WorkOrderReservation)
                          .where(WorkOrderReservation.work_order_id == work_order.id))
    return [[r.line_number, r.lot_id, r.quantity] for r in held]


async def cancel_work_order(
    session: AsyncSession, *, actor: Actor, work_order_id: int | None, reason: str,
) -> WorkOrder:
    work_order = await locked(session, work_order_id)
    refuse_status(work_order, (W.PLANNED, W.RELEASED), "cancelled")
    reason = reason.strip()
    if not 1 <= len(reason) <= MAX_REASON:
        raise DomainError.single(ErrorCode.INVALID, f"The reason has 1 to {MAX_REASON} "
                                 "characters.", ("input", "reason"))
    before = events.snapshot(work_order)
    previous = work_order.status
    freed = await free_reservations(session, work_order)
    work_order.status = W.CANCELLED
    work_order.cancel_reason = reason
    await session.flush()
    if previous == W.RELEASED:
        await schedule.reschedule(session, announced=work_order.id)
    await events.changed(session, work_order, actor=actor, kind=K.CANCELLED,
                         action=AuditAction.WORK_ORDER_STATUS_CHANGED, before=before,
                         previous=previous, reason=reason, extra={"freed": freed})
    return work_order


def now() -> datetime:
    return datetime.now(UTC)
