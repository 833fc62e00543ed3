"""Closed months refuse postings; the ledger exports as CSV and as DATEV Buchungsstapel."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from backend.db.models import DocumentBlob
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import gl_export, payments, periods
from backend.enums import AccountingPeriodStatus, LedgerExportFormat
from tests.support import builders
from tests.support.finance import Desk, customer

D = Decimal


async def refused(code: ErrorCode, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        await call
    assert caught.value.problems[0].code == code, caught.value.problems


async def test_a_closed_month_refuses_postings_until_reopened_with_a_reason(
    sessionmaker, demo_data
) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        today = builders.today()
        demo_closed = today.replace(day=1) - timedelta(days=1)  # the demo closed last month
        assert (await periods.year_periods(s, demo_closed.year))[demo_closed.month - 1].status \
            == AccountingPeriodStatus.CLOSED
        last = demo_closed.replace(day=1) - timedelta(days=1)
        await refused(ErrorCode.INVALID, periods.close_period(
            s, actor=desk.finance, year=today.year, month=today.month))
        await refused(ErrorCode.INVALID, periods.close_period(
            s, actor=desk.finance, year=today.year, month=13))
        closed = await periods.close_period(s, actor=desk.finance, year=last.year,
                                            month=last.month)
        assert closed.status == AccountingPeriodStatus.CLOSED and closed.ends_on == last
        await refused(ErrorCode.INVALID_TRANSITION, periods.close_period(
            s, actor=desk.finance, year=last.year, month=last.month))
        pay = payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=D("1.00"), received_on=last, reference="late")
        await refused(ErrorCode.PERIOD_CLOSED, pay)
        await refused(ErrorCode.INVALID, periods.reopen_period(
            s, actor=desk.finance, year=last.year, month=last.month, reason=" "))
        await periods.reopen_period(s, actor=desk.finance, year=last.year, month=last.month,
                                    reason="Bank statement of the month end came late")
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=D("1.00"), received_on=last, reference="late")
        months = await periods.year_periods(s, last.year)
        assert len(months) == 12 and months[last.month - 1].status == AccountingPeriodStatus.OPEN
        await s.rollback()


async def test_the_ledger_exports_as_csv_and_datev(sessionmaker, stock) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 3)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        today = builders.today()
        await refused(ErrorCode.INVALID, gl_export.export_ledger(
            s, actor=desk.finance, from_=today, to=today - timedelta(days=1),
            format=LedgerExportFormat.CSV))
        result = await gl_export.export_ledger(s, actor=desk.finance, from_=today, to=today,
                                               format=LedgerExportFormat.CSV)
        assert result.debit_total == result.credit_total > 0
        content = await s.scalar(select(DocumentBlob.data).where(
            DocumentBlob.sha256 == result.document.sha256))
        rows = list(csv.DictReader(io.StringIO(content.decode())))
        assert list(rows[0]) == ["date", "entry", "reference", "memo", "account",
                                 "account_name", "debit", "credit"]
        mine = [r for r in rows if r["reference"] == invoice.number]
        assert {(r["account"], r["debit"], r["credit"]) for r in mine} == {
            ("1200", f"{invoice.total:.2f}", "0.00"), ("4000", "0.00", f"{invoice.subtotal:.2f}"),
            ("2200", "0.00", f"{invoice.tax_total:.2f}")}
        assert all(date.fromisoformat(r["date"]) == today for r in rows)

        datev = await gl_export.export_ledger(s, actor=desk.finance, from_=today, to=today,
                                              format=LedgerExportFormat.DATEV)
        text = (await s.scalar(select(DocumentBlob.data).where(
            DocumentBlob.sha256 == datev.document.sha256))).decode("cp1252")
        head, columns, *body = text.strip("\r\n").split("\r\n")
        assert head.startswith('"EXTF";700;21;"Buchungsstapel"')
        assert columns.split(";")[:2] == ["Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen"]
        assert "Belegfeld 1" in columns.split(";")
        at = columns.split(";").index("Belegfeld 1")
        mine = [row.split(";") for row in body if row.split(";")[at] == f'"{invoice.number}"']
        # Dr 1200 against Cr 4000 and Cr 2200, amounts with a decimal comma.
        assert {(r[0], r[6], r[7]) for r in mine} == {
            (f"{invoice.subtotal:.2f}".replace(".", ","), "1200", "4000"),
            (f"{invoice.tax_total:.2f}".replace(".", ","), "1200", "2200")}
        assert all(r[9] == today.strftime("%d%m") for r in mine)
        await s.rollback()
