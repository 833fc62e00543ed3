"""Purchase orders: DRAFT -> (PENDING_APPROVAL ->) APPROVED -> SENT -> PARTIALLY_RECEIVED ->
RECEIVED -> CLOSED, or REJECTED, or CANCELLED before anything is received.

Every line needs a supplier approved for its product (or a QA override that covers it) when
the order is made and again when it is submitted: a qualification may lapse in between.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseRequisition,
    PurchaseRequisitionLine,
    Supplier,
    SupplierOverride,
    Warehouse,
)
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.purchasing import approvals, overrides, po_documents, prices, requisitions
from backend.domain.purchasing.suppliers import today
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction, PurchaseOrderStatus, PurchaseRequisitionStatus

P = PurchaseOrderStatus
SERIES = "PO"
MAX_LINES = 100
MAX_TEXT = 500
PURCHASE_ORDER_STATUS_CHANGED = "purchase_order.status_changed"
# What each action may start from, and how it reads in a refusal.
FROM = {
    "submit": ((P.DRAFT,), "submitted"),
    "send": ((P.APPROVED,), "sent"),
    "cancel": ((P.DRAFT, P.PENDING_APPROVAL, P.APPROVED, P.SENT), "cancelled"),
    "close": ((P.PARTIALLY_RECEIVED, P.RECEIVED), "closed"),
    "approve": ((P.PENDING_APPROVAL,), "approved"),
    "reject": ((P.PENDING_APPROVAL,), "rejected"),
    "receive": ((P.SENT, P.PARTIALLY_RECEIVED), "received against"),
}


@dataclass(frozen=True)
class LineRequest:
    product_id: int | None
    quantity: int
    unit_price: Decimal | None = None
    expected_on: date | None = None
    requisition_line_id: int | None = None


async def order_lines(session: AsyncSession, order: PurchaseOrder) -> list[PurchaseOrderLine]:
    return list(await session.scalars(select(PurchaseOrderLine).where(
        PurchaseOrderLine.purchase_order_id == order.id).order_by(PurchaseOrderLine.line_number)))


async def _ensure_supplied(session: AsyncSession, supplier: Supplier,
                           wanted: Sequence[tuple[int, int]]) -> None:
    await overrides.covering_overrides(session, supplier, [
        overrides.Wanted(product_id, quantity, ("input", "lines", str(index)))
        for index, (product_id, quantity) in enumerate(wanted)
    ])


async def create_purchase_order(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int | None,
    warehouse_id: int | None,
    lines: Sequence[LineRequest],
    note: str | None = None,
    supplier_override_id: int | None = None,
) -> PurchaseOrder:
    supplier = await lookup.get(session, Supplier, supplier_id, field=("input", "supplierId"))
    warehouse = await lookup.get(session, Warehouse, warehouse_id, field=("input", "warehouseId"))
    if supplier_override_id is not None:
        override = await lookup.get(session, SupplierOverride, supplier_override_id,
                                    field=("input", "supplierOverrideId"))
        if override.supplier_id != supplier.id:
            raise DomainError.single(ErrorCode.INVALID, "The override is for another supplier.",
                                     ("input", "supplierOverrideId"))
    if not 1 <= len(lines) <= MAX_LINES:
        raise DomainError.single(ErrorCode.INVALID, f"An order has 1 to {MAX_LINES} lines.",
                                 ("input", "lines"))
    if note is not None and len(note) > MAX_TEXT:
        raise DomainError.single(ErrorCode.INVALID, f"A note has at most {MAX_TEXT} characters.",
                                 ("input", "note"))
    on = today()
    problems: list[Problem] = []
    made: list[tuple[Product, int, Decimal, date]] = []
    from_requisitions: list[PurchaseRequisitionLine | None] = []
    for index, line in enumerate(lines):
        field = ("input", "lines", str(index))
        wanted = await _requisition_line(session, line.requisition_line_id, warehouse.id,
                                         (*field, "requisitionLineId"))
        from_requisitions.append(wanted)
        product = await lookup.get(session, Product,
                                   wanted.product_id if wanted else line.product_id,
                                   field=(*field, "productId"))
        if line.quantity < 1:
            problems.append(Problem(ErrorCode.INVALID, "A quantity is at least 1.",
                                    (*field, "quantity")))
        price = await prices.valid_price(session, supplier.id, product.id, on)
        unit_price = line.unit_price if line.unit_price is not None else (
            price.unit_price if price is not None else None)
        if unit_price is None:
            problems.append(Problem(ErrorCode.SUPPLIER_PRICE_MISSING,
                                    f"No valid price of {supplier.code} for {product.sku}; "
                                    "give a unit price.", (*field, "unitPrice")))
            continue
        if unit_price < 0 or unit_price != unit_price.quantize(prices.CENT):
            problems.append(Problem(ErrorCode.INVALID, "A price is at least 0, to the cent.",
                                    (*field, "unitPrice")))
        lead = price.lead_time_days if price is not None else 0
        expected = line.expected_on or on + timedelta(days=lead)
        if expected < on:
            problems.append(Problem(ErrorCode.INVALID, "The expected date cannot be in the past.",
                                    (*field, "expectedOn")))
        made.append((product, line.quantity, unit_price, expected))
    taken = [r.id for r in from_requisitions if r is not None]
    if len(taken) != len(set(taken)):
        problems.append(Problem(ErrorCode.DUPLICATE, "A requisition line is on two lines.",
                                ("input", "lines")))
    if problems:
        raise DomainError(problems)
    await _ensure_supplied(session, supplier, [(p.id, q) for p, q, _, _ in made])
    order = PurchaseOrder(
        number=await numbering.next_number(session, SERIES), supplier_id=supplier.id,
        warehouse_id=warehouse.id, status=P.DRAFT, currency="EUR",
        note=(note or "").strip() or None, created_by_id=actor.user_id,
        supplier_override_id=supplier_override_id)
    session.add(order)
    await session.flush()
    session.add_all(
        PurchaseOrderLine(purchase_order_id=order.id, line_number=n, product_id=product.id,
                          quantity=quantity, unit_price=unit_price, expected_on=expected,
                          received_quantity=0, invoiced_quantity=0,
                          requisition_line_id=wanted.id if wanted else None)
        for n, ((product, quantity, unit_price, expected), wanted)
        in enumerate(zip(made, from_requisitions, strict=True), start=1))
    await session.flush()
    await _mark_ordered(session, actor, {r.requisition_id for r in from_requisitions if r})
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.PURCHASE_ORDER_CREATED,
        entity_type="PurchaseOrder", entity_id=order.id,
        changes=audit.created(number=order.number, supplier_id=supplier.id,
                              warehouse_id=warehouse.id, status=P.DRAFT,
                              total=total_of((q, u) for _, q, u, _ in made)),
    )
    await _announce(session, order, None)
    return order


async def _requisition_line(session: AsyncSession, line_id: int | None, warehouse_id: int,
                            field: tuple[str, ...]) -> PurchaseRequisitionLine | None:
    """The approved requisition line a PO line orders, not yet on another PO line."""
    if line_id is None:
        return None
    line = await lookup.get(session, PurchaseRequisitionLine, line_id, field=field)
    requisition = await session.get_one(PurchaseRequisition, line.requisition_id,
                                        with_for_update=True)
    if requisition.status != PurchaseRequisitionStatus.APPROVED:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Requisition {requisition.number} is {requisition.status}, "
                                 "not APPROVED.", field)
    if line.warehouse_id != warehouse_id:
        raise DomainError.single(ErrorCode.INVALID, "The requisition line is for another "
                                 "warehouse.", field)
    if await session.scalar(select(PurchaseOrderLine.id).where(
            PurchaseOrderLine.requisition_line_id == line.id)) is not None:
        raise DomainError.single(ErrorCode.DUPLICATE, "The requisition line is already on a "
                                 "purchase order.", field)
    return line


async def _mark_ordered(session: AsyncSession, actor: Actor, requisition_ids: set[int]) -> None:
    """A requisition whose every line is on a PO line is ORDERED."""
    for requisition_id in sorted(requisition_ids):
        lines = await requisitions.requisition_lines(session, requisition_id)
        ordered = set(await session.scalars(select(PurchaseOrderLine.requisition_line_id).where(
            PurchaseOrderLine.requisition_line_id.in_([line.id for line in lines]))))
        if all(line.id in ordered for line in lines):
            requisition = await session.get_one(PurchaseRequisition, requisition_id)
            await requisitions.move(session, actor, requisition, PurchaseRequisitionStatus.ORDERED)


def total_of(lines: Iterable[tuple[int, Decimal]]) -> Decimal:
    return sum((Decimal(q) * u for q, u in lines), Decimal("0.00"))


async def _announce(session: AsyncSession, order: PurchaseOrder, before: P | None) -> None:
    await outbox.emit(
        session, topic=PURCHASE_ORDER_STATUS_CHANGED, aggregate_type="PurchaseOrder",
        aggregate_id=order.id,
        payload={"purchaseOrderId": order.id, "number": order.number,
                 "from": None if before is None else str(before), "to": str(order.status)},
    )


async def move(session: AsyncSession, actor: Actor, order: PurchaseOrder, action: str,
                target: P, reason: str | None = None) -> PurchaseOrder:
    allowed, done = FROM[action]
    if order.status not in allowed:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"A {order.status} purchase order cannot be {done}.",
                                 ("input", "purchaseOrderId"))
    before = order.status
    order.status = target
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.PURCHASE_ORDER_STATUS_CHANGED,
        entity_type="PurchaseOrder", entity_id=order.id, reason=reason,
        changes={"status": (before, target)},
    )
    await _announce(session, order, before)
    return order


async def _order(session: AsyncSession, order_id: int | None) -> PurchaseOrder:
    return await lookup.get(session, PurchaseOrder, order_id,
                            field=("input", "purchaseOrderId"), lock=True)


async def submit_purchase_order(session: AsyncSession, *, actor: Actor,
                                order_id: int | None) -> PurchaseOrder:
    """APPROVED when every line orders an approved requisition line or no approval rule
    applies to the total; else PENDING_APPROVAL."""
    order = await _order(session, order_id)
    if order.status not in FROM["submit"][0]:
        return await move(session, actor, order, "submit", P.APPROVED)  # refuses
    lines = await order_lines(session, order)
    supplier = await lookup.get(session, Supplier, order.supplier_id, field=("input",))
    await _ensure_supplied(session, supplier, [(line.product_id, line.quantity) for line in lines])
    if all(line.requisition_line_id is not None for line in lines):
        return await move(session, actor, order, "submit", P.APPROVED)
    asked = await approvals.ask(
        session, amount=total_of((line.quantity, line.unit_price) for line in lines),
        requested_by_id=order.created_by_id, purchase_order_id=order.id)
    return await move(session, actor, order, "submit", P.PENDING_APPROVAL if asked else P.APPROVED)


async def send_purchase_order(session: AsyncSession, *, actor: Actor,
                              order_id: int | None) -> PurchaseOrder:
    order = await _order(session, order_id)
    await move(session, actor, order, "send", P.SENT)
    order.sent_at = datetime.now(UTC)
    await session.flush()
    document = await po_documents.attach_purchase_order_pdf(
        session, order, await order_lines(session, order), actor=actor)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.PURCHASE_ORDER_DOCUMENT_MADE,
        entity_type="PurchaseOrder", entity_id=order.id,
        changes=audit.created(document_id=document.id, sent_at=order.sent_at),
    )
    return order


async def close_purchase_order(session: AsyncSession, *, actor: Actor, order_id: int | None,
                               reason: str | None) -> PurchaseOrder:
    order = await _order(session, order_id)
    text = (reason or "").strip()
    if not 1 <= len(text) <= MAX_TEXT:
        raise DomainError.single(ErrorCode.INVALID, "Closing needs a reason.",
                                 ("input", "reason"))
    return await move(session, actor, order, "close", P.CLOSED, reason=text)


async def cancel_purchase_order(session: AsyncSession, *, actor: Actor, order_id: int | None,
                                reason: str | None) -> PurchaseOrder:
    order = await _order(session, order_id)
    text = (reason or "").strip()
    if not 1 <= len(text) <= MAX_TEXT:
        raise DomainError.single(ErrorCode.INVALID, "Cancelling needs a reason.",
                                 ("input", "reason"))
    if any(line.received_quantity for line in await order_lines(session, order)):
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 "Goods were received against this order; it cannot be "
                                 "cancelled.", ("input", "purchaseOrderId"))
    order.cancel_reason = text
    return await move(session, actor, order, "cancel", P.CANCELLED, reason=text)
