"""Reading bank statements: ISO 20022 camt.053 XML and CSV exports with a column mapping.

camt.053 is parsed with defusedxml: a document that declares a DTD or entities is refused,
nothing is ever expanded or fetched. Everything unreadable is BANK_STATEMENT_INVALID.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from backend.domain.errors import DomainError, ErrorCode

MAX_BYTES = 10 * 1024 * 1024
MAX_LINES = 20_000
FILE = ("input", "file")
DATE_FORMATS = {"DD.MM.YYYY": "%d.%m.%Y", "YYYY-MM-DD": "%Y-%m-%d", "DD/MM/YYYY": "%d/%m/%Y",
                "MM/DD/YYYY": "%m/%d/%Y"}


@dataclass
class ParsedLine:
    booking_date: date
    amount: Decimal
    currency: str
    direction: str  # CREDIT or DEBIT
    value_date: date | None = None
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    remittance_information: str | None = None
    end_to_end_id: str | None = None
    bank_reference: str | None = None


@dataclass
class ParsedStatement:
    iban: str | None
    statement_id: str | None
    currency: str | None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    lines: list[ParsedLine] = field(default_factory=list)


def invalid(message: str, path: tuple[str, ...] = FILE) -> DomainError:
    return DomainError.single(ErrorCode.BANK_STATEMENT_INVALID, message, path)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node: Element | None, *path: str) -> Element | None:
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _children(node: Element, name: str) -> list[Element]:
    return [c for c in node if _local(c.tag) == name]


def _text(node: Element | None, *path: str) -> str | None:
    found = _child(node, *path)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _amount(text: str | None, what: str) -> Decimal:
    try:
        value = Decimal(text or "")
    except InvalidOperation:
        raise invalid(f"{what} is not an amount: {text!r}.") from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")) or value < 0:
        raise invalid(f"{what} is not an amount in cents: {text!r}.")
    return value


def _date(node: Element | None, what: str, required: bool = True) -> date | None:
    raw = _text(node, "Dt") or _text(node, "DtTm")
    if raw is None:
        if required:
            raise invalid(f"{what} has no date.")
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise invalid(f"{what} has no valid date: {raw!r}.") from None


def _balance(stmt: Element, code: str) -> Decimal | None:
    for bal in _children(stmt, "Bal"):
        if _text(bal, "Tp", "CdOrPrtry", "Cd") == code:
            value = _amount(_text(bal, "Amt"), f"Balance {code}")
            return -value if _text(bal, "CdtDbtInd") == "DBIT" else value
    return None


def _party(tx: Element | None, role: str) -> tuple[str | None, str | None]:
    parties = _child(tx, "RltdPties")
    name = _text(parties, role, "Nm") or _text(parties, role, "Pty", "Nm")
    iban = _text(parties, f"{role}Acct", "Id", "IBAN")
    return name, iban


def parse_camt053(content: bytes) -> ParsedStatement:
    if len(content) > MAX_BYTES:
        raise invalid("The file is larger than 10 MB.")
    try:
        root = SafeET.fromstring(content, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except DefusedXmlException:
        raise invalid("The file declares a DTD or entities; such files are refused.") from None
    except SafeET.ParseError as error:
        raise invalid(f"The file is not readable XML ({error}).") from None
    report = _child(root, "BkToCstmrStmt")
    if _local(root.tag) != "Document" or report is None:
        raise invalid("Not a camt.053 BankToCustomerStatement.")
    stmts = _children(report, "Stmt")
    if len(stmts) != 1:
        raise invalid("A file holds exactly one statement (Stmt).")
    stmt = stmts[0]
    parsed = ParsedStatement(
        iban=_text(stmt, "Acct", "Id", "IBAN"), statement_id=_text(stmt, "Id"),
        currency=_text(stmt, "Acct", "Ccy"),
        opening_balance=_balance(stmt, "OPBD"), closing_balance=_balance(stmt, "CLBD"),
    )
    if not parsed.iban or not parsed.statement_id:
        raise invalid("The statement names no account IBAN or no Id.")
    entries = _children(stmt, "Ntry")
    if len(entries) > MAX_LINES:
        raise invalid(f"A statement has at most {MAX_LINES} entries.")
    for n, entry in enumerate(entries, start=1):
        amt = _child(entry, "Amt")
        indicator = _text(entry, "CdtDbtInd")
        if amt is None or indicator not in ("CRDT", "DBIT"):
            raise invalid(f"Entry {n} has no amount or credit/debit indicator.")
        amount = _amount(amt.text, f"Entry {n}")
        if amount == 0:
            raise invalid(f"Entry {n} has a zero amount.")
        tx = _child(entry, "NtryDtls", "TxDtls")
        direction = "CREDIT" if indicator == "CRDT" else "DEBIT"
        name, iban = _party(tx, "Dbtr" if direction == "CREDIT" else "Cdtr")
        ustrd = [u.text.strip() for u in _children(_child(tx, "RmtInf") or Element("x"), "Ustrd")
                 if u.text and u.text.strip()]
        parsed.lines.append(ParsedLine(
            booking_date=_date(_child(entry, "BookgDt"), f"Entry {n}") or date.min,
            value_date=_date(_child(entry, "ValDt"), f"Entry {n}", required=False),
            amount=amount, currency=amt.get("Ccy") or parsed.currency or "EUR",
            direction=direction, counterparty_name=_cut(name, 200),
            counterparty_iban=_cut(iban, 34),
            remittance_information=" ".join(ustrd) or None,
            end_to_end_id=_cut(_text(tx, "Refs", "EndToEndId"), 64),
            bank_reference=_cut(_text(entry, "AcctSvcrRef") or _text(tx, "Refs", "AcctSvcrRef"),
                                64),
        ))
    return parsed


def _cut(text: str | None, length: int) -> str | None:
    return None if text is None else text[:length]


@dataclass(frozen=True)
class CsvMapping:
    date_format: str
    date_column: str
    amount_column: str
    delimiter: str = ","
    decimal_separator: str = "."
    reference_column: str | None = None
    counterparty_column: str | None = None
    counterparty_iban_column: str | None = None


def check_mapping(mapping: CsvMapping) -> None:
    path = ("input", "csvMapping")
    if mapping.date_format not in DATE_FORMATS:
        raise DomainError.single(ErrorCode.INVALID, "dateFormat is one of "
                                 + ", ".join(DATE_FORMATS) + ".", (*path, "dateFormat"))
    if len(mapping.delimiter) != 1:
        raise DomainError.single(ErrorCode.INVALID, "The delimiter is one character.",
                                 (*path, "delimiter"))
    if mapping.decimal_separator not in (".", ","):
        raise DomainError.single(ErrorCode.INVALID, "decimalSeparator is \".\" or \",\".",
                                 (*path, "decimalSeparator"))


def _csv_amount(raw: str, separator: str, row: int) -> Decimal:
    thousands = "," if separator == "." else "."
    text = raw.strip().replace(" ", "").replace(thousands, "").replace(separator, ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", text):
        raise invalid(f"Row {row}: {raw!r} is not an amount in cents.")
    return Decimal(text)


def parse_csv(content: bytes, mapping: CsvMapping, currency: str) -> ParsedStatement:
    if len(content) > MAX_BYTES:
        raise invalid("The file is larger than 10 MB.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    reader = csv.DictReader(io.StringIO(text), delimiter=mapping.delimiter)
    header = reader.fieldnames or []
    named = [mapping.date_column, mapping.amount_column, mapping.reference_column,
             mapping.counterparty_column, mapping.counterparty_iban_column]
    unknown = [c for c in named if c is not None and c not in header]
    if unknown:
        raise invalid("Columns not in the file: " + ", ".join(unknown) + ".")
    parsed = ParsedStatement(iban=None, statement_id=None, currency=currency)
    fmt = DATE_FORMATS[mapping.date_format]
    try:
        rows: list[dict[str, Any]] = list(reader)
    except csv.Error as error:
        raise invalid(f"The file is not readable CSV ({error}).") from None
    if not rows:
        raise invalid("The file has no rows.")
    if len(rows) > MAX_LINES:
        raise invalid(f"A statement has at most {MAX_LINES} rows.")
    for n, row in enumerate(rows, start=2):
        if None in row:
            raise invalid(f"Row {n} has more cells than the header.")
        try:
            booked = datetime.strptime(  # noqa: DTZ007 - a calendar date, no time of day
                (row[mapping.date_column] or "").strip(), fmt).date()
        except ValueError:
            raise invalid(f"Row {n}: {row[mapping.date_column]!r} is not "
                          f"{mapping.date_format}.") from None
        amount = _csv_amount(row[mapping.amount_column] or "", mapping.decimal_separator, n)
        if amount == 0:
            raise invalid(f"Row {n} has a zero amount.")

        def cell(column: str | None, length: int, row: dict[str, Any] = row) -> str | None:
            value = (row.get(column) or "").strip() if column else ""
            return value[:length] or None

        parsed.lines.append(ParsedLine(
            booking_date=booked, amount=abs(amount), currency=currency,
            direction="DEBIT" if amount < 0 else "CREDIT",
            remittance_information=cell(mapping.reference_column, 2000),
            counterparty_name=cell(mapping.counterparty_column, 200),
            counterparty_iban=cell(mapping.counterparty_iban_column, 34),
        ))
    return parsed
