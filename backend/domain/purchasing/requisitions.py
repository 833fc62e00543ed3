"""Purchase requisitions: what should be bought, estimated at the chosen supplier's price.
DRAFT -> APPROVED, or PENDING_APPROVAL where an approval rule applies; ORDERED once every
line is on a purchase order; CANCELLED with a reason before that."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Product,
    PurchaseOrderLine,
    PurchaseRequisition,
    PurchaseRequisitionLine,
    ReplenishmentRequest,
    Supplier,
    SupplierPrice,
    SupplierProduct,
    Warehouse,
)
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.purchasing import approvals, prices
from backend.domain.purchasing.suppliers import USABLE, today
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    PurchaseRequisitionStatus,
    Replenishment,
    ReplenishmentStatus,
    RequisitionSource,
)

R = PurchaseRequisitionStatus
SERIES = "PR"
MAX_LINES = 100
MAX_TEXT = 500
# A backorder is covered by a line of a requisition in one of these states.
COVERING = (R.DRAFT, R.PENDING_APPROVAL, R.APPROVED, R.ORDERED)


@dataclass(frozen=True)
class RequisitionLineRequest:
    product_id: int | None
    warehouse_id: int | None
    quantity: int
    needed_by: date | None = None
    supplier_id: int | None = None
    replenishment_request_id: int | None = None
    source: RequisitionSource | None = None


async def cheapest_supplier(session: AsyncSession, product_id: int, on: date
                            ) -> tuple[int, Decimal] | None:
    """The supplier approved for the product today with the lowest valid price."""
    row = (await session.execute(
        select(SupplierPrice.supplier_id, SupplierPrice.unit_price)
        .join(Supplier, Supplier.id == SupplierPrice.supplier_id)
        .join(SupplierProduct, (SupplierProduct.supplier_id == Supplier.id)
              & (SupplierProduct.product_id == SupplierPrice.product_id))
        .where(SupplierPrice.product_id == product_id, SupplierPrice.valid_from <= on,
               (SupplierPrice.valid_to.is_(None)) | (SupplierPrice.valid_to >= on),
               Supplier.qualification_status.in_(USABLE),
               (Supplier.qualified_until.is_(None)) | (Supplier.qualified_until >= on))
        .order_by(SupplierPrice.unit_price, SupplierPrice.supplier_id).limit(1))).first()
    return None if row is None else (int(row[0]), row[1])


async def covered_requests(session: AsyncSession, request_ids: Sequence[int]) -> set[int]:
    if not request_ids:
        return set()
    return set(await session.scalars(
        select(PurchaseRequisitionLine.replenishment_request_id)
        .join(PurchaseRequisition,
              PurchaseRequisition.id == PurchaseRequisitionLine.requisition_id)
        .where(PurchaseRequisitionLine.replenishment_request_id.in_(request_ids),
               PurchaseRequisition.status.in_(COVERING))))


def estimated_total(lines: Sequence[PurchaseRequisitionLine]) -> Decimal:
    return sum((Decimal(line.quantity) * line.estimated_unit_price for line in lines
                if line.estimated_unit_price is not None), Decimal("0.00"))


async def create_requisition(session: AsyncSession, *, actor: Actor,
                             lines: Sequence[RequisitionLineRequest],
                             note: str | None = None) -> PurchaseRequisition:
    if not 1 <= len(lines) <= MAX_LINES:
        raise DomainError.single(ErrorCode.INVALID, f"A requisition has 1 to {MAX_LINES} lines.",
                                 ("input", "lines"))
    if note is not None and len(note) > MAX_TEXT:
        raise DomainError.single(ErrorCode.INVALID, f"A note has at most {MAX_TEXT} characters.",
                                 ("input", "note"))
    on = today()
    problems: list[Problem] = []
    made: list[PurchaseRequisitionLine] = []
    wanted_requests = [r.replenishment_request_id for r in lines
                       if r.replenishment_request_id is not None]
    already = await covered_requests(session, wanted_requests)
    for index, line in enumerate(lines):
        field = ("input", "lines", str(index))
        product = await lookup.get(session, Product, line.product_id, field=(*field, "productId"))
        warehouse = await lookup.get(session, Warehouse, line.warehouse_id,
                                     field=(*field, "warehouseId"))
        if line.quantity < 1:
            problems.append(Problem(ErrorCode.INVALID, "A quantity is at least 1.",
                                    (*field, "quantity")))
        if line.needed_by is not None and line.needed_by < on:
            problems.append(Problem(ErrorCode.INVALID, "Needed by cannot be in the past.",
                                    (*field, "neededBy")))
        source = line.source or RequisitionSource.MANUAL
        if line.replenishment_request_id is not None:
            source = RequisitionSource.BACKORDER
            request = await lookup.get(session, ReplenishmentRequest,
                                       line.replenishment_request_id,
                                       field=(*field, "replenishmentRequestId"))
            if (request.status != ReplenishmentStatus.OPEN
                    or request.kind != Replenishment.PURCHASE
                    or request.product_id != product.id):
                problems.append(Problem(ErrorCode.INVALID, "The backorder is not an open purchase "
                                        "request of this product.",
                                        (*field, "replenishmentRequestId")))
            elif request.id in already or wanted_requests.count(request.id) > 1:
                problems.append(Problem(ErrorCode.DUPLICATE, "A requisition already covers this "
                                        "backorder.", (*field, "replenishmentRequestId")))
        supplier_id, unit_price = line.supplier_id, None
        if supplier_id is not None:
            supplier = await lookup.get(session, Supplier, supplier_id,
                                        field=(*field, "supplierId"))
            price = await prices.valid_price(session, supplier.id, product.id, on)
            unit_price = price.unit_price if price is not None else None
        else:
            best = await cheapest_supplier(session, product.id, on)
            if best is not None:
                supplier_id, unit_price = best
        made.append(PurchaseRequisitionLine(
            line_number=index + 1, product_id=product.id, warehouse_id=warehouse.id,
            quantity=line.quantity, needed_by=line.needed_by, source=source,
            replenishment_request_id=line.replenishment_request_id, supplier_id=supplier_id,
            estimated_unit_price=unit_price))
    if problems:
        raise DomainError(problems)
    requisition = PurchaseRequisition(
        number=await numbering.next_number(session, SERIES), status=R.DRAFT,
        note=(note or "").strip() or None, requested_by_id=actor.user_id)
    session.add(requisition)
    await session.flush()
    for made_line in made:
        made_line.requisition_id = requisition.id
    session.add_all(made)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.REQUISITION_CREATED,
        entity_type="PurchaseRequisition", entity_id=requisition.id,
        changes=audit.created(number=requisition.number, status=R.DRAFT,
                              lines=len(made), estimated_total=estimated_total(made)),
    )
    return requisition


async def requisition_lines(session: AsyncSession, requisition_id: int
                            ) -> list[PurchaseRequisitionLine]:
    return list(await session.scalars(select(PurchaseRequisitionLine).where(
        PurchaseRequisitionLine.requisition_id == requisition_id)
        .order_by(PurchaseRequisitionLine.line_number)))


async def _get(session: AsyncSession, requisition_id: int | None) -> PurchaseRequisition:
    return await lookup.get(session, PurchaseRequisition, requisition_id,
                            field=("input", "requisitionId"), lock=True)


async def move(session: AsyncSession, actor: Actor, requisition: PurchaseRequisition,
               target: R, reason: str | None = None) -> PurchaseRequisition:
    before = requisition.status
    requisition.status = target
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.REQUISITION_STATUS_CHANGED,
        entity_type="PurchaseRequisition", entity_id=requisition.id, reason=reason,
        changes={"status": (before, target)},
    )
    return requisition


def _refuse(requisition: PurchaseRequisition, done: str) -> DomainError:
    return DomainError.single(ErrorCode.INVALID_TRANSITION,
                              f"A {requisition.status} requisition cannot be {done}.",
                              ("input", "requisitionId"))


async def submit_requisition(session: AsyncSession, *, actor: Actor,
                             requisition_id: int | None) -> PurchaseRequisition:
    requisition = await _get(session, requisition_id)
    if requisition.status != R.DRAFT:
        raise _refuse(requisition, "submitted")
    total = estimated_total(await requisition_lines(session, requisition.id))
    asked = await approvals.ask(session, amount=total, requested_by_id=requisition.requested_by_id,
                                requisition_id=requisition.id)
    return await move(session, actor, requisition, R.PENDING_APPROVAL if asked else R.APPROVED)


async def cancel_requisition(session: AsyncSession, *, actor: Actor, requisition_id: int | None,
                             reason: str | None) -> PurchaseRequisition:
    requisition = await _get(session, requisition_id)
    text = (reason or "").strip()
    if not 1 <= len(text) <= MAX_TEXT:
        raise DomainError.single(ErrorCode.INVALID, "Cancelling needs a reason.",
                                 ("input", "reason"))
    if requisition.status not in (R.DRAFT, R.PENDING_APPROVAL, R.APPROVED):
        raise _refuse(requisition, "cancelled")
    ordered = await session.scalar(
        select(PurchaseOrderLine.id).join(
            PurchaseRequisitionLine,
            PurchaseRequisitionLine.id == PurchaseOrderLine.requisition_line_id)
        .where(PurchaseRequisitionLine.requisition_id == requisition.id).limit(1))
    if ordered is not None:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION, "A line of this requisition is "
                                 "on a purchase order.", ("input", "requisitionId"))
    requisition.cancel_reason = text
    return await move(session, actor, requisition, R.CANCELLED, reason=text)
