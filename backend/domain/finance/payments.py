"""Customer payments: Dr Cash / Cr Receivables, settling invoices oldest first."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Invoice, Payment, PaymentApplication
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance import ledger
from backend.domain.finance.invoice_state import (
    SETTLED,
    announce,
    balance,
    close_if_settled,
    settled_status,
)
from backend.domain.rules.money import ZERO, is_whole_cents
from backend.domain.sales.order_lookup import customer_in_scope
from backend.domain.trust import audit
from backend.enums import AuditAction, InvoiceStatus

MAX_AMOUNT = Decimal("999999999999.99")
OPEN = (InvoiceStatus.OPEN, InvoiceStatus.PARTIALLY_PAID)


@dataclass(frozen=True)
class PaymentResult:
    payment: Payment
    invoices: list[Invoice]


async def record_payment(
    session: AsyncSession,
    *,
    actor: Actor,
    customer_id: int,
    amount: Decimal,
    received_on: date,
    reference: str,
    invoice_ids: Sequence[int] | None = None,
    cash_account: str = ledger.CASH,
    bank_statement_line_id: int | None = None,
) -> PaymentResult:
    """Apply the payment to the given (or all open) invoices oldest first; the rest stays
    unapplied on the customer's account."""
    problems = []
    if not (is_whole_cents(amount) and ZERO < amount <= MAX_AMOUNT):
        problems.append(
            Problem(
                ErrorCode.INVALID, "The amount is positive, in whole cents.", ("input", "amount")
            )
        )
    if received_on > datetime.now(UTC).date() + timedelta(days=1):
        problems.append(
            Problem(
                ErrorCode.INVALID,
                "The payment cannot be received in the future.",
                ("input", "receivedOn"),
            )
        )
    reference = reference.strip()
    if not reference or len(reference) > 100:
        problems.append(
            Problem(
                ErrorCode.INVALID,
                "Give the bank reference (1 to 100 characters).",
                ("input", "reference"),
            )
        )
    if problems:
        raise DomainError(problems)
    customer = await customer_in_scope(
        session, customer_id, actor=actor, field=("input", "customerId")
    )
    stmt = select(Invoice).where(Invoice.customer_id == customer.id)
    if invoice_ids is None:
        stmt = stmt.where(Invoice.status.in_(OPEN))
    else:
        stmt = stmt.where(Invoice.id.in_(invoice_ids))
    invoices = list(
        await session.scalars(stmt.order_by(Invoice.issued_on, Invoice.id).with_for_update())
    )
    if invoice_ids is not None:
        found = {i.id for i in invoices}
        missing = [str(n) for n, pk in enumerate(invoice_ids) if pk not in found]
        closed = [i.number for i in invoices if i.status not in OPEN]
        if missing:
            raise DomainError(
                [
                    Problem(
                        ErrorCode.NOT_FOUND,
                        "No such open invoice of this customer.",
                        ("input", "invoiceIds", n),
                    )
                    for n in missing
                ]
            )
        if closed:
            raise DomainError.single(
                ErrorCode.INVALID_TRANSITION,
                "Not open for payment: " + ", ".join(closed) + ".",
                ("input", "invoiceIds"),
            )
    entry = await ledger.post(
        session,
        actor=actor,
        memo=f"Payment from {customer.code}",
        reference=reference[:64],
        booked_on=received_on,
        lines=[(cash_account, amount, 0), (ledger.RECEIVABLES, 0, amount)],
    )
    # Applied oldest first in memory, so that each row is written once.
    left = amount
    applied_to: list[tuple[Invoice, Decimal, InvoiceStatus]] = []
    for invoice in invoices:
        applied = min(left, balance(invoice))
        if applied <= 0:
            continue
        left -= applied
        before = InvoiceStatus(invoice.status)
        invoice.amount_paid += applied
        invoice.status = settled_status(invoice)
        applied_to.append((invoice, applied, before))
    payment = Payment(
        customer_id=customer.id,
        amount=amount,
        unapplied_amount=left,
        received_on=received_on,
        reference=reference,
        journal_entry_id=entry.id,
        bank_statement_line_id=bank_statement_line_id,
    )
    session.add(payment)
    await session.flush()
    session.add_all(PaymentApplication(payment_id=payment.id, invoice_id=invoice.id,
                                       amount=applied) for invoice, applied, _ in applied_to)
    await session.flush()
    settled = [invoice for invoice, _, _ in applied_to]
    for invoice, _, before in applied_to:
        await announce(session, invoice, before)
        if invoice.status in SETTLED:
            await close_if_settled(session, invoice, actor=actor)
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.PAYMENT_RECORDED,
        entity_type="Payment",
        entity_id=payment.id,
        changes={
            **audit.created(
                customer_id=customer.id,
                amount=amount,
                # What each settled invoice has been paid in all, after this payment.
                applied={i.number: i.amount_paid for i in settled},
                unapplied=payment.unapplied_amount,
            ),
            # The trail shows what the payment did to each invoice it settled.
            "invoice_status": ({i.number: before for i, _, before in applied_to},
                               {i.number: i.status for i, _, _ in applied_to}),
            "invoice_paid": ({i.number: i.amount_paid - paid for i, paid, _ in applied_to},
                             {i.number: i.amount_paid for i, _, _ in applied_to}),
        },
    )
    return PaymentResult(payment, settled)
