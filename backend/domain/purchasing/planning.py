"""Reorder points and purchase planning: DRAFT requisitions for open purchase backorders
not yet covered, and for products whose available plus on-order stock is below min."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import models as m
from backend.db.models import (
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseRequisition,
    PurchaseRequisitionLine,
    ReorderPoint,
    ReplenishmentRequest,
    Warehouse,
)
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.purchasing import requisitions
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    LotStatus,
    PurchaseOrderStatus,
    PurchaseRequisitionStatus,
    Replenishment,
    ReplenishmentStatus,
    RequisitionSource,
)

P, R = PurchaseOrderStatus, PurchaseRequisitionStatus
OPEN_ORDERS = (P.DRAFT, P.PENDING_APPROVAL, P.APPROVED, P.SENT, P.PARTIALLY_RECEIVED)
OPEN_REQUISITIONS = (R.DRAFT, R.PENDING_APPROVAL, R.APPROVED)
MAX_QUANTITY = 1_000_000


async def set_reorder_point(session: AsyncSession, *, actor: Actor, product_id: int | None,
                            warehouse_id: int | None, min_quantity: int,
                            max_quantity: int) -> ReorderPoint | None:
    """Creates or replaces the product's min/max in the warehouse; 0/0 removes it."""
    product = await lookup.get(session, Product, product_id, field=("input", "productId"))
    warehouse = await lookup.get(session, Warehouse, warehouse_id,
                                 field=("input", "warehouseId"))
    problems = []
    if not 0 <= min_quantity <= MAX_QUANTITY:
        problems.append(Problem(ErrorCode.INVALID, "Min is 0 or more.", ("input", "minQuantity")))
    if not 0 <= max_quantity <= MAX_QUANTITY or max_quantity < min_quantity:
        problems.append(Problem(ErrorCode.INVALID, "Max is at least min.",
                                ("input", "maxQuantity")))
    elif max_quantity == 0 and min_quantity == 0:
        pass
    elif max_quantity == 0:
        problems.append(Problem(ErrorCode.INVALID, "Max is above 0.", ("input", "maxQuantity")))
    if problems:
        raise DomainError(problems)
    point = await session.scalar(select(ReorderPoint).where(
        ReorderPoint.product_id == product.id, ReorderPoint.warehouse_id == warehouse.id)
        .with_for_update())
    before = {} if point is None else {"min_quantity": point.min_quantity,
                                       "max_quantity": point.max_quantity}
    if min_quantity == 0 and max_quantity == 0:
        if point is not None:
            await session.delete(point)
            await session.flush()
            await audit.record(
                session, actor_id=actor.user_id, action=AuditAction.REORDER_POINT_SET,
                entity_type="ReorderPoint", entity_id=point.id,
                changes=audit.deleted(product_id=product.id, warehouse_id=warehouse.id,
                                      **before))
        return None
    if point is None:
        point = ReorderPoint(product_id=product.id, warehouse_id=warehouse.id)
        session.add(point)
    point.min_quantity, point.max_quantity = min_quantity, max_quantity
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.REORDER_POINT_SET,
        entity_type="ReorderPoint", entity_id=point.id,
        changes=audit.diff(before, {"min_quantity": min_quantity,
                                    "max_quantity": max_quantity,
                                    **({} if before else {"product_id": product.id,
                                                          "warehouse_id": warehouse.id})}),
    )
    return point


def available_stmt(product_ids: Iterable[int]) -> Select[Any]:
    """(product, warehouse, released unexpired unreserved unheld units)."""
    b, lot = m.StockBalance, m.Lot
    return cast(Select[Any], select(
        b.product_id, b.warehouse_id, func.sum(b.on_hand - b.reserved - b.held))
            .join(lot, lot.id == b.lot_id)
            .where(lot.status == LotStatus.RELEASED,
                   lot.expires_on.is_(None) | (lot.expires_on >= func.current_date()),
                   b.product_id.in_(sorted(set(product_ids))))
            .group_by(b.product_id, b.warehouse_id))


def on_order_stmts(product_ids: Iterable[int]) -> list[Select[Any]]:
    """(product, warehouse, units) of open PO lines not yet received, and of open
    requisition lines not yet on a PO. Backorder lines are for demand already taken, so
    they do not count towards a reorder point."""
    products = sorted(set(product_ids))
    ordered = select(PurchaseOrderLine.requisition_line_id).where(
        PurchaseOrderLine.requisition_line_id.is_not(None))
    return [cast(Select[Any], stmt) for stmt in (
        select(PurchaseOrderLine.product_id, PurchaseOrder.warehouse_id,
               func.sum(func.greatest(
                   PurchaseOrderLine.quantity - PurchaseOrderLine.received_quantity, 0)))
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
        .where(PurchaseOrder.status.in_(OPEN_ORDERS),
               PurchaseOrderLine.product_id.in_(products))
        .group_by(PurchaseOrderLine.product_id, PurchaseOrder.warehouse_id),
        select(PurchaseRequisitionLine.product_id, PurchaseRequisitionLine.warehouse_id,
               func.sum(PurchaseRequisitionLine.quantity))
        .join(PurchaseRequisition,
              PurchaseRequisition.id == PurchaseRequisitionLine.requisition_id)
        .where(PurchaseRequisition.status.in_(OPEN_REQUISITIONS),
               PurchaseRequisitionLine.source != RequisitionSource.BACKORDER,
               PurchaseRequisitionLine.product_id.in_(products),
               PurchaseRequisitionLine.id.not_in(ordered))
        .group_by(PurchaseRequisitionLine.product_id, PurchaseRequisitionLine.warehouse_id),
    )]


def summed(rows: Iterable[Any], pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = defaultdict(int)
    for p, w, q in rows:
        out[(int(p), int(w))] += int(q or 0)
    return {pair: out.get(pair, 0) for pair in pairs}


async def _default_warehouse(session: AsyncSession, warehouse_id: int | None) -> int:
    if warehouse_id is not None:
        return warehouse_id
    first = await session.scalar(select(Warehouse.id).order_by(Warehouse.id).limit(1))
    if first is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "There is no warehouse.",
                                 ("input", "warehouseId"))
    return int(first)


async def run_planning(session: AsyncSession, *, actor: Actor,
                       warehouse_id: int | None = None) -> list[PurchaseRequisition]:
    """DRAFT requisitions, per warehouse that needs something (of at most MAX_LINES lines
    each); run again, it adds nothing."""
    if warehouse_id is not None:
        await lookup.get(session, Warehouse, warehouse_id, field=("input", "warehouseId"))
    # Serialises planning runs, so two at once cannot both cover the same shortfall.
    await session.execute(select(func.pg_advisory_xact_lock(0x50_4C_41_4E)))
    wanted: dict[int, list[requisitions.RequisitionLineRequest]] = defaultdict(list)
    requests = list(await session.scalars(
        select(ReplenishmentRequest).where(
            ReplenishmentRequest.status == ReplenishmentStatus.OPEN,
            ReplenishmentRequest.kind == Replenishment.PURCHASE)
        .order_by(ReplenishmentRequest.id)))
    covered = await requisitions.covered_requests(session, [r.id for r in requests])
    backorder_warehouse = await _default_warehouse(session, warehouse_id)
    for request in requests:
        if request.id not in covered:
            wanted[backorder_warehouse].append(requisitions.RequisitionLineRequest(
                product_id=request.product_id, warehouse_id=backorder_warehouse,
                quantity=request.quantity, replenishment_request_id=request.id,
                source=RequisitionSource.BACKORDER))
    stmt = select(ReorderPoint).order_by(ReorderPoint.warehouse_id, ReorderPoint.product_id)
    if warehouse_id is not None:
        stmt = stmt.where(ReorderPoint.warehouse_id == warehouse_id)
    points = list(await session.scalars(stmt))
    pairs = [(p.product_id, p.warehouse_id) for p in points]
    products = [p for p, _ in pairs]
    free = summed((await session.execute(available_stmt(products))).all(), pairs)
    coming = summed([row for stmt in on_order_stmts(products)
                     for row in (await session.execute(stmt)).all()], pairs)
    for point in points:
        pair = (point.product_id, point.warehouse_id)
        have = free[pair] + coming[pair]
        if have < point.min_quantity:
            wanted[point.warehouse_id].append(requisitions.RequisitionLineRequest(
                product_id=point.product_id, warehouse_id=point.warehouse_id,
                quantity=point.max_quantity - have, source=RequisitionSource.REORDER_POINT))
    made = []
    size = requisitions.MAX_LINES
    for warehouse in sorted(wanted):
        lines = wanted[warehouse]
        for start in range(0, len(lines), size):
            made.append(await requisitions.create_requisition(
                session, actor=actor, lines=lines[start:start + size], note="Purchase planning"))
    return made
