"""A customer's statement for a period: opening balance, each document with a running
balance, closing balance (up to today it equals the receivable balance) and what is overdue."""

import datetime as dt
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, String, cast, func, literal, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance.ageing import ageing
from backend.domain.finance.pdfs import render
from backend.enums import StatementLineKind as K

inv = m.Invoice.__table__
notes = m.CreditNote.__table__
pays = m.Payment.__table__
refunds = m.CustomerRefund.__table__
entries = m.JournalEntry.__table__
ZERO = Decimal("0.00")
MAX_DAYS = 3660


@dataclass(frozen=True, slots=True)
class StatementLine:
    date: dt.date
    kind: K
    reference: str
    description: str | None
    due_on: dt.date | None
    debit: Decimal
    credit: Decimal
    balance: Decimal


@dataclass(frozen=True, slots=True)
class Statement:
    customer_id: int
    from_: date
    to: date
    opening_balance: Decimal
    lines: list[StatementLine]
    closing_balance: Decimal
    overdue_amount: Decimal


def _on(ts: Any) -> Any:
    return cast(func.timezone("UTC", ts), Date)


def _events(customer_id: int) -> Any:
    z = literal(ZERO)
    none_date = cast(null(), Date)
    return union_all(
        select(inv.c.issued_on.label("on"), literal(K.INVOICE.value).label("kind"),
               inv.c.number.label("reference"), cast(null(), String).label("description"),
               inv.c.due_on.label("due_on"), inv.c.total.label("debit"), z.label("credit"),
               inv.c.id.label("seq"))
        .where(inv.c.customer_id == customer_id),
        select(_on(inv.c.voided_at), literal(K.INVOICE_VOID.value), inv.c.number,
               inv.c.void_reason, none_date, z, inv.c.total, inv.c.id)
        .where(inv.c.customer_id == customer_id, inv.c.voided_at.is_not(None)),
        select(notes.c.issued_on, literal(K.CREDIT_NOTE.value), notes.c.number, notes.c.reason,
               none_date, z, notes.c.total, notes.c.id)
        .where(notes.c.customer_id == customer_id),
        select(pays.c.received_on, literal(K.PAYMENT.value), pays.c.reference,
               cast(null(), String), none_date, z, pays.c.amount, pays.c.id)
        .where(pays.c.customer_id == customer_id),
        select(_on(pays.c.reversed_at), literal(K.PAYMENT_REVERSAL.value), pays.c.reference,
               cast(null(), String), none_date, pays.c.amount, z, pays.c.id)
        .where(pays.c.customer_id == customer_id, pays.c.reversed_at.is_not(None)),
        select(refunds.c.paid_on, literal(K.REFUND.value), refunds.c.number,
               refunds.c.reference, none_date, refunds.c.amount, z, refunds.c.id)
        .where(refunds.c.customer_id == customer_id),
        select(entries.c.booked_on, literal(K.WRITE_OFF.value), inv.c.number,
               cast(null(), String), none_date, z, inv.c.written_off_amount, inv.c.id)
        .select_from(inv.join(entries, entries.c.id == inv.c.write_off_entry_id))
        .where(inv.c.customer_id == customer_id),
    ).subquery("events")


ORDER = [K.INVOICE, K.CREDIT_NOTE, K.PAYMENT, K.WRITE_OFF, K.INVOICE_VOID, K.PAYMENT_REVERSAL,
         K.REFUND]


async def statement(db: AsyncSession | AsyncConnection, customer_id: int, from_: date, to: date
                    ) -> Statement:
    if from_ > to:
        raise DomainError.single(ErrorCode.INVALID, "`from` comes before `to`.", ("from",))
    if (to - from_).days > MAX_DAYS:
        raise DomainError.single(ErrorCode.INVALID, "A statement covers at most ten years.",
                                 ("to",))
    e = _events(customer_id)
    opening = Decimal((await db.execute(
        select(func.coalesce(func.sum(e.c.debit - e.c.credit), 0)).where(e.c.on < from_)
    )).scalar() or 0).quantize(Decimal("0.01"))
    rows = list((await db.execute(select(e).where(e.c.on >= from_, e.c.on <= to))).all())
    rows.sort(key=lambda r: (r.on, ORDER.index(K(r.kind)), r.seq))
    running = opening
    lines = []
    for r in rows:
        running += r.debit - r.credit
        lines.append(StatementLine(r.on, K(r.kind), r.reference, r.description, r.due_on,
                                   Decimal(r.debit), Decimal(r.credit), running))
    aged = await ageing(db, to, customer_id=customer_id)
    overdue = sum((row.buckets.total - row.buckets.current for row in aged.rows), ZERO)
    return Statement(customer_id, from_, to, opening, lines, running, overdue)


def month_to_date(today: date) -> tuple[date, date]:
    return today.replace(day=1), today


def statement_pdf(s: Statement, customer_name: str, customer_code: str, company: str) -> bytes:
    body = [f"{line.date.isoformat()}  {line.kind.value:<16} {line.reference:<22} "
            f"debit {line.debit:>10.2f}  credit {line.credit:>10.2f}  balance {line.balance:>10.2f}"
            for line in s.lines]
    return render(
        f"Statement {customer_code}",
        [company, f"{customer_name} ({customer_code})",
         f"From {s.from_.isoformat()} to {s.to.isoformat()}"],
        [("Opening balance", [f"{s.opening_balance:.2f}"]), ("Lines", body or ["(none)"]),
         ("Closing balance", [f"{s.closing_balance:.2f}",
                              f"Overdue on {s.to.isoformat()}: {s.overdue_amount:.2f}"])],
    )

