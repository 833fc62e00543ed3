"""Root reads of the finance desk: credit notes, tax rules, settings, periods, the journal
by filter, ageing and statements (rows and domain records, never graph objects)."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select

from backend.api.errors import BadUserInput
from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain import access
from backend.domain.errors import DomainError
from backend.domain.finance import ageing as ageing_rules
from backend.domain.finance import periods, settings, statements
from backend.enums import CustomerTaxStatus
from backend.resolvers.context import Context
from backend.resolvers.reading import page

credit_notes_t = m.CreditNote.__table__
tax_rules_t = m.TaxRule.__table__
journal_t = m.JournalEntry.__table__
journal_lines_t = m.JournalLine.__table__
customers_t = m.Customer.__table__


async def credit_notes(context: Context, first: int | None, after: str | None,
                       customer_id: int | None) -> Page:
    c = credit_notes_t
    stmt = select(c).where(access.owned_by(context.actor, c.c.customer_id))
    if customer_id is not None:
        stmt = stmt.where(c.c.customer_id == customer_id)
    return await page(context, stmt, SortKey((c.c.issued_on, c.c.id), descending=True),
                      first, after)


async def tax_rules(context: Context, country: str | None, tax_category: str | None,
                    status: CustomerTaxStatus | None) -> list[Any]:
    r = tax_rules_t
    stmt = select(r)
    if country is not None:
        stmt = stmt.where(r.c.country == country.upper())
    if tax_category is not None:
        stmt = stmt.where(r.c.tax_category == tax_category)
    if status is not None:
        stmt = stmt.where(r.c.customer_tax_status == status)
    stmt = stmt.order_by(r.c.country.nulls_last(), r.c.tax_category, r.c.customer_tax_status,
                         r.c.valid_from)
    return list(await context.loaders.rows(stmt))


async def finance_settings(context: Context) -> tuple[settings.FinanceSettings, list[Any]]:
    conf = settings.of_rows(await context.loaders.rows(settings.STORED))
    accounts = await context.loaders.rows(select(m.BankAccount.__table__)
                                          .order_by(m.BankAccount.__table__.c.id))
    return conf, list(accounts)


async def default_policy(context: Context) -> Any:
    return settings.of_rows(await context.loaders.rows(settings.STORED)).default_invoicing_policy


async def year_periods(context: Context, year: int) -> list[periods.Period]:
    if not 1900 <= year <= 9999:
        raise BadUserInput("Give a year between 1900 and 9999.")
    rows = await context.loaders.rows(select(m.AccountingPeriod.__table__).where(
        m.AccountingPeriod.__table__.c.year == year))
    stored = {r.month: r for r in rows}
    return [periods.as_period(year, month, stored.get(month)) for month in range(1, 13)]


@dataclass(frozen=True)
class JournalQuery:
    reference: str | None = None
    from_: date | None = None
    to: date | None = None
    account: str | None = None


async def journal_entries(context: Context, first: int | None, after: str | None,
                          wanted: JournalQuery) -> Page:
    j = journal_t
    stmt = select(j)
    if wanted.reference is not None:
        stmt = stmt.where(j.c.reference == wanted.reference)
    if wanted.from_ is not None:
        stmt = stmt.where(j.c.booked_on >= wanted.from_)
    if wanted.to is not None:
        stmt = stmt.where(j.c.booked_on <= wanted.to)
    if wanted.from_ and wanted.to and wanted.from_ > wanted.to:
        raise BadUserInput("`from` comes before `to`.")
    if wanted.account is not None:
        jl = journal_lines_t
        stmt = stmt.where(exists().where(jl.c.entry_id == j.c.id,
                                         jl.c.account_code == wanted.account))
    return await page(context, stmt, SortKey((j.c.booked_on, j.c.id), descending=True),
                      first, after)


def today() -> date:
    return datetime.now(UTC).date()


class _Result:
    def __init__(self, rows: Sequence[Any]) -> None:
        self.rows = rows

    def all(self) -> list[Any]:
        return list(self.rows)

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)


class RequestDb:
    """The domain's reads on the request's own connection (through the loaders), so that a
    root field takes no connection of its own."""

    def __init__(self, context: Context) -> None:
        self.context = context

    async def execute(self, stmt: Any) -> _Result:
        return _Result(await self.context.loaders.rows(stmt))


def request_db(context: Context) -> Any:
    return RequestDb(context)


async def ar_ageing(context: Context, as_of: date | None, customer_id: int | None
                    ) -> ageing_rules.Ageing:
    return await ageing_rules.ageing(request_db(context), as_of or today(),
                                     customer_id=customer_id)


async def customer_statement(context: Context, customer_id: int | None, from_: date, to: date
                             ) -> statements.Statement | None:
    """A partner gets its own customer's statement (customerId may be left out), null for
    another's; staff name the customer."""
    scope = context.actor.customer_scope
    if customer_id is None:
        if scope is None:
            raise BadUserInput("Name the customer (customerId).")
        customer_id = scope
    if scope is not None and customer_id != scope:
        return None
    if await context.loaders.customer_by_id.load(customer_id) is None:
        return None
    try:
        return await statements.statement(request_db(context), customer_id, from_, to)
    except DomainError as error:
        raise BadUserInput(error.problems[0].message) from None


def cents(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))
