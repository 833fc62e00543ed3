"""Ageing at any date, credit exposure and the customer statement."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from backend.db.models import Customer, InvoiceLine
from backend.domain.finance import ageing, balances, credit_notes, payments, statements
from backend.domain.finance.credit_notes import CreditRequest
from backend.domain.sales.credit import credit_position
from backend.enums import StatementLineKind as K
from tests.support import builders
from tests.support.finance import Desk, customer

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
