"""The general-ledger export: CSV, or DATEV Buchungsstapel (EXTF 700, category 21) for the
German site's tax adviser, each row carrying its document number in Belegfeld 1."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Account, Document, JournalEntry, JournalLine
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.quality.documents import store_document
from backend.domain.trust import audit
from backend.enums import AuditAction, DocumentKind, LedgerExportFormat

CSV_HEADER = ["date", "entry", "reference", "memo", "account", "account_name", "debit", "credit"]
DATEV_COLUMNS = ["Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Kurs",
                 "Basis-Umsatz", "WKZ Basis-Umsatz", "Konto", "Gegenkonto (ohne BU-Schlüssel)",
                 "BU-Schlüssel", "Belegdatum", "Belegfeld 1", "Belegfeld 2", "Skonto",
                 "Buchungstext"]
MAX_DAYS = 3700


@dataclass(frozen=True)
class LedgerExport:
    document: Document
    entry_count: int
    debit_total: Decimal
    credit_total: Decimal


def pairs(lines: list[tuple[str, Decimal, Decimal]]) -> list[tuple[Decimal, str, str]]:
    """An entry's lines as (amount, debit account, credit account) pairs, as DATEV books."""
    debits = [(a, d) for a, d, _ in lines if d > 0]
    credits = [(a, c) for a, _, c in lines if c > 0]
    left_d = [d for _, d in debits]
    left_c = [c for _, c in credits]
    out: list[tuple[Decimal, str, str]] = []
    i = j = 0
    while i < len(debits) and j < len(credits):
        amount = min(left_d[i], left_c[j])
        out.append((amount, debits[i][0], credits[j][0]))
        left_d[i] -= amount
        left_c[j] -= amount
        if left_d[i] == 0:
            i += 1
        if left_c[j] == 0:
            j += 1
    return out


def _comma(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def _datev_text(value: str, length: int) -> str:
    return '"' + value.replace('"', "'")[:length] + '"'


async def export_ledger(session: AsyncSession, *, actor: Actor, from_: date, to: date,
                        format: LedgerExportFormat) -> LedgerExport:
    if from_ > to:
        raise DomainError.single(ErrorCode.INVALID, "`from` comes before `to`.",
                                 ("input", "from"))
    if (to - from_).days > MAX_DAYS:
        raise DomainError.single(ErrorCode.INVALID, "Export at most ten years at once.",
                                 ("input", "to"))
    rows = (await session.execute(
        select(JournalEntry.id, JournalEntry.booked_on, JournalEntry.reference, JournalEntry.memo,
               JournalLine.account_code, Account.name, JournalLine.debit, JournalLine.credit)
        .join(JournalLine, JournalLine.entry_id == JournalEntry.id)
        .join(Account, Account.code == JournalLine.account_code)
        .where(JournalEntry.booked_on >= from_, JournalEntry.booked_on <= to)
        .order_by(JournalEntry.booked_on, JournalEntry.id, JournalLine.id))).all()
    debit = sum((r.debit for r in rows), Decimal("0.00"))
    credit = sum((r.credit for r in rows), Decimal("0.00"))
    entries: dict[int, list[tuple[str, Decimal, Decimal]]] = {}
    for r in rows:
        entries.setdefault(r.id, []).append((r.account_code, r.debit, r.credit))
    out = io.StringIO()
    if format == LedgerExportFormat.CSV:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for r in rows:
            writer.writerow([r.booked_on.isoformat(), r.id, r.reference or "", r.memo,
                             r.account_code, r.name, f"{r.debit:.2f}", f"{r.credit:.2f}"])
        content, ext, mime = out.getvalue().encode(), "csv", "text/csv"
    else:
        content, ext, mime = _datev(rows, entries, from_, to), "csv", "text/csv"
    document = await store_document(
        session, actor=actor, kind=DocumentKind.LEDGER_EXPORT,
        title=f"General ledger {from_.isoformat()} to {to.isoformat()} ({format.value})",
        file_name=f"ledger-{from_.isoformat()}-{to.isoformat()}-{format.value.lower()}.{ext}",
        content=content, content_type=mime, links=[],
    )
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.LEDGER_EXPORTED,
        entity_type="Document", entity_id=document.id,
        changes=audit.created(format=format, from_=from_, to=to, entries=len(entries),
                              debit_total=debit, credit_total=credit),
    )
    return LedgerExport(document, len(entries), debit, credit)


def _datev(rows: Sequence[Any], entries: dict[int, list[tuple[str, Decimal, Decimal]]],
           from_: date, to: date) -> bytes:
    now = datetime.now(UTC)
    header = ["\"EXTF\"", "700", "21", "\"Buchungsstapel\"", "13",
              now.strftime("%Y%m%d%H%M%S") + "000", "", "\"RE\"", "\"\"", "\"\"", "1001", "1",
              f"{from_.year}0101", "4", from_.strftime("%Y%m%d"), to.strftime("%Y%m%d"),
              "\"ERP export\"", "\"\"", "1", "0", "0", "\"EUR\""]
    lines = [";".join(header), ";".join(DATEV_COLUMNS)]
    meta = {r.id: r for r in rows}
    for entry_id, entry_lines in entries.items():
        r = meta[entry_id]
        for amount, debit_account, credit_account in pairs(entry_lines):
            lines.append(";".join([
                _comma(amount), '"S"', '"EUR"', "", "", "", debit_account, credit_account, "",
                r.booked_on.strftime("%d%m"), _datev_text(r.reference or str(entry_id), 36),
                '""', "", _datev_text(r.memo, 60),
            ]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252", errors="replace")
