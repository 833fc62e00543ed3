"""Ageing at any date, credit exposure and the customer statement."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from backend.db.models import BankStatementLine, Customer, InvoiceLine
from backend.domain.finance import (
    ageing,
    balances,
    bank,
    bank_matching,
    corrections,
    credit_notes,
    invoicing,
    payments,
    statements,
)
from backend.domain.finance.credit_notes import CreditRequest
from backend.domain.sales.credit import credit_position
from backend.enums import BankStatementFormat, InvoiceStatus
from backend.enums import StatementLineKind as K
from tests.support import builders
from tests.support.finance import Desk, Entry, camt053, customer

D = Decimal


async def test_ageing_puts_each_open_balance_in_its_bucket_on_any_date(sessionmaker, stock
                                                                      ) -> None:
    buyer = await customer(sessionmaker, terms_days=10)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 10)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        today = builders.today()
        expected = {0: "current", 11: "days1_to30", 45: "days31_to60", 75: "days61_to90",
                    101: "over90"}
        for days, bucket in expected.items():
            found = await ageing.ageing(s, today + timedelta(days=days), customer_id=buyer)
            [row] = found.rows
            assert getattr(row.buckets, bucket) == invoice.total, (days, row.buckets)
            assert row.buckets.total == invoice.total and row.oldest_due_on == invoice.due_on
        # Before the invoice there was nothing; a payment counts from its date on.
        assert (await ageing.ageing(s, today - timedelta(days=1), customer_id=buyer)).rows == []
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=invoice.total + D("20.00"), received_on=today,
                                      reference="overpaid")
        [row] = (await ageing.ageing(s, today, customer_id=buyer)).rows
        assert row.buckets.total == 0 and row.buckets.unapplied_credit == D("20.00")
        everyone = await ageing.ageing(s, today)
        assert everyone.total.total == sum((r.buckets.total for r in everyone.rows), D(0))
        assert buyer in {r.customer_id for r in everyone.rows}
        await s.rollback()


async def test_exposure_is_open_receivables_plus_approved_orders_not_invoiced(
    sessionmaker, stock
) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 4), (stock.other.id, 2)])
        await desk.ship(order, {1: 4})
        invoice = await desk.invoice(order)
        [line] = list(await s.scalars(select(InvoiceLine).where(
            InvoiceLine.invoice_id == invoice.id)))
        note = await credit_notes.issue_credit_note(
            s, actor=desk.finance, invoice_id=invoice.id, reason="Price reduction",
            lines=[CreditRequest(line.id, net_amount=D("10.00"))])
        position = await credit_position(s, await s.get_one(Customer, buyer))
        assert position.open_receivables == invoice.total - note.total
        assert position.uninvoiced_orders == order.total - invoice.total
        await s.rollback()


async def test_a_statement_runs_from_the_opening_to_the_closing_balance(sessionmaker, stock
                                                                       ) -> None:
    buyer = await customer(sessionmaker, terms_days=0)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 6)])
        await desk.ship(order, {1: 2})
        first = await desk.invoice(order)
        await desk.ship(order, {1: 4})
        second = await desk.invoice(order)
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=D("10.00"), received_on=builders.today(),
                                      reference="WIRE-77")
        today = builders.today()
        found = await statements.statement(s, buyer, today.replace(day=1), today)
        assert found.opening_balance == 0
        assert [(x.kind, x.reference) for x in found.lines] == [
            (K.INVOICE, first.number), (K.INVOICE, second.number), (K.PAYMENT, "WIRE-77")]
        assert found.lines[-1].balance == found.closing_balance
        assert found.closing_balance == await balances.receivable_balance(s, buyer)
        assert found.closing_balance == first.total + second.total - D("10.00")
        later = await statements.statement(s, buyer, today + timedelta(days=1),
                                           today + timedelta(days=5))
        assert later.opening_balance == found.closing_balance and later.lines == []
        assert later.overdue_amount == found.closing_balance  # due today, late tomorrow
        pdf = statements.statement_pdf(found, "Test", "T-1", "ERP Medical B.V.")
        assert pdf.startswith(b"%PDF") and b"Opening balance" in pdf
        assert b"Closing balance" in pdf
        await s.rollback()


async def test_ageing_on_a_past_date_counts_only_what_was_settled_by_then(sessionmaker, stock
                                                                         ) -> None:
    """A payment later reversed, a credit note, a payment and a write-off, all after the
    as-of date: ageing then shows what was open then; today nothing is."""
    buyer = await customer(sessionmaker, terms_days=10)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        today = builders.today()
        issued = (today.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=30)
        order = await desk.order(buyer, [(stock.product.id, 10)])
        await desk.ship(order)
        invoice = await invoicing.issue_invoice(s, actor=desk.finance, order_id=order.id,
                                                issued_on=issued)
        assert invoice.issued_on == issued and invoice.due_on == issued + timedelta(days=10)
        # Paid 20.00 the day after it was issued, through the bank; reversed today.
        imported = await bank.import_statement(
            s, actor=desk.finance, content=camt053([Entry("20.00", booked=issued + timedelta(
                days=1), reference=f"part {invoice.number}")], statement_id=f"AGE-{buyer}"),
            file_name="age.xml", format=BankStatementFormat.CAMT053)
        line = await s.scalar(select(BankStatementLine).where(
            BankStatementLine.statement_id == imported.statement.id))
        await bank_matching.match_line(s, actor=desk.finance, line_id=line.id,
                                       invoice_ids=[invoice.id])
        [invoice_line] = list(await s.scalars(select(InvoiceLine).where(
            InvoiceLine.invoice_id == invoice.id)))
        note = await credit_notes.issue_credit_note(
            s, actor=desk.finance, invoice_id=invoice.id, reason="Price reduction",
            lines=[CreditRequest(invoice_line.id, net_amount=D("10.00"))])
        await bank_matching.unmatch_line(s, actor=desk.finance, line_id=line.id,
                                         reason="Paid by another customer")
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=invoice.total - note.total - D("3.00"),
                                      received_on=today, reference="the rest")
        await corrections.write_off_invoice(s, actor=desk.finance, invoice_id=invoice.id,
                                            reason="Bank charges")
        assert invoice.status == InvoiceStatus.PAID

        def open_on(days_after_issue: int):  # type: ignore[no-untyped-def]
            return ageing.ageing(s, issued + timedelta(days=days_after_issue),
                                 customer_id=buyer)

        [row] = (await open_on(0)).rows
        assert row.buckets.current == invoice.total
        [row] = (await open_on(15)).rows  # 5 days late, 20.00 paid (reversed only today)
        assert row.buckets.days1_to30 == invoice.total - D("20.00") and row.buckets.total \
            == invoice.total - D("20.00")
        [row] = (await ageing.ageing(s, today - timedelta(days=1), customer_id=buyer)).rows
        assert row.buckets.total == invoice.total - D("20.00")
        assert (await ageing.ageing(s, today, customer_id=buyer)).rows == []
        await s.rollback()
