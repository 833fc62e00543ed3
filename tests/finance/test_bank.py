"""Bank reconciliation with real camt.053 (ISO 20022) statements and a CSV export."""

import secrets
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from backend.db.models import BankStatementLine, JournalEntry, JournalLine, Payment
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import balances, bank, bank_matching
from backend.domain.finance.bank_files import CsvMapping
from backend.enums import BankStatementFormat as F
from backend.enums import BankStatementLineStatus as St
from backend.enums import InvoiceStatus
from backend.seed.invariants import check_invariants
from tests.support.finance import Desk, Entry, camt053, customer

D = Decimal


def sid() -> str:
    return "STMT-" + secrets.token_hex(4).upper()


async def refused(code: ErrorCode, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        await call
    assert caught.value.problems[0].code == code, caught.value.problems


async def test_a_camt053_statement_is_matched_proposed_and_listed(sessionmaker, stock) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        invoices = []
        for quantity in (1, 2, 3):
            order = await desk.order(buyer, [(stock.product.id, quantity), (stock.other.id, 7)])
            await desk.ship(order)
            invoices.append(await desk.invoice(order))
        exact, short, other = invoices
        content = camt053([
            Entry(f"{exact.total}", reference=f"Payment {exact.number} thank you"),
            Entry("10.00", reference=f"part of {short.number}"),
            Entry("98765.43", reference="no idea what this is"),
            Entry("4.50", credit=False, reference="Account fee November", debtor="ABN AMRO"),
        ], statement_id=(statement_id := sid()))
        result = await bank.import_statement(s, actor=desk.finance, content=content,
                                             file_name="stmt.xml", format=F.CAMT053)
        assert not result.already_imported
        lines = list(await s.scalars(select(BankStatementLine).where(
            BankStatementLine.statement_id == result.statement.id)
            .order_by(BankStatementLine.line_number)))
        assert [line.status for line in lines] == [St.MATCHED, St.PROPOSED, St.UNMATCHED,
                                                   St.UNMATCHED]
        assert exact.status == InvoiceStatus.PAID
        assert lines[1].proposals == [{"invoice_id": short.id,
                                       "reason": "invoice number in the reference"}]
        assert lines[0].counterparty_iban == "NL20INGB0001234567"
        payment = await s.get_one(Payment, lines[0].payment_id)
        assert payment.received_on == lines[0].booking_date
        posted = {(p.account_code, p.debit, p.credit) for p in await s.scalars(
            select(JournalLine).where(JournalLine.entry_id == lines[0].journal_entry_id))}
        assert posted == {("1100", exact.total, 0), ("1200", 0, exact.total)}

        # The same statement again: the first import, nothing posted.
        entries = await s.scalar(select(func.count()).select_from(JournalEntry))
        again = await bank.import_statement(s, actor=desk.finance, content=content,
                                            file_name="again.xml", format=F.CAMT053)
        assert again.already_imported and again.statement.id == result.statement.id
        assert await s.scalar(select(func.count()).select_from(JournalEntry)) == entries

        # Manual match: the 10.00 part-pays `short`; then several invoices at once.
        await bank_matching.match_line(s, actor=desk.finance, line_id=lines[1].id,
                                       invoice_ids=[short.id])
        assert short.status == InvoiceStatus.PARTIALLY_PAID and short.amount_paid == D("10.00")
        await refused(ErrorCode.INVALID_TRANSITION, bank_matching.match_line(
            s, actor=desk.finance, line_id=lines[1].id, invoice_ids=[other.id]))
        # Unmatch reverses the payment; the invoice is open again.
        await bank_matching.unmatch_line(s, actor=desk.finance, line_id=lines[1].id,
                                         reason="Wrong customer")
        assert lines[1].status == St.UNMATCHED and short.amount_paid == 0
        assert short.status == InvoiceStatus.OPEN
        # The fee goes to 6800.
        await bank_matching.post_line(s, actor=desk.finance, line_id=lines[3].id,
                                      account_code="6800", memo="Bank charges November")
        assert lines[3].status == St.POSTED
        posted = {(p.account_code, p.debit, p.credit) for p in await s.scalars(
            select(JournalLine).where(JournalLine.entry_id == lines[3].journal_entry_id))}
        assert posted == {("6800", D("4.50"), 0), ("1100", 0, D("4.50"))}
        # The big credit pays `short` and `other`; the rest stays on the customer.
        await bank_matching.match_line(s, actor=desk.finance, line_id=lines[2].id,
                                       invoice_ids=[other.id, short.id])
        assert short.status == other.status == InvoiceStatus.PAID
        assert await balances.credit_balance(s, buyer) == D("98765.43") - short.total - other.total
        assert await check_invariants(s) == []
        assert statement_id
        await s.rollback()


@pytest.mark.parametrize("content", [
    b"",
    b"not xml at all",
    b"<?xml version='1.0'?><Document><BkToCstmrStmt><Stmt><Id>1</Id>",
    b"""<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY x "y">]>
<Document><BkToCstmrStmt><Stmt><Id>&x;</Id></Stmt></BkToCstmrStmt></Document>""",
    b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>""",
    camt053([Entry("1.00")], statement_id="FOREIGN-1", iban="DE89370400440532013000"),
    camt053([Entry("1.005")], statement_id="ODD-1"),
], ids=["empty", "text", "truncated", "entity", "external-entity", "foreign", "not-cents"])
async def test_unreadable_unsafe_or_foreign_statements_are_refused(sessionmaker, demo_data,
                                                                   content) -> None:
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        await refused(ErrorCode.BANK_STATEMENT_INVALID, bank.import_statement(
            s, actor=desk.finance, content=content, file_name="x.xml", format=F.CAMT053))
        await s.rollback()


async def test_a_csv_export_is_read_with_its_mapping(sessionmaker, stock) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 11)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        amount = f"{invoice.total:.2f}".replace(".", ",")
        content = (
            "Buchungstag;Betrag;Verwendungszweck;Auftraggeber;IBAN\n"
            f"01.12.2026;{amount};RE {invoice.number};Klinik;DE02100100100006820101\n"
            f"01.12.2026;-1.234,50;Miete;Vermieter;DE02100100100006820102\n"
            f"02.12.2026;{secrets.randbelow(900) + 100},77;ohne Bezug;Jemand;\n"
        ).encode("cp1252")
        mapping = CsvMapping(date_format="DD.MM.YYYY", date_column="Buchungstag",
                             amount_column="Betrag", delimiter=";", decimal_separator=",",
                             reference_column="Verwendungszweck",
                             counterparty_column="Auftraggeber", counterparty_iban_column="IBAN")
        await refused(ErrorCode.INVALID, bank.import_statement(
            s, actor=desk.finance, content=content, file_name="x.csv", format=F.CSV,
            csv_mapping=mapping))
        result = await bank.import_statement(s, actor=desk.finance, content=content,
                                             file_name="umsatz.csv", format=F.CSV,
                                             bank_account_id=desk.bank.id, csv_mapping=mapping)
        lines = list(await s.scalars(select(BankStatementLine).where(
            BankStatementLine.statement_id == result.statement.id)
            .order_by(BankStatementLine.line_number)))
        assert [(li.direction, li.amount) for li in lines[:2]] == [
            ("CREDIT", invoice.total), ("DEBIT", D("1234.50"))]
        assert lines[0].status == St.MATCHED and invoice.status == InvoiceStatus.PAID
        again = await bank.import_statement(s, actor=desk.finance, content=content,
                                            file_name="umsatz (1).csv", format=F.CSV,
                                            bank_account_id=desk.bank.id, csv_mapping=mapping)
        assert again.already_imported
        wrong = CsvMapping(date_format="DD.MM.YYYY", date_column="Datum",
                           amount_column="Betrag", delimiter=";")
        await refused(ErrorCode.BANK_STATEMENT_INVALID, bank.import_statement(
            s, actor=desk.finance, content=content, file_name="x.csv", format=F.CSV,
            bank_account_id=desk.bank.id, csv_mapping=wrong))
        await s.rollback()
