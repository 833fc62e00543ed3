"""Supplier invoices and the three-way match: each line against its PO line (the price
within the PO price +/- the price tolerance) and what was received on it and not invoiced
yet. A matched invoice is OPEN and posted at once: Dr 2150 the received value at PO price,
Dr/Cr 5100 the price difference, Dr 1400 the input tax, Cr 2100 the total. Any issue puts
it ON_HOLD with nothing posted until a BUYER or FINANCE decision: approved, it is posted
the same way (APPROVED_WITH_VARIANCE); refused, it is REJECTED."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    SupplierInvoice,
    SupplierInvoiceLine,
)
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance import ledger
from backend.domain.purchasing import settings
from backend.domain.rules.money import ZERO, is_whole_cents
from backend.domain.trust import audit, outbox
from backend.enums import (
    AuditAction,
    PurchaseOrderStatus,
    SupplierInvoiceMatchIssue,
    SupplierInvoiceStatus,
    ThreeWayMatchStatus,
)

S = SupplierInvoiceStatus
SERIES = "AP"
MAX_LINES = 100
MAX_AMOUNT = Decimal("999999999999.99")
SUPPLIER_INVOICE_STATUS_CHANGED = "supplier_invoice.status_changed"
INVOICEABLE = (PurchaseOrderStatus.SENT, PurchaseOrderStatus.PARTIALLY_RECEIVED,
               PurchaseOrderStatus.RECEIVED, PurchaseOrderStatus.CLOSED)


@dataclass(frozen=True)
class LineRequest:
    purchase_order_line_id: int | None
    quantity: int
    unit_price: Decimal


def issues_of(quantity: int, unit_price: Decimal, open_quantity: int, po_price: Decimal,
              tolerance_percent: Decimal) -> list[SupplierInvoiceMatchIssue]:
    issues = []
    if abs(unit_price - po_price) > po_price * tolerance_percent / 100:
        issues.append(SupplierInvoiceMatchIssue.PRICE_VARIANCE)
    if quantity > open_quantity:
        issues.append(SupplierInvoiceMatchIssue.QUANTITY_NOT_RECEIVED)
    return issues


def _money_problem(value: Decimal | None, field: tuple[str, ...], what: str) -> list[Problem]:
    if value is None or (is_whole_cents(value) and ZERO <= value <= MAX_AMOUNT):
        return []
    return [Problem(ErrorCode.INVALID, f"{what} is at least 0, in whole cents.", field)]


async def record_supplier_invoice(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int | None,
    supplier_invoice_number: str,
    invoice_date: date,
    lines: Sequence[LineRequest],
    total: Decimal,
    tax_amount: Decimal | None = None,
    due_on: date | None = None,
) -> SupplierInvoice:
    supplier = await lookup.get(session, Supplier, supplier_id, field=("input", "supplierId"))
    number = supplier_invoice_number.strip()
    tax = tax_amount if tax_amount is not None else Decimal("0.00")
    problems: list[Problem] = []
    if not 1 <= len(number) <= 64:
        problems.append(Problem(ErrorCode.INVALID, "The supplier's invoice number has 1 to 64 "
                                "characters.", ("input", "supplierInvoiceNumber")))
    elif await session.scalar(select(SupplierInvoice.id).where(
            SupplierInvoice.supplier_id == supplier.id,
            SupplierInvoice.supplier_invoice_number == number)) is not None:
        problems.append(Problem(ErrorCode.DUPLICATE, f"{supplier.code} invoice {number} is "
                                "already recorded.", ("input", "supplierInvoiceNumber")))
    if not 1 <= len(lines) <= MAX_LINES:
        raise DomainError.single(ErrorCode.INVALID, f"An invoice has 1 to {MAX_LINES} lines.",
                                 ("input", "lines"))
    if invoice_date > datetime.now(UTC).date() + timedelta(days=1):
        problems.append(Problem(ErrorCode.INVALID, "The invoice date is not in the future.",
                                ("input", "invoiceDate")))
    if due_on is not None and due_on < invoice_date:
        problems.append(Problem(ErrorCode.INVALID, "The due date is not before the invoice "
                                "date.", ("input", "dueOn")))
    problems += _money_problem(tax, ("input", "taxAmount"), "The tax")
    problems += _money_problem(total, ("input", "total"), "The total")
    tolerance = (await settings.load(session)).price_tolerance_percent
    ids = [line.purchase_order_line_id for line in lines]
    found = {row.id: row for row in await session.scalars(
        select(PurchaseOrderLine).where(PurchaseOrderLine.id.in_([i for i in ids if i]))
        .order_by(PurchaseOrderLine.id).with_for_update())}
    orders = {o.id: o for o in await session.scalars(select(PurchaseOrder).where(
        PurchaseOrder.id.in_({po.purchase_order_id for po in found.values()})))}
    made: list[SupplierInvoiceLine] = []
    taken: dict[int, int] = {}
    for index, line in enumerate(lines):
        field = ("input", "lines", str(index))
        po_line = found.get(line.purchase_order_line_id or 0)
        if po_line is None:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such purchase order line.",
                                     (*field, "purchaseOrderLineId"))
        order = orders[po_line.purchase_order_id]
        if order.supplier_id != supplier.id:
            problems.append(Problem(ErrorCode.INVALID, f"{order.number} is another supplier's "
                                    "order.", (*field, "purchaseOrderLineId")))
        elif order.status not in INVOICEABLE:
            problems.append(Problem(ErrorCode.INVALID_TRANSITION,
                                    f"{order.number} is {order.status.value}: not invoiceable.",
                                    (*field, "purchaseOrderLineId")))
        if line.quantity < 1:
            problems.append(Problem(ErrorCode.INVALID, "A quantity is at least 1.",
                                    (*field, "quantity")))
        problems += _money_problem(line.unit_price, (*field, "unitPrice"), "A unit price")
        # Lines naming the same PO line share what is open on it.
        open_quantity = max(po_line.received_quantity - po_line.invoiced_quantity
                            - taken.get(po_line.id, 0), 0)
        taken[po_line.id] = taken.get(po_line.id, 0) + max(line.quantity, 0)
        net = (Decimal(line.quantity) * line.unit_price).quantize(Decimal("0.01"))
        made.append(SupplierInvoiceLine(
            line_number=index + 1, purchase_order_line_id=po_line.id,
            product_id=po_line.product_id, quantity=line.quantity, unit_price=line.unit_price,
            net_amount=net, ordered_quantity=po_line.quantity, received_quantity=open_quantity,
            po_unit_price=po_line.unit_price,
            price_variance=(Decimal(line.quantity) * (line.unit_price - po_line.unit_price)
                            ).quantize(Decimal("0.01")),
            issues=[str(i) for i in issues_of(line.quantity, line.unit_price, open_quantity,
                                              po_line.unit_price, tolerance)]))
    subtotal = sum((line.net_amount for line in made), Decimal("0.00"))
    if not problems and subtotal + tax != total:
        problems.append(Problem(ErrorCode.INVALID, f"The lines ({subtotal}) plus tax ({tax}) "
                                f"make {subtotal + tax}, not {total}.", ("input", "total")))
    if problems:
        raise DomainError(problems)

    matched = not any(line.issues for line in made)
    invoice = SupplierInvoice(
        number=await numbering.next_number(session, SERIES), supplier_id=supplier.id,
        supplier_invoice_number=number, invoice_date=invoice_date,
        due_on=due_on or invoice_date + timedelta(days=supplier.payment_terms_days),
        status=S.OPEN if matched else S.ON_HOLD,
        match_status=ThreeWayMatchStatus.MATCHED if matched else ThreeWayMatchStatus.MISMATCH,
        subtotal=subtotal, tax_amount=tax, total=total, amount_paid=Decimal("0.00"),
        created_by_id=actor.user_id, currency="EUR")
    session.add(invoice)
    await session.flush()
    for made_line in made:
        made_line.supplier_invoice_id = invoice.id
    session.add_all(made)
    await session.flush()
    if matched:
        await _post(session, actor, invoice, made, found)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_INVOICE_RECORDED,
        entity_type="SupplierInvoice", entity_id=invoice.id,
        changes=audit.created(
            number=invoice.number, supplier_id=supplier.id, supplier_invoice_number=number,
            status=invoice.status, match_status=invoice.match_status, subtotal=subtotal,
            tax_amount=tax, total=total, due_on=invoice.due_on,
            issues={str(line.line_number): line.issues for line in made if line.issues}))
    await announce(session, invoice, None)
    return invoice


async def release_hold(session: AsyncSession, *, actor: Actor, invoice_id: int | None,
                       approve: bool, reason: str) -> SupplierInvoice:
    """BUYER or FINANCE: post an ON_HOLD invoice with its variance, or reject it."""
    invoice = await lookup.get(session, SupplierInvoice, invoice_id,
                               field=("input", "supplierInvoiceId"))
    await session.refresh(invoice, with_for_update=True)
    if not reason.strip():
        raise DomainError.single(ErrorCode.INVALID, "A reason is required.", ("input", "reason"))
    if invoice.status != S.ON_HOLD:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"{invoice.number} is {invoice.status.value}, not on hold.",
                                 ("input", "supplierInvoiceId"))
    before = {"status": invoice.status, "match_status": invoice.match_status,
              "decided_by_id": None, "decision_reason": None}
    invoice.decided_by_id, invoice.decision_reason = actor.user_id, reason.strip()
    invoice.decided_at = datetime.now(UTC)
    if approve:
        lines = list(await session.scalars(select(SupplierInvoiceLine).where(
            SupplierInvoiceLine.supplier_invoice_id == invoice.id)
            .order_by(SupplierInvoiceLine.line_number)))
        po_lines = {row.id: row for row in await session.scalars(
            select(PurchaseOrderLine).where(PurchaseOrderLine.id.in_(
                [line.purchase_order_line_id for line in lines]))
            .order_by(PurchaseOrderLine.id).with_for_update())}
        invoice.status, invoice.match_status = S.OPEN, ThreeWayMatchStatus.APPROVED_WITH_VARIANCE
        await session.flush()
        await _post(session, actor, invoice, lines, po_lines)
    else:
        invoice.status = S.REJECTED
        await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_INVOICE_STATUS_CHANGED,
        entity_type="SupplierInvoice", entity_id=invoice.id, reason=reason.strip(),
        changes=audit.diff(before, {"status": invoice.status,
                                    "match_status": invoice.match_status,
                                    "decided_by_id": actor.user_id,
                                    "decision_reason": invoice.decision_reason}))
    await announce(session, invoice, S.ON_HOLD)
    return invoice


async def _post(session: AsyncSession, actor: Actor, invoice: SupplierInvoice,
                lines: Sequence[SupplierInvoiceLine], po_lines: dict[int, PurchaseOrderLine]
                ) -> None:
    """Dr 2150 at PO price, Dr/Cr 5100 the difference, Dr 1400 tax / Cr 2100 total; the PO
    lines count the quantity as invoiced."""
    received = sum(((Decimal(line.quantity) * line.po_unit_price).quantize(Decimal("0.01"))
                    for line in lines), Decimal("0.00"))
    variance = invoice.subtotal - received
    entry = await ledger.post(session, actor=actor, memo=f"Supplier invoice {invoice.number}",
                              reference=invoice.number, lines=[
        (ledger.GOODS_RECEIVED_NOT_INVOICED, received, 0),
        (ledger.PURCHASE_PRICE_VARIANCE, max(variance, ZERO), max(-variance, ZERO)),
        (ledger.INPUT_TAX, invoice.tax_amount, 0),
        (ledger.PAYABLES, 0, invoice.total),
    ])
    invoice.journal_entry_id = entry.id
    for line in lines:
        po_lines[line.purchase_order_line_id].invoiced_quantity += line.quantity
    await session.flush()


async def announce(session: AsyncSession, invoice: SupplierInvoice,
                   before: SupplierInvoiceStatus | None) -> None:
    await outbox.emit(session, topic=SUPPLIER_INVOICE_STATUS_CHANGED,
                      aggregate_type="SupplierInvoice", aggregate_id=invoice.id,
                      payload={"supplier_invoice_id": invoice.id, "number": invoice.number,
                               "supplier_id": invoice.supplier_id,
                               "from": before.value if before else None,
                               "to": invoice.status.value})
