"""Importing a bank statement and matching its credits to open invoices.

A credit naming one open invoice (or several) for exactly their open balance is MATCHED and
its payment posted on the booking date (Dr the bank's account / Cr 1200); a reference or an
amount alone is PROPOSED; else UNMATCHED. The same statement again (Stmt/Id and account; for
CSV the same file) returns the first import and posts nothing.
"""

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import BankAccount, BankStatement, BankStatementLine, Invoice
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import bank_files, payments
from backend.domain.finance.bank_files import CsvMapping, ParsedLine, invalid
from backend.domain.finance.invoice_state import OPEN
from backend.domain.trust import audit
from backend.enums import AuditAction, BankStatementFormat, BankStatementLineStatus

INVOICE_NUMBER = re.compile(r"INV-\d{4}-\d{6}", re.IGNORECASE)
MAX_PROPOSALS = 5


@dataclass(frozen=True)
class ImportResult:
    statement: BankStatement
    already_imported: bool


@dataclass(frozen=True)
class OpenInvoice:
    id: int
    number: str
    customer_id: int
    balance: Decimal


class OpenInvoices:
    """The open invoices, read once per import: by number and by open balance."""

    def __init__(self, rows: list[OpenInvoice]) -> None:
        self.by_number = {r.number.upper(): r for r in rows}
        self.by_balance: dict[Decimal, list[OpenInvoice]] = {}
        for r in rows:
            self.by_balance.setdefault(r.balance, []).append(r)

    def settle(self, invoice: OpenInvoice) -> None:
        self.by_number.pop(invoice.number.upper(), None)
        same = self.by_balance.get(invoice.balance, [])
        if invoice in same:
            same.remove(invoice)


async def open_invoices(session: AsyncSession) -> OpenInvoices:
    balance = (Invoice.total - Invoice.amount_paid - Invoice.credited_amount
               - Invoice.written_off_amount)
    rows = await session.execute(
        select(Invoice.id, Invoice.number, Invoice.customer_id, balance)
        .where(Invoice.status.in_(OPEN)).order_by(Invoice.issued_on, Invoice.id))
    return OpenInvoices([OpenInvoice(r[0], r[1], r[2], r[3]) for r in rows])


def referenced(line: ParsedLine | BankStatementLine) -> list[str]:
    text = " ".join(filter(None, [line.remittance_information, line.end_to_end_id]))
    return list(dict.fromkeys(m.upper() for m in INVOICE_NUMBER.findall(text)))


async def _account(session: AsyncSession, format: BankStatementFormat,
                   parsed_iban: str | None, bank_account_id: int | None) -> BankAccount:
    if format == BankStatementFormat.CSV:
        if bank_account_id is None:
            raise DomainError.single(ErrorCode.INVALID, "Name the bank account of a CSV file.",
                                     ("input", "bankAccountId"))
        account = await session.get(BankAccount, bank_account_id)
        if account is None:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such bank account.",
                                     ("input", "bankAccountId"))
        return account
    iban = (parsed_iban or "").replace(" ", "").upper()
    account = await session.scalar(select(BankAccount).where(BankAccount.iban == iban))
    if account is None or (bank_account_id is not None and account.id != bank_account_id):
        raise invalid(f"The statement is for {iban}, not one of the company's bank accounts.")
    return account


async def import_statement(
    session: AsyncSession, *, actor: Actor, content: bytes, file_name: str,
    format: BankStatementFormat, bank_account_id: int | None = None,
    csv_mapping: CsvMapping | None = None,
) -> ImportResult:
    sha256 = hashlib.sha256(content).hexdigest()
    if format == BankStatementFormat.CAMT053:
        parsed = bank_files.parse_camt053(content)
        account = await _account(session, format, parsed.iban, bank_account_id)
        if parsed.currency and parsed.currency != account.currency:
            raise invalid(f"The statement is in {parsed.currency}, the account in "
                          f"{account.currency}.")
        first = await session.scalar(select(BankStatement).where(
            BankStatement.bank_account_id == account.id,
            BankStatement.bank_statement_id == parsed.statement_id))
    else:
        if csv_mapping is None:
            raise DomainError.single(ErrorCode.INVALID, "A CSV file needs a column mapping.",
                                     ("input", "csvMapping"))
        bank_files.check_mapping(csv_mapping)
        account = await _account(session, format, None, bank_account_id)
        parsed = bank_files.parse_csv(content, csv_mapping, account.currency)
        first = await session.scalar(select(BankStatement).where(
            BankStatement.bank_account_id == account.id, BankStatement.sha256 == sha256,
            BankStatement.format == BankStatementFormat.CSV))
    if first is not None:
        return ImportResult(first, True)
    statement = BankStatement(
        bank_account_id=account.id, format=format, bank_statement_id=parsed.statement_id,
        file_name=(file_name or "statement")[:200], sha256=sha256, imported_by_id=actor.user_id,
        opening_balance=parsed.opening_balance, closing_balance=parsed.closing_balance,
    )
    session.add(statement)
    await session.flush()
    lines = [BankStatementLine(
        statement_id=statement.id, line_number=n, booking_date=p.booking_date,
        value_date=p.value_date, amount=p.amount, currency=p.currency, direction=p.direction,
        counterparty_name=p.counterparty_name, counterparty_iban=p.counterparty_iban,
        remittance_information=p.remittance_information, end_to_end_id=p.end_to_end_id,
        bank_reference=p.bank_reference, status=BankStatementLineStatus.UNMATCHED, proposals=[],
    ) for n, p in enumerate(parsed.lines, start=1)]
    session.add_all(lines)
    await session.flush()
    invoices = await open_invoices(session)
    counts = {s: 0 for s in BankStatementLineStatus}
    for line in lines:
        await auto_match(session, line, account, invoices, actor=actor)
        counts[BankStatementLineStatus(line.status)] += 1
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.BANK_STATEMENT_IMPORTED,
        entity_type="BankStatement", entity_id=statement.id,
        changes=audit.created(file_name=statement.file_name, sha256=sha256,
                              bank_statement_id=parsed.statement_id, lines=len(lines),
                              **{s.value.lower(): n for s, n in counts.items()}),
    )
    return ImportResult(statement, False)


async def auto_match(session: AsyncSession, line: BankStatementLine, account: BankAccount,
                     invoices: OpenInvoices, *, actor: Actor) -> None:
    if line.direction != "CREDIT":
        return
    named = [invoices.by_number[n] for n in referenced(line) if n in invoices.by_number]
    customers = {i.customer_id for i in named}
    if named and len(customers) == 1 and sum(i.balance for i in named) == line.amount:
        try:
            async with session.begin_nested():  # a refusal (closed month) leaves it proposed
                await post_payment(session, line, account, named[0].customer_id,
                                   [i.id for i in named],
                                   reference=", ".join(i.number for i in named), actor=actor)
        except DomainError:
            line.status = BankStatementLineStatus.UNMATCHED
        else:
            for invoice in named:
                invoices.settle(invoice)
            return
    if named:
        line.proposals = [{"invoice_id": i.id, "reason": "invoice number in the reference"}
                          for i in named]
    else:
        same = invoices.by_balance.get(line.amount, [])[:MAX_PROPOSALS]
        line.proposals = [{"invoice_id": i.id, "reason": "amount equals the open balance"}
                          for i in same]
    line.status = (BankStatementLineStatus.PROPOSED if line.proposals
                   else BankStatementLineStatus.UNMATCHED)


async def post_payment(session: AsyncSession, line: BankStatementLine, account: BankAccount,
                       customer_id: int, invoice_ids: list[int], *, reference: str,
                       actor: Actor) -> None:
    bank_ref = line.bank_reference or line.end_to_end_id or f"line {line.line_number}"
    result = await payments.record_payment(
        session, actor=actor, customer_id=customer_id, amount=line.amount,
        received_on=line.booking_date, reference=f"{bank_ref} {reference}".strip()[:100],
        invoice_ids=invoice_ids, cash_account=account.ledger_account,
        bank_statement_line_id=line.id,
    )
    line.status = BankStatementLineStatus.MATCHED
    line.payment_id = result.payment.id
    line.journal_entry_id = result.payment.journal_entry_id
    line.proposals = []
    await session.flush()
