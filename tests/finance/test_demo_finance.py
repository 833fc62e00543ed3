"""The finance desk of a fresh install: what a clerk opening
Invoices, Receivables, Bank reconciliation and Settings sees before doing anything."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.embedded import to_async_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.db.models import (
    BankStatementLine,
    CreditNote,
    Customer,
    CustomerRefund,
    Invoice,
    SalesOrder,
    Shipment,
)
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import ageing, balances, periods, statements
from backend.domain.finance.ageing import BUCKETS
from backend.domain.finance.invoice_state import balance
from backend.domain.finance.invoicing import live_invoice_of
from backend.enums import (
    AccountingPeriodStatus,
    BankStatementLineStatus,
    InvoiceStatus,
    OrderStatus,
    ShipmentStatus,
)
from backend.seed.invariants import check_invariants
from tests.support.database import fresh_database

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture(scope="module")
async def demo(postgres_url: str) -> AsyncIterator[Sessions]:
    """A fresh install of its own, untouched by the other tests."""
    async with fresh_database(postgres_url, "erp_demo_finance", demo=True) as url:
        engine = create_engine(to_async_url(url), pool_size=2)
        try:
            yield create_sessionmaker(engine)
        finally:
            await engine.dispose()


def today():  # type: ignore[no-untyped-def]
    return datetime.now(UTC).date()


async def _invoices_of(s: AsyncSession, reference: str) -> list[Invoice]:
    return list(await s.scalars(
        select(Invoice).join(SalesOrder, SalesOrder.id == Invoice.order_id)
        .where(SalesOrder.customer_reference == reference).order_by(Invoice.id)))


async def test_receivables_show_an_amount_in_every_ageing_bucket(demo: Sessions) -> None:
    async with demo() as s:
        report = await ageing.ageing(s, today())
        codes = dict((await s.execute(select(Customer.id, Customer.code))).all())
    for bucket in BUCKETS:
        assert getattr(report.total, bucket) > 0, bucket
    assert report.total.unapplied_credit > 0
    by_code = {codes[r.customer_id]: r.buckets for r in report.rows}
    assert by_code["CLIN-MAD"].over90 > 0
    assert by_code["HOSP-BER"].days61_to90 > 0
    assert by_code["HOSP-MRS"].days31_to60 > 0
    assert by_code["DIST-B"].days1_to30 > 0
    assert by_code["DIST-A"].current > 0 and by_code["DIST-A"].unapplied_credit > 0


async def test_the_statement_opens_on_the_closed_month(demo: Sessions) -> None:
    first = today().replace(day=1)
    last_month = first - timedelta(days=1)
    async with demo() as s:
        dist_a = await s.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
        shown = await statements.statement(s, dist_a, *statements.month_to_date(today()))
        year = await periods.year_periods(s, last_month.year)
        with pytest.raises(DomainError) as refused:
            await periods.ensure_open(s, last_month)
    assert shown.opening_balance > 0 and shown.lines
    assert {line.kind.value for line in shown.lines} >= {"CREDIT_NOTE", "REFUND"}
    closed = next(p for p in year if p.month == last_month.month)
    assert closed.status == AccountingPeriodStatus.CLOSED
    assert refused.value.problems[0].code == ErrorCode.PERIOD_CLOSED
    assert all(p.status == AccountingPeriodStatus.OPEN for p in year if p.month != closed.month)


async def test_an_imported_statement_has_lines_in_every_status(demo: Sessions) -> None:
    async with demo() as s:
        rows = (await s.execute(select(BankStatementLine.status,
                                       BankStatementLine.remittance_information))).all()
    by_status = {status: text for status, text in rows}
    assert set(by_status) == set(BankStatementLineStatus)
    assert by_status[BankStatementLineStatus.MATCHED].startswith("Invoice INV-")
    assert by_status[BankStatementLineStatus.POSTED] == "Account maintenance fee"


async def test_a_void_was_re_issued_under_a_new_number_and_its_rest_written_off(
    demo: Sessions
) -> None:
    async with demo() as s:
        void, reissued = await _invoices_of(s, "KS-EK-7781")
        order = await s.get_one(SalesOrder, void.order_id)
    assert void.status == InvoiceStatus.VOID and void.void_reason
    assert reissued.number != void.number and reissued.total == void.total
    assert reissued.status == InvoiceStatus.PAID
    assert reissued.written_off_amount == Decimal("3.40")
    assert order.status == OrderStatus.CLOSED


async def test_credit_notes_and_a_refund(demo: Sessions) -> None:
    async with demo() as s:
        notes = list(await s.scalars(select(CreditNote)))
        refunds = list(await s.scalars(select(CustomerRefund)))
        (open_b,) = await _invoices_of(s, "AMV-B-2291")
        (paid_a,) = await _invoices_of(s, "NM-PO-44120")
    assert len(notes) >= 2 and [r.amount for r in refunds] == [Decimal("250.00")]
    assert open_b.credited_amount > 0 and open_b.status != InvoiceStatus.PAID
    on_paid = [n for n in notes if n.invoice_id == paid_a.id]
    assert paid_a.status == InvoiceStatus.PAID and balance(paid_a) == 0
    assert [(n.total, n.applied_to_invoice) for n in on_paid] == [(Decimal("436.00"), 0)]  # 400.00 at 9 %


async def test_one_order_is_partly_invoiced(demo: Sessions) -> None:
    async with demo() as s:
        (invoice,) = await _invoices_of(s, "NM-PO-44610")
        order = await s.get_one(SalesOrder, invoice.order_id)
        waiting = list(await s.scalars(select(Shipment.number).where(
            Shipment.order_id == order.id, Shipment.status == ShipmentStatus.DELIVERED,
            ~live_invoice_of(Shipment.id))))
        assert await check_invariants(s) == []
        invoiced = await s.scalar(select(func.count()).select_from(Invoice).where(
            Invoice.status != InvoiceStatus.VOID))
    assert order.status == OrderStatus.DELIVERED and len(waiting) == 1
    assert invoice.status == InvoiceStatus.PAID  # matched by the bank statement
    assert invoiced and invoiced >= 8


async def test_a_statement_lists_the_void_the_re_issue_the_payment_and_the_write_off(
    demo: Sessions
) -> None:
    async with demo() as s:
        hosp = await s.scalar(select(Customer.id).where(Customer.code == "HOSP-BER"))
        shown = await statements.statement(s, hosp, *statements.month_to_date(today()))
        owed = await balances.receivable_balance(s, hosp)
        void, reissued = await _invoices_of(s, "KS-EK-7781")
    kinds = {line.kind.value: line.reference for line in shown.lines}
    assert len(shown.lines) == 4 and kinds == {
        "INVOICE_VOID": void.number, "INVOICE": reissued.number, "PAYMENT": kinds["PAYMENT"],
        "WRITE_OFF": reissued.number}
    running = shown.opening_balance
    for line in shown.lines:
        running += line.debit - line.credit
        assert line.balance == running
    assert shown.opening_balance > void.total  # the void invoice was open at the month's start
    assert shown.closing_balance == running == owed == shown.opening_balance - void.total
    assert shown.overdue_amount == owed  # its 61-90 days invoice


async def test_invoice_numbers_rise_with_their_dates(demo: Sessions) -> None:
    async with demo() as s:
        issued = (await s.execute(select(Invoice.number, Invoice.issued_on)
                                  .order_by(Invoice.number))).all()
    assert len(issued) >= 9
    assert [on for _, on in issued] == sorted(on for _, on in issued), issued
