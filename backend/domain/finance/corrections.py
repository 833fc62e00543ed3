"""Correcting an invoice with a trail: void an unpaid one, write off a small rest."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, Invoice
from backend.domain import access
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import ledger, settings
from backend.domain.finance.invoice_state import OPEN, announce, balance, resettle
from backend.domain.trust import audit
from backend.enums import AuditAction, InvoiceStatus

INVOICE = ("input", "invoiceId")


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason or len(reason) > 500:
        raise DomainError.single(ErrorCode.INVALID, "Give a reason (1 to 500 characters).",
                                 ("input", "reason"))
    return reason


async def invoice_for_update(session: AsyncSession, invoice_id: int, *, actor: Actor,
                             field: tuple[str, ...] = INVOICE) -> Invoice:
    invoice = await session.scalar(select(Invoice).where(Invoice.id == invoice_id)
                                   .with_for_update())
    access.ensure_owner(actor, invoice, "invoice", field)
    assert invoice is not None
    return invoice


async def void_invoice(session: AsyncSession, *, actor: Actor, invoice_id: int, reason: str
                       ) -> Invoice:
    """Reversing entry Dr 4000 / Dr 2200 / Cr 1200; its shipments become invoiceable again."""
    reason = _reason(reason)
    invoice = await invoice_for_update(session, invoice_id, actor=actor)
    if invoice.status == InvoiceStatus.VOID:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Invoice {invoice.number} is already void.", INVOICE)
    if invoice.amount_paid > 0:
        raise DomainError.single(
            ErrorCode.INVOICE_HAS_PAYMENTS,
            f"Invoice {invoice.number} has {invoice.amount_paid} paid; credit it instead.",
            INVOICE)
    if invoice.credited_amount > 0 or invoice.written_off_amount > 0:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Invoice {invoice.number} has credit notes or a write-off; credit the rest instead.",
            INVOICE)
    customer = await session.get_one(Customer, invoice.customer_id)
    entry = await ledger.post(
        session, actor=actor, memo=f"Void of invoice {invoice.number} to {customer.code}",
        reference=invoice.number,
        lines=[(ledger.REVENUE, invoice.subtotal, 0), (ledger.TAX_PAYABLE, invoice.tax_total, 0),
               (ledger.RECEIVABLES, 0, invoice.total)],
    )
    before = InvoiceStatus(invoice.status)
    invoice.status, invoice.voided_at, invoice.void_reason = (
        InvoiceStatus.VOID, datetime.now(UTC), reason)
    invoice.void_entry_id = entry.id
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.INVOICE_VOIDED, entity_type="Invoice",
        entity_id=invoice.id, reason=reason,
        changes={"status": (before, InvoiceStatus.VOID), "balance": (invoice.total, 0)},
    )
    await announce(session, invoice, before)
    return invoice


async def write_off_invoice(session: AsyncSession, *, actor: Actor, invoice_id: int, reason: str
                            ) -> Invoice:
    """Dr 6900 Payment differences / Cr 1200 for a rest up to the threshold: PAID."""
    reason = _reason(reason)
    invoice = await invoice_for_update(session, invoice_id, actor=actor)
    rest = balance(invoice)
    if invoice.status not in OPEN or rest <= 0:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Invoice {invoice.number} is {invoice.status}; nothing to write "
                                 "off.", INVOICE)
    threshold = (await settings.load(session)).write_off_threshold
    if rest > threshold:
        raise DomainError.single(
            ErrorCode.WRITE_OFF_ABOVE_THRESHOLD,
            f"{rest} is left on {invoice.number}, above the write-off threshold {threshold}; "
            "issue a credit note instead.", INVOICE)
    customer = await session.get_one(Customer, invoice.customer_id)
    entry = await ledger.post(
        session, actor=actor, memo=f"Write-off on invoice {invoice.number} ({customer.code})",
        reference=invoice.number,
        lines=[(ledger.PAYMENT_DIFFERENCES, rest, 0), (ledger.RECEIVABLES, 0, rest)],
    )
    before = InvoiceStatus(invoice.status)
    invoice.written_off_amount += rest
    invoice.write_off_entry_id = entry.id
    await resettle(session, invoice, actor=actor)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.INVOICE_WRITTEN_OFF,
        entity_type="Invoice", entity_id=invoice.id, reason=reason,
        changes={"status": (before, invoice.status), "written_off_amount": (0, rest),
                 "balance": (rest, 0)},
    )
    return invoice
