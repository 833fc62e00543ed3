"""Invoicing an order: the invoice, its lines with tax per line, and the journal entry."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.models import Customer, Invoice, InvoiceLine, Product, SalesOrder, SalesSetting
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import ledger
from backend.domain.rules.money import line_net, line_tax, totals
from backend.domain.sales.order_lookup import order_for_update, order_lines
from backend.domain.sales.order_status import change_status
from backend.domain.trust import audit
from backend.enums import AuditAction, InvoiceStatus, OrderStatus

# sales_settings.invoice_on: from which order status an invoice may be issued.
INVOICE_ON = "invoice_on"
INVOICEABLE = {
    "DELIVERED": (OrderStatus.DELIVERED,),
    "SHIPPED": (OrderStatus.SHIPPED, OrderStatus.DELIVERED),
}
DEFAULT_INVOICE_ON = "DELIVERED"


async def invoiceable_statuses(
    db: AsyncSession | AsyncConnection,
) -> tuple[OrderStatus, ...]:
    policy = await db.scalar(select(SalesSetting.value).where(SalesSetting.key == INVOICE_ON))
    return INVOICEABLE.get(policy or DEFAULT_INVOICE_ON, INVOICEABLE[DEFAULT_INVOICE_ON])


async def issue_invoice(session: AsyncSession, *, actor: Actor, order_id: int) -> Invoice:
    """Invoice what the order shipped: Dr Receivables = Cr Revenue + Cr Tax Payable."""
    order = await order_for_update(session, order_id, actor=actor, field=("input", "orderId"))
    allowed = await invoiceable_statuses(session)
    already = await session.scalar(
        select(Invoice.number).where(
            Invoice.order_id == order.id, Invoice.status != InvoiceStatus.VOID
        )
    )
    if order.status not in allowed or already is not None:
        reason = f"already has invoice {already}" if already else f"is {order.status}"
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} {reason}; invoices are issued once, for "
            + " or ".join(s.value for s in allowed)
            + " orders.",
            ("input", "orderId"),
        )
    customer = await session.get_one(Customer, order.customer_id)
    lines = [line for line in await order_lines(session, order.id) if line.shipped_quantity > 0]
    names = dict(
        (
            await session.execute(
                select(Product.id, Product.name + " (" + Product.sku + ")").where(
                    Product.id.in_({line.product_id for line in lines})
                )
            )
        ).all()
    )
    items = []
    for line in lines:
        # The whole line when all of it shipped, so invoice and order agree to the cent.
        net = (
            line.line_total
            if line.shipped_quantity == line.quantity
            else line_net(line.shipped_quantity, line.unit_price, line.discount_percent)
        )
        items.append(
            InvoiceLine(
                order_line_id=line.id,
                description=names[line.product_id],
                quantity=line.shipped_quantity,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                tax_rate=line.tax_rate,
                net_amount=net,
                tax_amount=line_tax(net, line.tax_rate),
            )
        )
    sums = totals((item.net_amount, item.tax_rate) for item in items)
    issued = datetime.now(UTC).date()
    invoice = Invoice(
        number=await numbering.next_number(session, "INV"),
        order_id=order.id,
        customer_id=customer.id,
        issued_on=issued,
        due_on=issued + timedelta(days=customer.payment_terms_days),
        currency=order.currency,
        subtotal=sums.subtotal,
        tax_total=sums.tax_total,
        total=sums.total,
        status=InvoiceStatus.OPEN,
    )
    session.add(invoice)
    await session.flush()
    for item in items:
        item.invoice_id = invoice.id
    session.add_all(items)
    entry = await ledger.post(
        session,
        actor=actor,
        memo=f"Invoice {invoice.number} to {customer.code}",
        reference=invoice.number,
        lines=[
            (ledger.RECEIVABLES, invoice.total, 0),
            (ledger.REVENUE, 0, invoice.subtotal),
            (ledger.TAX_PAYABLE, 0, invoice.tax_total),
        ],
    )
    invoice.journal_entry_id = entry.id
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.INVOICE_ISSUED,
        entity_type="Invoice",
        entity_id=invoice.id,
        changes=audit.created(number=invoice.number, order_id=order.id, total=invoice.total),
    )
    if order.status == OrderStatus.DELIVERED:
        await change_status(session, order, OrderStatus.INVOICED, actor=actor)
    return invoice


async def close_if_paid(session: AsyncSession, invoice: Invoice, *, actor: Actor) -> None:
    """An invoiced order whose invoice is paid in full is CLOSED."""
    if invoice.status != InvoiceStatus.PAID:
        return
    order = await session.scalar(
        select(SalesOrder).where(SalesOrder.id == invoice.order_id).with_for_update()
    )
    if order is not None and order.status == OrderStatus.INVOICED:
        await change_status(
            session, order, OrderStatus.CLOSED, actor=actor, reason=f"invoice {invoice.number} paid"
        )
