"""Receivables ageing at any date: open balances by days past due, per customer, in one
statement. An invoice's balance on a date counts what was paid, credited and written off
up to that date; unapplied credit is what payments and credit notes left over, less refunds."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, and_, case, cast, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m

inv = m.Invoice.__table__
apps = m.PaymentApplication.__table__
pays = m.Payment.__table__
notes = m.CreditNote.__table__
refunds = m.CustomerRefund.__table__
entries = m.JournalEntry.__table__
ZERO = Decimal("0.00")
BUCKETS = ("current", "days1_to30", "days31_to60", "days61_to90", "over90")


@dataclass
class Buckets:
    current: Decimal = ZERO
    days1_to30: Decimal = ZERO
    days31_to60: Decimal = ZERO
    days61_to90: Decimal = ZERO
    over90: Decimal = ZERO
    unapplied_credit: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum((getattr(self, b) for b in BUCKETS), ZERO)

    def add(self, other: "Buckets") -> None:
        for name in (*BUCKETS, "unapplied_credit"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class AgeingRow:
    customer_id: int
    buckets: Buckets
    oldest_due_on: date | None


@dataclass
class Ageing:
    as_of: date
    rows: list[AgeingRow]
    total: Buckets = field(default_factory=Buckets)


def _on(ts: Any) -> Any:
    return cast(func.timezone("UTC", ts), Date)


def open_on(as_of: date) -> Any:
    """(invoice id, customer_id, due_on, open) of every invoice open on `as_of`.

    An invoice's open amount then is its balance now (total - amount_paid - credited -
    written off), plus what was settled after `as_of` (payments received, credit notes
    issued, write-offs booked later), less payments received by then and reversed since.
    Only those later events are summed, set-wise: ageing today reads few rows besides the
    invoices, and never runs a subquery per invoice."""
    reversed_later = and_(pays.c.reversed_at.is_not(None), _on(pays.c.reversed_at) > as_of)
    late = (select(apps.c.invoice_id, func.sum(case(
                (pays.c.received_on > as_of, apps.c.amount), else_=-apps.c.amount)
            ).label("amount"))
            .select_from(apps.join(pays, pays.c.id == apps.c.payment_id))
            .where(or_(and_(pays.c.received_on > as_of, pays.c.reversed_at.is_(None)),
                       and_(pays.c.received_on <= as_of, reversed_later)))
            .group_by(apps.c.invoice_id).subquery("settled_later"))
    credited = (select(notes.c.invoice_id, func.sum(notes.c.applied_to_invoice).label("amount"))
                .where(notes.c.issued_on > as_of, notes.c.applied_to_invoice > 0)
                .group_by(notes.c.invoice_id).subquery("credited_later"))
    written = (select(entries.c.id).where(entries.c.booked_on > as_of)
               .subquery("written_off_later"))
    amount = (inv.c.total - inv.c.amount_paid - inv.c.credited_amount
              - inv.c.written_off_amount + func.coalesce(late.c.amount, 0)
              + func.coalesce(credited.c.amount, 0)
              + case((written.c.id.is_not(None), inv.c.written_off_amount), else_=0)
              ).label("open")
    sub = (select(inv.c.id, inv.c.customer_id, inv.c.due_on, amount)
           .select_from(inv.outerjoin(late, late.c.invoice_id == inv.c.id)
                        .outerjoin(credited, credited.c.invoice_id == inv.c.id)
                        .outerjoin(written, written.c.id == inv.c.write_off_entry_id))
           .where(inv.c.issued_on <= as_of,
                  or_(inv.c.voided_at.is_(None), _on(inv.c.voided_at) > as_of))
           .cte("open_invoices"))
    return select(sub).where(sub.c.open > 0).subquery("open_on")


def unapplied_on(as_of: date) -> Any:
    parts = union_all(
        select(pays.c.customer_id, pays.c.unapplied_amount.label("amount"))
        .where(pays.c.received_on <= as_of, pays.c.unapplied_amount > 0,
               or_(pays.c.reversed_at.is_(None), _on(pays.c.reversed_at) > as_of)),
        select(notes.c.customer_id, (notes.c.total - notes.c.applied_to_invoice).label("amount"))
        .where(notes.c.issued_on <= as_of, notes.c.total > notes.c.applied_to_invoice),
        select(refunds.c.customer_id, (literal(0) - refunds.c.amount).label("amount"))
        .where(refunds.c.paid_on <= as_of),
    ).subquery("credit_parts")
    return (select(parts.c.customer_id, func.sum(parts.c.amount).label("unapplied"))
            .group_by(parts.c.customer_id).subquery("unapplied"))


def bucket_columns(as_of: date, due_on: Any, amount: Any) -> list[Any]:
    """The sums of `amount` per ageing bucket (BUCKETS) by days past `due_on` on `as_of`:
    receivables and payables age by the same rule."""
    late = literal(as_of) - due_on

    def bucket(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, amount), else_=0)), 0)

    return [
        bucket(late <= 0).label("current"),
        bucket(and_(late >= 1, late <= 30)).label("days1_to30"),
        bucket(and_(late >= 31, late <= 60)).label("days31_to60"),
        bucket(and_(late >= 61, late <= 90)).label("days61_to90"),
        bucket(late > 90).label("over90"),
    ]


def ageing_statement(as_of: date, customer_id: int | None = None) -> Any:
    o = open_on(as_of)
    per = select(
        o.c.customer_id,
        *bucket_columns(as_of, o.c.due_on, o.c.open),
        func.min(o.c.due_on).label("oldest_due_on"),
    ).group_by(o.c.customer_id).subquery("per_customer")
    u = unapplied_on(as_of)
    stmt = select(
        func.coalesce(per.c.customer_id, u.c.customer_id).label("customer_id"),
        *(func.coalesce(per.c[b], 0).label(b) for b in BUCKETS),
        per.c.oldest_due_on, func.coalesce(u.c.unapplied, 0).label("unapplied"),
    ).select_from(per.join(u, u.c.customer_id == per.c.customer_id, full=True))
    if customer_id is not None:
        stmt = stmt.where(func.coalesce(per.c.customer_id, u.c.customer_id) == customer_id)
    return stmt


async def ageing(db: AsyncSession | AsyncConnection, as_of: date,
                 customer_ids: list[int] | None = None, customer_id: int | None = None
                 ) -> Ageing:
    """`customer_ids` limits the rows (partner scope is the caller's); unknown: all."""
    rows = []
    total = Buckets()
    for row in await db.execute(ageing_statement(as_of, customer_id)):
        if customer_ids is not None and row.customer_id not in customer_ids:
            continue
        b = Buckets(**{name: Decimal(getattr(row, name)).quantize(Decimal("0.01"))
                       for name in BUCKETS})
        b.unapplied_credit = Decimal(row.unapplied).quantize(Decimal("0.01"))
        if b.total == 0 and b.unapplied_credit == 0:
            continue
        rows.append(AgeingRow(row.customer_id, b, row.oldest_due_on))
        total.add(b)
    rows.sort(key=lambda r: (-r.buckets.total, r.customer_id))
    return Ageing(as_of=as_of, rows=rows, total=total)
