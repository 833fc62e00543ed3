"""Credit notes on an invoice: units or a net amount per line, at the line's rate.

Dr 4000 Revenue / Dr 2200 Tax / Cr 1200 Receivables. The credit is set against the
invoice's open balance; what is left over (a paid invoice) is the customer's credit balance.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import CreditNote, CreditNoteLine, Customer, Invoice, InvoiceLine
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance import invoice_documents, ledger
from backend.domain.finance.corrections import _reason, invoice_for_update
from backend.domain.finance.invoice_state import balance, resettle
from backend.domain.rules.money import ZERO, is_whole_cents, line_net, line_tax
from backend.domain.trust import audit
from backend.enums import AuditAction, InvoiceStatus


@dataclass(frozen=True, slots=True)
class CreditRequest:
    invoice_line_id: int
    quantity: int | None = None
    net_amount: Decimal | None = None


def _line_amounts(line: InvoiceLine, request: CreditRequest, path: tuple[str, ...]
                  ) -> tuple[Decimal, Decimal]:
    left_net = line.net_amount - line.credited_amount
    left_tax = line.tax_amount - line.credited_tax
    if request.quantity is not None:
        left_qty = line.quantity - line.credited_quantity
        if request.quantity > left_qty:
            raise DomainError.single(ErrorCode.CREDIT_EXCEEDS_INVOICE,
                                     f"Only {left_qty} units are left to credit on line "
                                     f"{line.line_number}.", (*path, "quantity"))
        if request.quantity == left_qty:  # the last units take the rest, to the cent
            net, tax = left_net, left_tax
        else:
            net = line_net(request.quantity, line.unit_price, line.discount_percent)
            tax = line_tax(net, line.tax_rate)
    else:
        assert request.net_amount is not None
        net = request.net_amount
        tax = left_tax if net == left_net else line_tax(net, line.tax_rate)
    if net > left_net or tax > left_tax:
        raise DomainError.single(ErrorCode.CREDIT_EXCEEDS_INVOICE,
                                 f"Only {left_net} net is left to credit on line "
                                 f"{line.line_number}.", path)
    return net, tax


def _check(requests: Sequence[CreditRequest]) -> None:
    problems = []
    if not requests:
        problems.append(Problem(ErrorCode.INVALID, "Credit at least one line.", ("input", "lines")))
    for n, r in enumerate(requests):
        path = ("input", "lines", str(n))
        if (r.quantity is None) == (r.net_amount is None):
            problems.append(Problem(ErrorCode.INVALID,
                                    "Give exactly one of quantity and netAmount.", path))
        elif r.quantity is not None and r.quantity <= 0:
            problems.append(Problem(ErrorCode.INVALID, "The quantity is positive.",
                                    (*path, "quantity")))
        elif r.net_amount is not None and not (is_whole_cents(r.net_amount) and r.net_amount > 0):
            problems.append(Problem(ErrorCode.INVALID, "The amount is positive, in whole cents.",
                                    (*path, "netAmount")))
    if len({r.invoice_line_id for r in requests}) != len(requests):
        problems.append(Problem(ErrorCode.INVALID, "Name each invoice line once.",
                                ("input", "lines")))
    if problems:
        raise DomainError(problems)


async def issue_credit_note(
    session: AsyncSession, *, actor: Actor, invoice_id: int, reason: str,
    lines: Sequence[CreditRequest],
) -> CreditNote:
    reason = _reason(reason)
    _check(lines)
    invoice = await invoice_for_update(session, invoice_id, actor=actor)
    if invoice.status == InvoiceStatus.VOID:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Invoice {invoice.number} is void.", ("input", "invoiceId"))
    by_id = {line.id: line for line in await session.scalars(
        select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id).with_for_update())}
    items = []
    for n, request in enumerate(lines):
        path = ("input", "lines", str(n))
        line = by_id.get(request.invoice_line_id)
        if line is None:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such line on this invoice.",
                                     (*path, "invoiceLineId"))
        net, tax = _line_amounts(line, request, path)
        line.credited_quantity += request.quantity or 0
        line.credited_amount += net
        line.credited_tax += tax
        items.append(CreditNoteLine(invoice_line_id=line.id, description=line.description,
                                    quantity=request.quantity, net_amount=net,
                                    tax_rate=line.tax_rate, tax_amount=tax))
    subtotal = sum((i.net_amount for i in items), ZERO)
    tax_total = sum((i.tax_amount for i in items), ZERO)
    total = subtotal + tax_total
    applied = min(total, balance(invoice))
    customer = await session.get_one(Customer, invoice.customer_id)
    note = CreditNote(
        number=await numbering.next_number(session, "CN"), customer_id=customer.id,
        invoice_id=invoice.id, issued_on=datetime.now(UTC).date(), subtotal=subtotal,
        tax_total=tax_total, total=total, reason=reason, applied_to_invoice=applied,
    )
    session.add(note)
    await session.flush()
    for item in items:
        item.credit_note_id = note.id
    session.add_all(items)
    entry = await ledger.post(
        session, actor=actor, memo=f"Credit note {note.number} to {customer.code}",
        reference=note.number,
        lines=[(ledger.REVENUE, subtotal, 0), (ledger.TAX_PAYABLE, tax_total, 0),
               (ledger.RECEIVABLES, 0, total)],
    )
    note.journal_entry_id = entry.id
    before_balance, before_status = balance(invoice), InvoiceStatus(invoice.status)
    invoice.credited_amount += applied
    await resettle(session, invoice, actor=actor)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.CREDIT_NOTE_ISSUED,
        entity_type="CreditNote", entity_id=note.id, reason=reason,
        changes={**audit.created(number=note.number, invoice=invoice.number, total=total,
                                 applied_to_invoice=applied, to_credit_balance=total - applied),
                 "invoice_balance": (before_balance, balance(invoice)),
                 "invoice_status": (before_status, invoice.status)},
    )
    await invoice_documents.attach_credit_note_pdf(session, note, invoice, actor=actor)
    return note


async def apply_return_credit(session: AsyncSession, note: CreditNote, invoice: Invoice, *,
                              actor: Actor) -> None:
    """A return's credit note set against its invoice like any credit (the rest is credit)."""
    applied = min(note.total, balance(invoice))
    note.applied_to_invoice = applied
    invoice.credited_amount += applied
    await resettle(session, invoice, actor=actor)
