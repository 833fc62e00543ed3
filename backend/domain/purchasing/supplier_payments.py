"""Paying suppliers: Dr 2100 Payables / Cr 1100 Cash, settling the given (or the oldest)
open supplier invoices; never more than they still owe."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Supplier,
    SupplierInvoice,
    SupplierPayment,
    SupplierPaymentApplication,
)
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance import ledger
from backend.domain.purchasing.supplier_invoices import announce
from backend.domain.rules.money import ZERO, is_whole_cents
from backend.domain.trust import audit
from backend.enums import AuditAction, SupplierInvoiceStatus

S = SupplierInvoiceStatus
PAYABLE = (S.OPEN, S.PARTIALLY_PAID)
MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class PaymentResult:
    payment: SupplierPayment
    invoices: list[SupplierInvoice]


def balance(invoice: SupplierInvoice) -> Decimal:
    return invoice.total - invoice.amount_paid


async def record_supplier_payment(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int | None,
    amount: Decimal,
    paid_on: date,
    reference: str,
    invoice_ids: Sequence[int] | None = None,
) -> PaymentResult:
    supplier = await lookup.get(session, Supplier, supplier_id, field=("input", "supplierId"))
    problems: list[Problem] = []
    if not (is_whole_cents(amount) and ZERO < amount <= MAX_AMOUNT):
        problems.append(Problem(ErrorCode.INVALID, "The amount is positive, in whole cents.",
                                ("input", "amount")))
    if paid_on > datetime.now(UTC).date() + timedelta(days=1):
        problems.append(Problem(ErrorCode.INVALID, "The payment date is not in the future.",
                                ("input", "paidOn")))
    if not 1 <= len(reference.strip()) <= 140:
        problems.append(Problem(ErrorCode.INVALID, "A reference has 1 to 140 characters.",
                                ("input", "reference")))
    stmt = (select(SupplierInvoice).where(SupplierInvoice.supplier_id == supplier.id,
                                          SupplierInvoice.status.in_(PAYABLE))
            .order_by(SupplierInvoice.due_on, SupplierInvoice.id).with_for_update())
    if invoice_ids is not None:
        stmt = stmt.where(SupplierInvoice.id.in_(list(invoice_ids)))
    invoices = list(await session.scalars(stmt))
    if invoice_ids is not None and len(invoices) != len(set(invoice_ids)):
        problems.append(Problem(ErrorCode.INVALID, "Every invoice named must be the "
                                "supplier's and open.", ("input", "supplierInvoiceIds")))
    owed = sum((balance(i) for i in invoices), ZERO)
    if not problems and amount > owed:
        problems.append(Problem(ErrorCode.INVALID, f"{amount} is above the open balance of "
                                f"{owed}.", ("input", "amount")))
    if problems:
        raise DomainError(problems)

    entry = await ledger.post(session, actor=actor, memo=f"Payment to {supplier.code}",
                              reference=reference.strip()[:64], lines=[
                                  (ledger.PAYABLES, amount, 0), (ledger.CASH, 0, amount)])
    payment = SupplierPayment(supplier_id=supplier.id, amount=amount, paid_on=paid_on,
                              reference=reference.strip(), journal_entry_id=entry.id,
                              created_by_id=actor.user_id)
    session.add(payment)
    await session.flush()
    left, settled = amount, []
    for invoice in invoices:
        if left == 0:
            break
        part = min(left, balance(invoice))
        was = invoice.status
        before = {"status": was, "amount_paid": invoice.amount_paid}
        invoice.amount_paid += part
        invoice.status = S.PAID if balance(invoice) == 0 else S.PARTIALLY_PAID
        left -= part
        session.add(SupplierPaymentApplication(payment_id=payment.id,
                                               supplier_invoice_id=invoice.id, amount=part))
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_INVOICE_STATUS_CHANGED,
            entity_type="SupplierInvoice", entity_id=invoice.id, reason=payment.reference,
            changes=audit.diff(before, {"status": invoice.status,
                                        "amount_paid": invoice.amount_paid}))
        if invoice.status != was:
            await announce(session, invoice, was)
        settled.append(invoice)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_PAYMENT_RECORDED,
        entity_type="SupplierPayment", entity_id=payment.id, reason=payment.reference,
        changes=audit.created(supplier_id=supplier.id, amount=amount, paid_on=paid_on,
                              invoices={str(i.id): str(i.amount_paid) for i in settled}))
    return PaymentResult(payment, settled)
