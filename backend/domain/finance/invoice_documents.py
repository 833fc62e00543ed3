"""The invoice and credit-note PDFs, stored as documents linked to their record."""

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    CreditNote,
    CreditNoteLine,
    Customer,
    Document,
    Invoice,
    InvoiceLine,
    InvoiceShipment,
    Lot,
    Serial,
    ShipmentLine,
    ShipmentLineSerial,
)
from backend.domain.actor import Actor
from backend.domain.finance import pdfs, settings
from backend.domain.quality.documents import store_document
from backend.enums import DocumentKind

PDF = "application/pdf"


def tax_summary(rows: list[tuple[Decimal, Decimal, Decimal, str | None]]
                ) -> list[tuple[Decimal, Decimal, Decimal, str | None]]:
    """(rate, net, tax, note) per rate and note, in rate order, highest first."""
    sums: dict[tuple[Decimal, str | None], list[Decimal]] = {}
    for rate, net, tax, note in rows:
        acc = sums.setdefault((rate, note), [Decimal("0.00"), Decimal("0.00")])
        acc[0] += net
        acc[1] += tax
    return [(rate, net, tax, note) for (rate, note), (net, tax)
            in sorted(sums.items(), key=lambda kv: (-kv[0][0], kv[0][1] or ""))]


async def traceability(session: AsyncSession, invoice_id: int
                       ) -> dict[int, tuple[list[str], list[str]]]:
    """{order line id: (lot numbers, serial numbers)} delivered under the invoice."""
    rows = await session.execute(
        select(ShipmentLine.order_line_id, Lot.lot_number, Serial.serial_number)
        .join(InvoiceShipment, InvoiceShipment.shipment_id == ShipmentLine.shipment_id)
        .join(Lot, Lot.id == ShipmentLine.lot_id)
        .outerjoin(ShipmentLineSerial, ShipmentLineSerial.shipment_line_id == ShipmentLine.id)
        .outerjoin(Serial, Serial.id == ShipmentLineSerial.serial_id)
        .where(InvoiceShipment.invoice_id == invoice_id)
        .order_by(ShipmentLine.id, Serial.serial_number))
    out: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for line_id, lot, serial in rows:
        lots, serials = out[line_id]
        if lot not in lots:
            lots.append(lot)
        if serial:
            serials.append(serial)
    return out


def _money(value: Decimal, currency: str) -> str:
    return f"{value:,.2f} {currency}"


async def _header(session: AsyncSession, customer: Customer, vat: str | None,
                  conf: settings.FinanceSettings | None = None) -> list[str]:
    conf = conf or await settings.load(session)
    return [
        conf.company_name, conf.company_address, f"VAT number {conf.company_vat_number}", "",
        f"Bill to: {customer.name} ({customer.code})", customer.address or "",
        f"Customer VAT number: {vat or '-'}",
    ]


async def invoice_pdf(session: AsyncSession, invoice: Invoice,
                      lines: list[InvoiceLine] | None = None,
                      conf: settings.FinanceSettings | None = None) -> bytes:
    customer = await session.get_one(Customer, invoice.customer_id)
    if lines is None:
        lines = list(await session.scalars(select(InvoiceLine).where(
            InvoiceLine.invoice_id == invoice.id).order_by(InvoiceLine.line_number)))
    trace = await traceability(session, invoice.id)
    body = []
    for line in lines:
        lots, serials = trace.get(line.order_line_id or 0, ([], []))
        body.append(f"{line.line_number}. {line.description}: {line.quantity} x "
                    f"{line.unit_price:.2f} less {line.discount_percent}% = net "
                    f"{line.net_amount:.2f}, VAT {line.tax_rate * 100:.2f}% {line.tax_amount:.2f}")
        if lots:
            body.append("    Lots: " + ", ".join(lots))
        if serials:
            body.append("    Serials: " + ", ".join(serials))
    summary = [
        f"VAT {rate * 100:.2f}%: net {_money(net, invoice.currency)}, "
        f"VAT {_money(tax, invoice.currency)}" + (f" - {note}" if note else "")
        for rate, net, tax, note in tax_summary(
            [(li.tax_rate, li.net_amount, li.tax_amount, li.legal_note) for li in lines])
    ]
    header = await _header(session, customer, invoice.customer_vat_number, conf)
    header += [f"Ship-to country: {invoice.ship_to_country or '-'}",
               f"Invoice date {invoice.issued_on.isoformat()}, due {invoice.due_on.isoformat()}"
               f" (payment terms {customer.payment_terms_days} days)"]
    totals = [f"Subtotal {_money(invoice.subtotal, invoice.currency)}",
              f"VAT {_money(invoice.tax_total, invoice.currency)}",
              f"Total {_money(invoice.total, invoice.currency)}",
              f"Due on {invoice.due_on.isoformat()}"]
    return pdfs.render(f"Invoice {invoice.number}", header,
                       [("Lines", body), ("Tax summary", summary), ("Totals", totals)])


async def attach_invoice_pdf(session: AsyncSession, invoice: Invoice, *, actor: Actor,
                             lines: list[InvoiceLine] | None = None,
                             conf: settings.FinanceSettings | None = None) -> Document:
    return await store_document(
        session, actor=actor, kind=DocumentKind.INVOICE, title=f"Invoice {invoice.number}",
        file_name=f"{invoice.number}.pdf", content=await invoice_pdf(session, invoice, lines, conf),
        content_type=PDF, links=[("Invoice", invoice.id), ("SalesOrder", invoice.order_id)],
    )


async def attach_credit_note_pdf(session: AsyncSession, note: CreditNote, invoice: Invoice, *,
                                 actor: Actor) -> Document:
    customer = await session.get_one(Customer, note.customer_id)
    lines = list(await session.scalars(select(CreditNoteLine).where(
        CreditNoteLine.credit_note_id == note.id).order_by(CreditNoteLine.id)))
    body = [f"{line.description}: " + (f"{line.quantity} units, " if line.quantity else "")
            + f"net {line.net_amount:.2f}, VAT {line.tax_rate * 100:.2f}% {line.tax_amount:.2f}"
            for line in lines]
    header = await _header(session, customer, invoice.customer_vat_number)
    header += [f"Credit note date {note.issued_on.isoformat()}, on invoice {invoice.number}",
               f"Reason: {note.reason}"]
    totals = [f"Subtotal {_money(note.subtotal, invoice.currency)}",
              f"VAT {_money(note.tax_total, invoice.currency)}",
              f"Total {_money(note.total, invoice.currency)}"]
    content = pdfs.render(f"Credit note {note.number}", header,
                          [("Lines", body), ("Totals", totals)])
    return await store_document(
        session, actor=actor, kind=DocumentKind.CREDIT_NOTE, title=f"Credit note {note.number}",
        file_name=f"{note.number}.pdf", content=content, content_type=PDF,
        links=[("CreditNote", note.id), ("Invoice", invoice.id)],
    )
