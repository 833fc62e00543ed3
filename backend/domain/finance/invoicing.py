"""Invoicing per delivery: which shipments are invoiceable, and the invoice of some of them.

PER_SHIPMENT invoices the order's invoiceable shipments not yet invoiced (or the ones named);
PER_ORDER invoices once, when every line is delivered. A line's last invoice takes the rest
of its net and tax, so the invoices of an order add up to the order to the cent.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Exists, and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.models import (
    Customer,
    Invoice,
    InvoiceLine,
    InvoiceShipment,
    Product,
    SalesOrder,
    SalesOrderLine,
    SalesSetting,
    Shipment,
    ShipmentLine,
)
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance import invoice_documents, ledger, settings, taxes
from backend.domain.finance.invoice_state import announce, close_if_settled
from backend.domain.rules.money import ZERO, cents, line_net, line_tax
from backend.domain.sales.order_lookup import order_for_update, order_lines
from backend.domain.sales.order_status import change_status
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    InvoiceStatus,
    InvoiceTrigger,
    InvoicingPolicy,
    OrderStatus,
    ShipmentStatus,
)

INVOICEABLE = {
    "DELIVERED": (OrderStatus.DELIVERED,),
    "SHIPPED": (OrderStatus.SHIPPED, OrderStatus.DELIVERED),
}
SHIPMENT_TRIGGER = {
    InvoiceTrigger.DELIVERED: (ShipmentStatus.DELIVERED,),
    InvoiceTrigger.SHIPPED: (ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED),
}
FIELD = ("input", "shipmentIds")


async def invoiceable_statuses(db: AsyncSession | AsyncConnection) -> tuple[OrderStatus, ...]:
    """The order statuses from which an order may be invoiced (PER_ORDER, order actions)."""
    return INVOICEABLE[(await settings.load(db)).invoice_on.value]


def live_invoice_of(shipment_id: Any) -> Exists:
    """SQL: the shipment is on a non-void invoice."""
    return exists().where(
        InvoiceShipment.shipment_id == shipment_id, InvoiceShipment.invoice_id == Invoice.id,
        Invoice.status != InvoiceStatus.VOID,
    )


def to_invoice(order_id: Any, status: ShipmentStatus) -> Exists:
    """SQL: the order has a shipment in `status` on no live invoice."""
    return exists().where(Shipment.order_id == order_id, Shipment.status == status,
                          ~live_invoice_of(Shipment.id))


def invoiced_per_order(customer_id: Any) -> Any:
    """SQL: the customer's policy (else the global default) is PER_ORDER."""
    default = (select(SalesSetting.value).where(SalesSetting.key == "default_invoicing_policy")
               .scalar_subquery())
    policy = (select(Customer.invoicing_policy).where(Customer.id == customer_id)
              .scalar_subquery())
    return func.coalesce(policy, default, InvoicingPolicy.PER_SHIPMENT.value) \
        == InvoicingPolicy.PER_ORDER.value


async def _shipments(session: AsyncSession, order_id: int) -> list[tuple[Shipment, bool]]:
    rows = await session.execute(
        select(Shipment, live_invoice_of(Shipment.id).label("invoiced"))
        .where(Shipment.order_id == order_id, Shipment.status != ShipmentStatus.CANCELLED)
        .order_by(Shipment.id)
    )
    return [(row[0], bool(row[1])) for row in rows]


async def _select(
    session: AsyncSession, order: SalesOrder, policy: InvoicingPolicy,
    trigger: tuple[ShipmentStatus, ...], shipment_ids: Sequence[int] | None,
    lines: list[SalesOrderLine],
) -> list[Shipment]:
    shipments = await _shipments(session, order.id)
    number = order.number
    open_ = [s for s, invoiced in shipments if not invoiced]
    if shipment_ids is not None:
        by_id = {s.id: (s, invoiced) for s, invoiced in shipments}
        missing = [Problem(ErrorCode.NOT_FOUND, "No such shipment of this order.", (*FIELD, str(n)))
                   for n, pk in enumerate(shipment_ids) if pk not in by_id]
        if missing:
            raise DomainError(missing)
        if all(by_id[pk][1] for pk in shipment_ids):
            raise DomainError.single(ErrorCode.NOTHING_TO_INVOICE,
                                     "These shipments are already invoiced.", FIELD)
        open_ = [by_id[pk][0] for pk in dict.fromkeys(shipment_ids) if not by_id[pk][1]]
    if not open_:
        if shipments:
            raise DomainError.single(ErrorCode.NOTHING_TO_INVOICE,
                                     f"Everything shipped on {number} is already invoiced.",
                                     ("input", "orderId"))
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"{number} has no shipment to invoice yet.", ("input", "orderId"))
    waiting = [s.number for s in open_ if s.status not in trigger]
    if policy == InvoicingPolicy.PER_ORDER:  # the whole order, whichever shipments are named
        open_ = [s for s, invoiced in shipments if not invoiced]
        waiting = [s.number for s in open_ if s.status not in trigger]
        complete = all(line.shipped_quantity >= line.quantity for line in lines)
        if not complete or waiting:
            raise DomainError.single(
                ErrorCode.INVALID_TRANSITION,
                f"{number} is invoiced per order, once every line is {_word(trigger)}.",
                ("input", "orderId"))
        return open_
    if shipment_ids is not None and waiting:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 "Not invoiceable yet: " + ", ".join(waiting) + ".", FIELD)
    ready = [s for s in open_ if s.status in trigger]
    if not ready:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"{number}: " + ", ".join(waiting) + " not "
                                 + " or ".join(t.value.lower() for t in trigger) + " yet.",
                                 ("input", "orderId"))
    return ready


def _word(trigger: tuple[ShipmentStatus, ...]) -> str:
    return "delivered" if trigger == SHIPMENT_TRIGGER[InvoiceTrigger.DELIVERED] else "shipped"


async def _invoiced_so_far(
    session: AsyncSession, order_id: int
) -> dict[int, tuple[int, Decimal, Decimal]]:
    rows = await session.execute(
        select(InvoiceLine.order_line_id, func.sum(InvoiceLine.quantity),
               func.sum(InvoiceLine.net_amount), func.sum(InvoiceLine.tax_amount))
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.order_id == order_id, Invoice.status != InvoiceStatus.VOID)
        .group_by(InvoiceLine.order_line_id))
    return {int(row[0] or 0): (int(row[1]), row[2], row[3]) for row in rows}


async def issue_invoice(
    session: AsyncSession, *, actor: Actor, order_id: int,
    shipment_ids: Sequence[int] | None = None, issued_on: date | None = None,
) -> Invoice:
    """Invoice what was delivered: Dr Receivables = Cr Revenue + Cr Tax Payable, booked on
    `issued_on` (default today; the demo seed dates its history), in an open month."""
    order = await order_for_update(session, order_id, actor=actor, field=("input", "orderId"))
    conf = await settings.load(session)
    customer = await session.get_one(Customer, order.customer_id)
    policy = InvoicingPolicy(customer.invoicing_policy or conf.default_invoicing_policy)
    lines = await order_lines(session, order.id)
    chosen = await _select(session, order, policy, SHIPMENT_TRIGGER[conf.invoice_on],
                           shipment_ids, lines)
    quantities: dict[int, int] = defaultdict(int)
    for line_id, quantity in await session.execute(
        select(ShipmentLine.order_line_id, ShipmentLine.quantity)
        .where(ShipmentLine.shipment_id.in_([s.id for s in chosen]))):
        quantities[line_id] += quantity
    so_far = await _invoiced_so_far(session, order.id)
    products = {p.id: p for p in await session.scalars(
        select(Product).where(Product.id.in_({line.product_id for line in lines})))}
    issued = issued_on or datetime.now(UTC).date()
    items: list[InvoiceLine] = []
    for line in lines:
        quantity = quantities.get(line.id, 0)
        if not quantity:
            continue
        done_qty, done_net, done_tax = so_far.get(line.id, (0, ZERO, ZERO))
        product = products[line.product_id]
        if done_qty + quantity >= line.quantity:  # the line's last invoice takes the rest
            net = line.line_total - done_net
            tax = line_tax(line.line_total, line.tax_rate) - done_tax
        else:
            net = line_net(quantity, line.unit_price, line.discount_percent)
            tax = line_tax(net, line.tax_rate)
        rule = await taxes.find_rule(
            session, country=customer.country, tax_category=product.tax_category,
            status=customer.tax_status, on=issued) if customer.country else None
        items.append(InvoiceLine(
            order_line_id=line.id, line_number=len(items) + 1, product_id=product.id,
            description=f"{product.name} ({product.sku})", quantity=quantity,
            unit_price=line.unit_price, discount_percent=line.discount_percent,
            tax_rate=line.tax_rate, tax_category=product.tax_category,
            legal_note=rule.legal_note if rule and rule.rate == line.tax_rate else None,
            net_amount=cents(net), tax_amount=cents(tax),
        ))
    subtotal = sum((i.net_amount for i in items), ZERO)
    tax_total = sum((i.tax_amount for i in items), ZERO)
    invoice = Invoice(
        number=await numbering.next_number(session, "INV"), order_id=order.id,
        customer_id=customer.id, issued_on=issued,
        due_on=issued + timedelta(days=customer.payment_terms_days), currency=order.currency,
        subtotal=subtotal, tax_total=tax_total, total=subtotal + tax_total,
        status=InvoiceStatus.OPEN, policy=policy, ship_to_country=customer.country,
        customer_vat_number=customer.vat_number,
    )
    entry = await ledger.post(
        session, actor=actor, memo=f"Invoice {invoice.number} to {customer.code}",
        reference=invoice.number, booked_on=issued,
        lines=[(ledger.RECEIVABLES, invoice.total, 0), (ledger.REVENUE, 0, invoice.subtotal),
               (ledger.TAX_PAYABLE, 0, invoice.tax_total)],
    )
    invoice.journal_entry_id = entry.id
    session.add(invoice)
    await session.flush()
    for item in items:
        item.invoice_id = invoice.id
    session.add_all(items)
    session.add_all(InvoiceShipment(invoice_id=invoice.id, shipment_id=s.id) for s in chosen)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.INVOICE_ISSUED,
        entity_type="Invoice", entity_id=invoice.id,
        changes=audit.created(number=invoice.number, order_id=order.id, total=invoice.total,
                              status=invoice.status, policy=policy,
                              shipments=[s.number for s in chosen]),
    )
    await announce(session, invoice, None)
    await invoice_documents.attach_invoice_pdf(session, invoice, actor=actor, lines=items,
                                               conf=conf)
    invoiced = {line.id: so_far.get(line.id, (0, ZERO, ZERO))[0] + quantities.get(line.id, 0)
                for line in lines}
    if order.status == OrderStatus.DELIVERED and all(
        invoiced[line.id] >= line.shipped_quantity for line in lines
    ):  # all delivered and all invoiced
        await change_status(session, order, OrderStatus.INVOICED, actor=actor)
    return invoice


async def order_fully_invoiced(session: AsyncSession, order_id: int) -> bool:
    uninvoiced: int | None = await session.scalar(select(Shipment.id).where(
        and_(Shipment.order_id == order_id, Shipment.status != ShipmentStatus.CANCELLED,
             ~live_invoice_of(Shipment.id))).limit(1))
    return uninvoiced is None


async def close_if_paid(session: AsyncSession, invoice: Invoice, *, actor: Actor) -> None:
    """Kept for callers of the order flow: an INVOICED order settled in full is CLOSED."""
    await close_if_settled(session, invoice, actor=actor)
