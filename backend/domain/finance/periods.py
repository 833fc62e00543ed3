"""Accounting periods: calendar months; postings dated in a CLOSED month are refused."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import AccountingPeriod
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.trust import audit
from backend.enums import AccountingPeriodStatus, AuditAction


def period_id(year: int, month: int) -> int:
    return year * 100 + month


@dataclass(frozen=True, slots=True)
class Period:
    """A month as read: the stored row's status, or OPEN when there is none."""

    id: int
    year: int
    month: int
    starts_on: date
    ends_on: date
    status: AccountingPeriodStatus
    closed_at: datetime | None
    closed_by_id: int | None


def as_period(year: int, month: int, row: AccountingPeriod | None) -> Period:
    return Period(
        id=period_id(year, month), year=year, month=month, starts_on=date(year, month, 1),
        ends_on=date(year, month, monthrange(year, month)[1]),
        status=AccountingPeriodStatus(row.status) if row else AccountingPeriodStatus.OPEN,
        closed_at=row.closed_at if row else None, closed_by_id=row.closed_by_id if row else None,
    )


async def year_periods(session: AsyncSession, year: int) -> list[Period]:
    rows = {r.month: r for r in await session.scalars(
        select(AccountingPeriod).where(AccountingPeriod.year == year))}
    return [as_period(year, month, rows.get(month)) for month in range(1, 13)]


async def ensure_open(session: AsyncSession, booked_on: date, field: tuple[str, ...] | None = None
                      ) -> None:
    status = await session.scalar(
        select(AccountingPeriod.status).where(
            AccountingPeriod.id == period_id(booked_on.year, booked_on.month)))
    if status == AccountingPeriodStatus.CLOSED:
        raise DomainError.single(
            ErrorCode.PERIOD_CLOSED,
            f"{booked_on:%B %Y} is closed; nothing can be posted on {booked_on.isoformat()}.",
            field,
        )


def _check_month(year: int, month: int) -> None:
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        raise DomainError.single(ErrorCode.INVALID, "Give a month 1 to 12 of a year.",
                                 ("input", "month"))


async def _locked(session: AsyncSession, year: int, month: int) -> AccountingPeriod:
    pk = period_id(year, month)
    row = await session.scalar(
        select(AccountingPeriod).where(AccountingPeriod.id == pk).with_for_update())
    if row is None:
        row = AccountingPeriod(id=pk, year=year, month=month, status=AccountingPeriodStatus.OPEN)
        session.add(row)
        await session.flush()
    return row


async def close_period(session: AsyncSession, *, actor: Actor, year: int, month: int) -> Period:
    """Only a month that has ended closes; closing a closed month is INVALID_TRANSITION."""
    _check_month(year, month)
    today = datetime.now(UTC).date()
    if date(year, month, monthrange(year, month)[1]) >= today:
        raise DomainError.single(ErrorCode.INVALID,
                                 f"{year}-{month:02d} has not ended yet; only ended months close.",
                                 ("input", "month"))
    row = await _locked(session, year, month)
    if row.status == AccountingPeriodStatus.CLOSED:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"{year}-{month:02d} is already closed.", ("input", "month"))
    row.status, row.closed_at, row.closed_by_id = (
        AccountingPeriodStatus.CLOSED, datetime.now(UTC), actor.user_id)
    await session.flush()
    await audit.record(session, actor_id=actor.user_id,
                       action=AuditAction.ACCOUNTING_PERIOD_CLOSED, entity_type="AccountingPeriod",
                       entity_id=row.id, changes={"status": ("OPEN", "CLOSED")})
    return as_period(year, month, row)


async def reopen_period(session: AsyncSession, *, actor: Actor, year: int, month: int,
                        reason: str) -> Period:
    _check_month(year, month)
    reason = reason.strip()
    if not reason:
        raise DomainError.single(ErrorCode.INVALID, "Say why the month is reopened.",
                                 ("input", "reason"))
    row = await _locked(session, year, month)
    if row.status != AccountingPeriodStatus.CLOSED:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"{year}-{month:02d} is not closed.", ("input", "month"))
    row.status, row.closed_at, row.closed_by_id = AccountingPeriodStatus.OPEN, None, None
    await session.flush()
    await audit.record(session, actor_id=actor.user_id,
                       action=AuditAction.ACCOUNTING_PERIOD_REOPENED,
                       entity_type="AccountingPeriod", entity_id=row.id,
                       changes={"status": ("CLOSED", "OPEN")}, reason=reason)
    return as_period(year, month, row)
