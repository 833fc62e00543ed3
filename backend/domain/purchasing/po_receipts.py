"""Receipts against purchase order lines: only SENT or partly received orders, at most the
line's quantity plus the over-receipt tolerance in total; the order becomes
PARTIALLY_RECEIVED, then RECEIVED."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import PurchaseOrder, PurchaseOrderLine, Supplier, Warehouse
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.purchasing import prices, purchase_orders, settings
from backend.domain.purchasing.suppliers import today
from backend.enums import PurchaseOrderStatus

P = PurchaseOrderStatus


@dataclass(frozen=True)
class Wanted:
    purchase_order_line_id: int | None
    product_id: int
    quantity: int
    field: tuple[str, ...]


@dataclass
class Plan:
    """What a receipt does to its order: the order, and per receipt line its PO line."""

    order: PurchaseOrder | None
    lines: list[PurchaseOrderLine | None]


async def plan(session: AsyncSession, *, purchase_order_id: int | None, supplier: Supplier,
               warehouse: Warehouse, wanted: Sequence[Wanted]) -> Plan:
    """Checks the receipt against its order; without one, no line may name a PO line."""
    if purchase_order_id is None:
        problems = [Problem(ErrorCode.INVALID, "A PO line needs its purchase order.",
                            (*w.field, "purchaseOrderLineId"))
                    for w in wanted if w.purchase_order_line_id is not None]
        if problems:
            raise DomainError(problems)
        return Plan(None, [None] * len(wanted))
    field = ("input", "purchaseOrderId")
    order = await lookup.get(session, PurchaseOrder, purchase_order_id, field=field, lock=True)
    allowed, _ = purchase_orders.FROM["receive"]
    if order.status not in allowed:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Purchase order {order.number} is {order.status}; goods are "
                                 "received against SENT or partly received orders only.", field)
    problems = []
    if order.supplier_id != supplier.id:
        problems.append(Problem(ErrorCode.INVALID, f"Purchase order {order.number} is from "
                                "another supplier.", ("input", "supplierId")))
    if order.warehouse_id != warehouse.id:
        problems.append(Problem(ErrorCode.INVALID, f"Purchase order {order.number} ships to "
                                "another warehouse.", ("input", "warehouseId")))
    by_id = {line.id: line for line in await session.scalars(
        select(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id == order.id)
        .order_by(PurchaseOrderLine.line_number).with_for_update())}
    conf = await settings.load(session)
    adding: dict[int, int] = defaultdict(int)
    chosen: list[PurchaseOrderLine | None] = []
    for w in wanted:
        line = by_id.get(w.purchase_order_line_id or 0)
        chosen.append(line)
        if line is None:
            problems.append(Problem(ErrorCode.INVALID, f"Name a line of {order.number}.",
                                    (*w.field, "purchaseOrderLineId")))
        elif line.product_id != w.product_id:
            problems.append(Problem(ErrorCode.INVALID, "The product is not the PO line's.",
                                    (*w.field, "productId")))
        else:
            adding[line.id] += w.quantity
            most = settings.receivable_quantity(line.quantity, conf.over_receipt_tolerance_percent)
            if line.received_quantity + adding[line.id] > most:
                problems.append(Problem(
                    ErrorCode.OVER_RECEIPT,
                    f"Line {line.line_number} of {order.number}: {line.quantity} ordered, "
                    f"{line.received_quantity} received; at most {most} in total "
                    f"({conf.over_receipt_tolerance_percent} % over-receipt tolerance).",
                    (*w.field, "quantity")))
    if problems:
        raise DomainError(problems)
    return Plan(order, chosen)


async def unit_cost(session: AsyncSession, supplier_id: int, product_id: int,
                    line: PurchaseOrderLine | None) -> Decimal | None:
    """The PO line's price, else the supplier's valid price."""
    if line is not None:
        return line.unit_price
    price = await prices.valid_price(session, supplier_id, product_id, today())
    return None if price is None else price.unit_price


async def apply(session: AsyncSession, *, actor: Actor, planned: Plan,
                quantities: Sequence[int]) -> None:
    """Adds the received quantities to their PO lines and moves the order on."""
    if planned.order is None:
        return
    for line, quantity in zip(planned.lines, quantities, strict=True):
        if line is not None:
            line.received_quantity += quantity
    await session.flush()
    lines = await purchase_orders.order_lines(session, planned.order)
    target = P.RECEIVED if all(x.received_quantity >= x.quantity for x in lines) \
        else P.PARTIALLY_RECEIVED
    if target != planned.order.status:
        await purchase_orders.move(session, actor, planned.order, "receive", target)
