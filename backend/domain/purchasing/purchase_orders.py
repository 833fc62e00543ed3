"""Purchase orders: DRAFT -> APPROVED -> SENT, or CANCELLED before anything is received.

Every line needs a supplier approved for its product (or a QA override that covers it) when
the order is made and again when it is submitted: a qualification may lapse in between.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Product, PurchaseOrder, PurchaseOrderLine, Supplier, Warehouse
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.purchasing import overrides, prices
from backend.domain.purchasing.suppliers import today
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction, PurchaseOrderStatus

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
}


@dataclass(frozen=True)
class LineRequest:
    product_id: int | None
    quantity: int
    unit_price: Decimal | None = None
    expected_on: date | None = None


async def _lines(session: AsyncSession, order: PurchaseOrder) -> list[PurchaseOrderLine]:
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
) -> PurchaseOrder:
    supplier = await lookup.get(session, Supplier, supplier_id, field=("input", "supplierId"))
    warehouse = await lookup.get(session, Warehouse, warehouse_id, field=("input", "warehouseId"))
    if not 1 <= len(lines) <= MAX_LINES:
        raise DomainError.single(ErrorCode.INVALID, f"An order has 1 to {MAX_LINES} lines.",
                                 ("input", "lines"))
    if note is not None and len(note) > MAX_TEXT:
        raise DomainError.single(ErrorCode.INVALID, f"A note has at most {MAX_TEXT} characters.",
                                 ("input", "note"))
    on = today()
    problems: list[Problem] = []
    made: list[tuple[Product, int, Decimal, date]] = []
    for index, line in enumerate(lines):
        field = ("input", "lines", str(index))
        product = await lookup.get(session, Product, line.product_id, field=(*field, "productId"))
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
    if problems:
        raise DomainError(problems)
    await _ensure_supplied(session, supplier, [(p.id, q) for p, q, _, _ in made])
    order = PurchaseOrder(
        number=await numbering.next_number(session, SERIES), supplier_id=supplier.id,
        warehouse_id=warehouse.id, status=P.DRAFT, currency="EUR",
        note=(note or "").strip() or None, created_by_id=actor.user_id)
    session.add(order)
    await session.flush()
    session.add_all(
        PurchaseOrderLine(purchase_order_id=order.id, line_number=n, product_id=product.id,
                          quantity=quantity, unit_price=unit_price, expected_on=expected,
                          received_quantity=0, invoiced_quantity=0)
        for n, (product, quantity, unit_price, expected) in enumerate(made, start=1))
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.PURCHASE_ORDER_CREATED,
        entity_type="PurchaseOrder", entity_id=order.id,
        changes=audit.created(number=order.number, supplier_id=supplier.id,
                              warehouse_id=warehouse.id, status=P.DRAFT,
                              total=total_of((q, u) for _, q, u, _ in made)),
    )
    await _announce(session, order, None)
    return order


def total_of(lines: Iterable[tuple[int, Decimal]]) -> Decimal:
    return sum((Decimal(q) * u for q, u in lines), Decimal("0.00"))


async def _announce(session: AsyncSession, order: PurchaseOrder, before: P | None) -> None:
    await outbox.emit(
        session, topic=PURCHASE_ORDER_STATUS_CHANGED, aggregate_type="PurchaseOrder",
        aggregate_id=order.id,
        payload={"purchaseOrderId": order.id, "number": order.number,
                 "from": None if before is None else str(before), "to": str(order.status)},
    )


async def _move(session: AsyncSession, actor: Actor, order: PurchaseOrder, action: str,
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
    """No approval rule applies yet: a submitted order is APPROVED."""
    order = await _order(session, order_id)
    if order.status in FROM["submit"][0]:
        supplier = await lookup.get(session, Supplier, order.supplier_id, field=("input",))
        await _ensure_supplied(session, supplier, [
            (line.product_id, line.quantity) for line in await _lines(session, order)])
    return await _move(session, actor, order, "submit", P.APPROVED)


async def send_purchase_order(session: AsyncSession, *, actor: Actor,
                              order_id: int | None) -> PurchaseOrder:
    order = await _order(session, order_id)
    await _move(session, actor, order, "send", P.SENT)
    order.sent_at = datetime.now(UTC)
    await session.flush()
    return order


async def cancel_purchase_order(session: AsyncSession, *, actor: Actor, order_id: int | None,
                                reason: str | None) -> PurchaseOrder:
    order = await _order(session, order_id)
    text = (reason or "").strip()
    if not 1 <= len(text) <= MAX_TEXT:
        raise DomainError.single(ErrorCode.INVALID, "Cancelling needs a reason.",
                                 ("input", "reason"))
    if any(line.received_quantity for line in await _lines(session, order)):
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 "Goods were received against this order; it cannot be "
                                 "cancelled.", ("input", "purchaseOrderId"))
    order.cancel_reason = text
    return await _move(session, actor, order, "cancel", P.CANCELLED, reason=text)
