"""Invoice per delivery: partial invoices that add up to the order to the cent."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from backend.db.models import Document, DocumentBlob, DocumentLink, InvoiceLine, JournalLine
from backend.domain.errors import DomainError, ErrorCode
from backend.enums import DocumentKind, InvoiceStatus, InvoicingPolicy, OrderStatus
from backend.seed.invariants import check_invariants
from tests.support.finance import Desk, customer

D = Decimal


async def refused(code: ErrorCode, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        await call
    assert caught.value.problems[0].code == code, caught.value.problems


async def test_each_delivery_is_invoiced_and_the_invoices_add_up_to_the_order(
    sessionmaker, stock
) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        # 7 and 3 units at 10.01 (21 %): thirds of a line round, the last invoice takes the rest.
        order = await desk.order(buyer, [(stock.product.id, 7), (stock.other.id, 3)])
        first = await desk.ship(order, {1: 4, 2: 1})
        invoice1 = await desk.invoice(order)
        assert order.status == OrderStatus.PARTIALLY_SHIPPED
        lines = {li.quantity: li for li in await s.scalars(
            select(InvoiceLine).where(InvoiceLine.invoice_id == invoice1.id))}
        assert set(lines) == {4, 1}
        assert lines[4].net_amount == D("40.04") and lines[4].tax_amount == D("8.41")
        assert invoice1.total == D("40.04") + D("8.41") + D("33.33") + D("7.00")

        # Undelivered: nothing is invoiceable yet.
        second = await desk.ship(order, {1: 3, 2: 2}, deliver=False)
        await refused(ErrorCode.INVALID_TRANSITION, desk.invoice(order))
        await refused(ErrorCode.NOTHING_TO_INVOICE, desk.invoice(order, [first]))
        from backend.domain.fulfilment import shipping

        await shipping.confirm_delivery(s, actor=desk.sales, shipment_id=second.id)
        invoice2 = await desk.invoice(order, [second])
        assert invoice1.total + invoice2.total == order.total
        assert invoice1.subtotal + invoice2.subtotal == order.subtotal
        assert invoice1.tax_total + invoice2.tax_total == order.tax_total
        assert order.status == OrderStatus.INVOICED
        assert invoice1.number != invoice2.number
        await refused(ErrorCode.NOTHING_TO_INVOICE, desk.invoice(order))

        # Dr 1200 = Cr 4000 + Cr 2200 for each invoice; the books hold.
        posted = list(await s.scalars(select(JournalLine).where(
            JournalLine.entry_id == invoice2.journal_entry_id)))
        assert {(p.account_code, p.debit, p.credit) for p in posted} == {
            ("1200", invoice2.total, 0), ("4000", 0, invoice2.subtotal),
            ("2200", 0, invoice2.tax_total)}
        assert await check_invariants(s) == []
        await s.rollback()


async def test_per_order_invoices_once_when_everything_is_delivered(sessionmaker, stock) -> None:
    buyer = await customer(sessionmaker, policy=InvoicingPolicy.PER_ORDER)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 5)])
        await desk.ship(order, {1: 2})
        await refused(ErrorCode.INVALID_TRANSITION, desk.invoice(order))
        await desk.ship(order, {1: 3})
        invoice = await desk.invoice(order)
        assert invoice.policy == InvoicingPolicy.PER_ORDER
        assert invoice.total == order.total and order.status == OrderStatus.INVOICED
        lines = list(await s.scalars(select(InvoiceLine).where(
            InvoiceLine.invoice_id == invoice.id)))
        assert [li.quantity for li in lines] == [5]
        await s.rollback()


async def test_the_invoice_pdf_names_both_parties_lots_rates_and_terms(sessionmaker, stock
                                                                       ) -> None:
    buyer = await customer(sessionmaker, terms_days=45)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 2)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        assert invoice.status == InvoiceStatus.OPEN
        content = await s.scalar(
            select(DocumentBlob.data).join(Document, Document.sha256 == DocumentBlob.sha256)
            .join(DocumentLink, DocumentLink.document_id == Document.id)
            .where(DocumentLink.node_type == "Invoice", DocumentLink.node_id == invoice.id,
                   Document.kind == DocumentKind.INVOICE))
        assert content is not None and content.startswith(b"%PDF")
        text = content.decode("latin-1")
        for words in (f"Invoice {invoice.number}", "VAT number", "Bill to:", "Lots: L-",
                      "Tax summary", "VAT 21.00%", "payment terms 45 days",
                      f"Due on {invoice.due_on.isoformat()}"):
            assert words in text, words
        await s.rollback()
