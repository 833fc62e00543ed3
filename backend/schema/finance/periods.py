"""Accounting periods, the journal by filter and the general-ledger export."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.actor import Actor
from backend.domain.finance import gl_export, periods
from backend.enums import Role
from backend.resolvers import finance_desk as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graph
from backend.schema.common import Connection, UserError, payload
from backend.schema.finance.enums import AccountingPeriodStatus, LedgerExportFormat
from backend.schema.finance.types import JournalEntry
from backend.schema.permissions import requires, roles
from backend.schema.requests import as_request

if TYPE_CHECKING:
    from backend.schema.parties.types import User
    from backend.schema.quality.types import Document

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
DocumentT = Annotated["Document", strawberry.lazy("backend.schema.quality.types")]
FINANCE = roles(Role.FINANCE)


@strawberry.type(description="A calendar month of the ledger. Postings dated in a CLOSED month "
                             "are refused (PERIOD_CLOSED).")
class AccountingPeriod(FromRow, Node):
    year: int
    month: int
    starts_on: date
    ends_on: date
    status: AccountingPeriodStatus
    closed_at: datetime | None
    closed_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def closed_by(self, info: Info) -> UserT | None:
        if self.closed_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.closed_by_id))

    @classmethod
    def of(cls, p: periods.Period) -> "AccountingPeriod":
        return cls.from_values(pk=p.id, year=p.year, month=p.month, starts_on=p.starts_on,
                               ends_on=p.ends_on, status=p.status, closed_at=p.closed_at,
                               closed_by_id=p.closed_by_id)


@strawberry.input
class CloseAccountingPeriodInput:
    year: int
    month: int


@strawberry.input
class ReopenAccountingPeriodInput:
    year: int
    month: int
    reason: str


@strawberry.type
class AccountingPeriodPayload:
    period: AccountingPeriod | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class JournalEntryFilter:
    reference: str | None = None
    from_: date | None = strawberry.field(default=None, name="from")
    to: date | None = None
    account: str | None = None


@strawberry.input
class ExportGeneralLedgerInput:
    from_: date = strawberry.field(name="from")
    to: date
    format: LedgerExportFormat


@strawberry.type
class LedgerExportPayload:
    document: DocumentT | None = None
    entry_count: int = 0
    debit_total: Decimal = Decimal("0.00")
    credit_total: Decimal = Decimal("0.00")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.mutation(extensions=requires("period.close"))
async def close_accounting_period(info: Info, input: CloseAccountingPeriodInput
                                  ) -> AccountingPeriodPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        await periods.close_period(s, actor=actor, year=input.year, month=input.month)
        return {"period": ref("AccountingPeriod", periods.period_id(input.year, input.month))}

    return payload(AccountingPeriodPayload, await run_mutation(
        info.context, action, operation="closeAccountingPeriod", request=as_request(input)))


@strawberry.mutation(extensions=requires("period.close"))
async def reopen_accounting_period(info: Info, input: ReopenAccountingPeriodInput
                                   ) -> AccountingPeriodPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        await periods.reopen_period(s, actor=actor, year=input.year, month=input.month,
                                    reason=input.reason)
        return {"period": ref("AccountingPeriod", periods.period_id(input.year, input.month))}

    return payload(AccountingPeriodPayload, await run_mutation(
        info.context, action, operation="reopenAccountingPeriod", request=as_request(input)))


@strawberry.mutation(extensions=requires("period.close"))
async def export_general_ledger(info: Info, input: ExportGeneralLedgerInput
                                ) -> LedgerExportPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        result = await gl_export.export_ledger(s, actor=actor, from_=input.from_, to=input.to,
                                               format=input.format)
        return {"document": ref("Document", result.document.id),
                "entry_count": result.entry_count,
                "debit_total": str(result.debit_total), "credit_total": str(result.credit_total)}

    return payload(LedgerExportPayload, await run_mutation(
        info.context, action, operation="exportGeneralLedger"),
        debit_total=Decimal, credit_total=Decimal)


@strawberry.field(extensions=FINANCE)
async def accounting_periods(info: Info, year: int) -> list[AccountingPeriod]:
    return [AccountingPeriod.of(p) for p in await reads.year_periods(info.context, year)]


@strawberry.field(extensions=FINANCE)
async def journal_entries(info: Info, first: int | None = None, after: str | None = None,
                          filter: JournalEntryFilter | None = None) -> Connection[JournalEntry]:
    wanted = reads.JournalQuery() if filter is None else reads.JournalQuery(
        reference=filter.reference, from_=filter.from_, to=filter.to, account=filter.account)
    return Connection.of(await reads.journal_entries(info.context, first, after, wanted),
                         JournalEntry.from_row)
