"""Customer returns: the goods come back into quarantine, and invoiced goods are credited."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    CreditNote,
    Customer,
    CustomerReturn,
    CustomerReturnLine,
    Invoice,
    Lot,
    Product,
    SalesOrderLine,
    Serial,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
    Warehouse,
)
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance import ledger, valuation
from backend.domain.finance.credit_notes import apply_return_credit
from backend.domain.inventory import stock
from backend.domain.quality.nonconformance import open_nonconformance
from backend.domain.rules.money import line_net, totals
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    InvoiceStatus,
    LotStatus,
    NonconformanceSource,
    SerialStatus,
    ShipmentStatus,
    StockMoveKind,
    TrackingMode,
)


@dataclass(frozen=True, slots=True)
class ReturnLine:
    lot_id: int
    quantity: int
    serial_numbers: Sequence[str] | None = None


async def return_goods(
    session: AsyncSession,
    *,
    actor: Actor,
    shipment_id: int,
    lines: Sequence[ReturnLine],
    reason: str,
    warehouse_id: int | None = None,
) -> CustomerReturn:
    """Take back shipped units: RETURN moves, the returned units held under a CUSTOMER_RETURN
    nonconformance, returned serials RETURNED (never allocated again until QA puts them
    back), and a credit note if the order was invoiced."""
    shipment = await session.scalar(
        select(Shipment).where(Shipment.id == shipment_id).with_for_update()
    )
    if shipment is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such shipment.", ("input", "shipmentId"))
    if shipment.status not in (ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED):
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Shipment {shipment.number} is {shipment.status}.",
            ("input", "shipmentId"),
        )
    reason = reason.strip()
    if not reason:
        raise DomainError.single(
            ErrorCode.INVALID, "Say why the goods come back.", ("input", "reason")
        )
    if not lines:
        raise DomainError.single(
            ErrorCode.INVALID, "A return needs at least one line.", ("input", "lines")
        )
    warehouse_id = warehouse_id or shipment.warehouse_id
    if await session.get(Warehouse, warehouse_id) is None:
        raise DomainError.single(
            ErrorCode.NOT_FOUND, "No such warehouse.", ("input", "warehouseId")
        )
    shipped = list(
        await session.scalars(
            select(ShipmentLine)
            .where(ShipmentLine.shipment_id == shipment.id)
            .order_by(ShipmentLine.id)
        )
    )
    returnable = await _returnable(session, shipped)
    plan, problems = [], []
    for index, line in enumerate(lines):
        at = ("input", "lines", str(index))
        candidates = [s for s in shipped if s.lot_id == line.lot_id]
        left = sum(returnable[s.id] for s in candidates)
        if not candidates:
            problems.append(
                Problem(ErrorCode.NOT_FOUND, "That lot is not on this shipment.", (*at, "lotId"))
            )
        elif not 0 < line.quantity <= left:
            problems.append(
                Problem(
                    ErrorCode.INVALID,
                    f"Between 1 and {left} units of this lot can come back.",
                    (*at, "quantity"),
                )
            )
        else:
            serials, problem = await _serials(session, line, candidates, at)
            if problem:
                problems.append(problem)
                continue
            needed = line.quantity
            for s in candidates:
                take = min(needed, returnable[s.id])
                if take:
                    returnable[s.id] -= take
                    needed -= take
                    plan.append((s, take, serials[:take]))
                    serials = serials[take:]
    if problems:
        raise DomainError(problems)

    customer_return = CustomerReturn(
        number=await numbering.next_number(session, "RMA"),
        shipment_id=shipment.id,
        order_id=shipment.order_id,
        customer_id=shipment.customer_id,
        warehouse_id=warehouse_id,
        reason=reason,
        created_by_id=actor.user_id,
    )
    session.add(customer_return)
    await session.flush()
    # Back into Inventory at the lots' cost: one entry for the return.
    async with valuation.batch(session, memo=f"Customer return {customer_return.number}",
                               reference=customer_return.number, actor_id=actor.user_id):
        for shipment_line, quantity, serials in plan:
            session.add(
                CustomerReturnLine(
                    return_id=customer_return.id,
                    shipment_line_id=shipment_line.id,
                    product_id=shipment_line.product_id,
                    lot_id=shipment_line.lot_id,
                    quantity=quantity,
                )
            )
            move: dict[str, Any] = dict(
                kind=StockMoveKind.RETURN,
                product_id=shipment_line.product_id,
                lot_id=shipment_line.lot_id,
                warehouse_id=warehouse_id,
                actor_id=actor.user_id,
                reference=customer_return.number,
            )
            if serials:
                for serial in serials:
                    await stock.post_move(session, **move, quantity=1, serial_id=serial.id)
                    serial.status, serial.warehouse_id = SerialStatus.RETURNED, warehouse_id
            else:
                await stock.post_move(session, **move, quantity=quantity)
    await session.flush()
    held = await _hold(session, customer_return, plan, actor=actor)
    credit = await _credit(session, customer_return, plan, actor=actor)
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.RETURN_RECEIVED,
        entity_type="CustomerReturn",
        entity_id=customer_return.id,
        reason=reason,
        changes=audit.created(
            number=customer_return.number,
            shipment_id=shipment.id,
            lines=[[s.lot_id, q] for s, q, _ in plan],
            held=held,
            credit_note=credit.number if credit else None,
        ),
    )
    return customer_return


async def _returnable(session: AsyncSession, shipped: list[ShipmentLine]) -> dict[int, int]:
    back = dict(
        (
            await session.execute(
                select(CustomerReturnLine.shipment_line_id, func.sum(CustomerReturnLine.quantity))
                .where(CustomerReturnLine.shipment_line_id.in_([s.id for s in shipped]))
                .group_by(CustomerReturnLine.shipment_line_id)
            )
        ).all()
    )
    return {s.id: s.quantity - back.get(s.id, 0) for s in shipped}


async def _serials(
    session: AsyncSession, line: ReturnLine, shipped: list[ShipmentLine], at: tuple[str, ...]
) -> tuple[list[Serial], Problem | None]:
    product = await session.get_one(Product, shipped[0].product_id)
    numbers = list(line.serial_numbers or [])
    if product.tracking_mode != TrackingMode.SERIAL:
        if numbers:
            return [], Problem(
                ErrorCode.SERIAL_MISMATCH, f"{product.sku} is lot-tracked.", (*at, "serialNumbers")
            )
        return [], None
    serials = list(
        await session.scalars(
            select(Serial)
            .join(ShipmentLineSerial, ShipmentLineSerial.serial_id == Serial.id)
            .where(
                ShipmentLineSerial.shipment_line_id.in_([s.id for s in shipped]),
                Serial.serial_number.in_(numbers),
                Serial.status == SerialStatus.SHIPPED,
            )
            .order_by(Serial.serial_number)
            .with_for_update(of=Serial)
        )
    )
    if (
        len(numbers) != line.quantity
        or len(set(numbers)) != line.quantity
        or len(serials) != line.quantity
    ):
        return [], Problem(
            ErrorCode.SERIAL_MISMATCH,
            f"Give exactly {line.quantity} serial numbers that left on this shipment and have "
            "not come back.",
            (*at, "serialNumbers"),
        )
    return serials, None


async def _hold(
    session: AsyncSession,
    customer_return: CustomerReturn,
    plan: list[tuple[ShipmentLine, int, list[Serial]]],
    *,
    actor: Actor,
) -> list[str]:
    """Only the returned units are held, under a CUSTOMER_RETURN nonconformance per lot;
    the rest of the lot keeps its status."""
    per_lot: dict[int, tuple[int, list[str]]] = {}
    for shipment_line, quantity, serials in plan:
        count, numbers = per_lot.get(shipment_line.lot_id, (0, []))
        per_lot[shipment_line.lot_id] = (count + quantity,
                                         numbers + [s.serial_number for s in serials])
    opened = []
    for lot_id, (quantity, numbers) in sorted(per_lot.items()):
        lot = await session.get_one(Lot, lot_id)
        holdable = lot.status not in (LotStatus.RECALLED, LotStatus.REJECTED, LotStatus.EXPIRED)
        nc = await open_nonconformance(
            session, actor=actor, source=NonconformanceSource.CUSTOMER_RETURN,
            title=f"Customer return {customer_return.number} of lot {lot.lot_number}",
            description=customer_return.reason, lot_id=lot_id,
            warehouse_id=customer_return.warehouse_id,
            quantity=None if numbers else quantity, serial_numbers=numbers or None,
            shipment_id=customer_return.shipment_id, customer_id=customer_return.customer_id,
            hold=holdable, customer_return_id=customer_return.id,
        )
        opened.append(nc.number)
    return opened


async def _credit(
    session: AsyncSession,
    customer_return: CustomerReturn,
    plan: list[tuple[ShipmentLine, int, list[Serial]]],
    *,
    actor: Actor,
) -> CreditNote | None:
    """Dr Revenue + Dr Tax Payable = Cr Receivables, at the order's prices, if invoiced."""
    invoice = await session.scalar(
        select(Invoice)
        .where(Invoice.order_id == customer_return.order_id, Invoice.status != InvoiceStatus.VOID)
        .order_by(Invoice.id)
    )
    if invoice is None:
        return None
    order_lines = {
        line.id: line
        for line in await session.scalars(
            select(SalesOrderLine).where(
                SalesOrderLine.id.in_({s.order_line_id for s, _, _ in plan})
            )
        )
    }
    returned: dict[int, int] = defaultdict(int)
    for shipment_line, quantity, _ in plan:
        returned[shipment_line.order_line_id] += quantity
    amounts = [
        (
            line_net(quantity, order_lines[pk].unit_price, order_lines[pk].discount_percent),
            order_lines[pk].tax_rate,
        )
        for pk, quantity in returned.items()
    ]
    sums = totals(amounts)
    customer = await session.get_one(Customer, customer_return.customer_id)
    note = CreditNote(
        number=await numbering.next_number(session, "CN"),
        customer_id=customer.id,
        invoice_id=invoice.id,
        return_id=customer_return.id,
        issued_on=datetime.now(UTC).date(),
        subtotal=sums.subtotal,
        tax_total=sums.tax_total,
        total=sums.total,
    )
    session.add(note)
    await session.flush()
    entry = await ledger.post(
        session,
        actor=actor,
        memo=f"Credit note {note.number} to {customer.code}",
        reference=note.number,
        lines=[
            (ledger.REVENUE, sums.subtotal, 0),
            (ledger.TAX_PAYABLE, sums.tax_total, 0),
            (ledger.RECEIVABLES, 0, sums.total),
        ],
    )
    note.journal_entry_id = entry.id
    await session.flush()
    # finance desk: the credit settles the invoice's balance, the rest is credit.
    await apply_return_credit(session, note, invoice, actor=actor)
    return note
