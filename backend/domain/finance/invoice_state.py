"""An invoice's balance and status, and announcing a status change (`invoiceChanged`)."""

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Invoice, SalesOrder
from backend.domain.actor import Actor
from backend.domain.sales.order_status import change_status
from backend.domain.trust import outbox
from backend.enums import InvoiceStatus, OrderStatus

SETTLED = (InvoiceStatus.PAID, InvoiceStatus.CREDITED)
OPEN = (InvoiceStatus.OPEN, InvoiceStatus.PARTIALLY_PAID)


def balance(invoice: Invoice) -> Decimal:
    if invoice.status == InvoiceStatus.VOID:
        return Decimal("0.00")
    return invoice.total - invoice.amount_paid - invoice.credited_amount \
        - invoice.written_off_amount


def settled_status(invoice: Invoice) -> InvoiceStatus:
    """PAID when settled with any payment or write-off, CREDITED by credits alone."""
    if invoice.status == InvoiceStatus.VOID:
        return InvoiceStatus.VOID
    if balance(invoice) <= 0:
        if invoice.amount_paid > 0 or invoice.written_off_amount > 0:
            return InvoiceStatus.PAID
        return InvoiceStatus.CREDITED
    return InvoiceStatus.PARTIALLY_PAID if invoice.amount_paid > 0 else InvoiceStatus.OPEN


async def announce(session: AsyncSession, invoice: Invoice, before: InvoiceStatus | None) -> None:
    if before is not None and InvoiceStatus(before) == InvoiceStatus(invoice.status):
        return
    await outbox.emit(
        session, topic=outbox.INVOICE_CHANGED, aggregate_type="Invoice", aggregate_id=invoice.id,
        customer_id=invoice.customer_id,
        payload={"invoice_id": invoice.id, "from": before.value if before else None,
                 "to": InvoiceStatus(invoice.status).value},
    )


async def resettle(session: AsyncSession, invoice: Invoice, *, actor: Actor) -> None:
    """Recompute the status after money moved; announce it; close a settled order."""
    before = InvoiceStatus(invoice.status)
    invoice.status = settled_status(invoice)
    await session.flush()
    await announce(session, invoice, before)
    if invoice.status in SETTLED:
        await close_if_settled(session, invoice, actor=actor)


async def close_if_settled(session: AsyncSession, invoice: Invoice, *, actor: Actor) -> None:
    """An INVOICED order whose invoices are all settled is CLOSED."""
    order = await session.scalar(
        select(SalesOrder).where(SalesOrder.id == invoice.order_id).with_for_update()
    )
    if order is None or order.status != OrderStatus.INVOICED:
        return
    unsettled = await session.scalar(select(Invoice.id).where(
        Invoice.order_id == order.id, Invoice.status.in_(OPEN)).limit(1))
    if unsettled is None:
        await change_status(session, order, OrderStatus.CLOSED, actor=actor,
                            reason=f"invoice {invoice.number} settled")
