"""Root reads of invoices, the journal and the trial balance."""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, not_, select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain import access
from backend.domain.finance.balances import OPEN_STATUSES
from backend.resolvers.context import Context
from backend.resolvers.reading import page

invoices_t = m.Invoice.__table__
journal_t = m.JournalEntry.__table__
journal_lines_t = m.JournalLine.__table__
accounts_t = m.Account.__table__
CENTS = Decimal("0.01")


async def invoices(
    context: Context,
    first: int | None,
    after: str | None,
    customer_id: int | None,
    statuses: list[Any],
    overdue: bool | None = None,
) -> Page:
    stmt = select(invoices_t).where(access.owned_by(context.actor, invoices_t.c.customer_id))
    if overdue is not None:
        late = and_(invoices_t.c.status.in_(OPEN_STATUSES),
                    invoices_t.c.due_on < datetime.now(UTC).date())
        stmt = stmt.where(late if overdue else not_(late))
    if customer_id is not None:
        stmt = stmt.where(invoices_t.c.customer_id == customer_id)
    if statuses:
        stmt = stmt.where(invoices_t.c.status.in_(statuses))
    sort = SortKey((invoices_t.c.issued_on, invoices_t.c.id), descending=True)
    return await page(context, stmt, sort, first, after)


async def journal(context: Context, first: int | None, after: str | None) -> Page:
    sort = SortKey((journal_t.c.posted_at, journal_t.c.id), descending=True)
    return await page(context, select(journal_t), sort, first, after)


@dataclass(frozen=True)
class Balance:
    account: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


async def trial_balance(context: Context) -> list[Balance]:
    stmt = (
        select(
            accounts_t.c.code,
            func.coalesce(func.sum(journal_lines_t.c.debit), 0).label("debit"),
            func.coalesce(func.sum(journal_lines_t.c.credit), 0).label("credit"),
        )
        .select_from(accounts_t.outerjoin(journal_lines_t))
        .group_by(accounts_t.c.code)
        .order_by(accounts_t.c.code)
    )
    return [
        Balance(
            account=row.code,
            debit=Decimal(row.debit).quantize(CENTS),
            credit=Decimal(row.credit).quantize(CENTS),
            balance=(Decimal(row.debit) - Decimal(row.credit)).quantize(CENTS),
        )
        for row in await context.loaders.rows(stmt)
    ]
