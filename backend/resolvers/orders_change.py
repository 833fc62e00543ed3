"""Root reads of change control: available to promise, approval rules,
delegations, customer licences and licence requirements. Rows, never graph objects."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain import access
from backend.domain.errors import DomainError
from backend.domain.sales import delegation, licences
from backend.domain.sales.approval_policy import active_delegation
from backend.domain.sales.order_lookup import customer_in_scope
from backend.domain.sales.promise import Promise, available_to_promise
from backend.enums import CustomerLicenceStatus
from backend.resolvers.context import Context
from backend.resolvers.reading import page

licences_t = m.CustomerLicence.__table__
rules_t = m.ApprovalRule.__table__
delegations_t = m.ApprovalDelegation.__table__
requirements_t = m.LicenceRequirement.__table__
LICENCE_SORT = SortKey((licences_t.c.valid_until, licences_t.c.id))


async def promise(
    context: Context,
    customer_id: int,
    lines: Sequence[tuple[int, int]],
    requested_delivery_date: date | None,
    region: str | None,
) -> Promise:
    """What can be promised, in a transaction that writes nothing."""
    async with context.state.sessionmaker() as session:
        try:
            customer = await customer_in_scope(session, customer_id, actor=context.actor,
                                               field=("input", "customerId"))
            return await available_to_promise(
                session, customer, lines, requested_delivery_date=requested_delivery_date,
                region=region)
        except DomainError as error:
            return Promise(problems=error.problems)
        finally:
            await session.rollback()


async def approval_rules(context: Context, include_inactive: bool) -> Sequence[Any]:
    stmt = select(rules_t).order_by(rules_t.c.id)
    if not include_inactive:
        stmt = stmt.where(rules_t.c.active)
    return await context.loaders.rows(stmt)


async def delegations(context: Context, active_on: date | None) -> Sequence[Any]:
    actor = context.actor
    stmt = select(delegations_t).order_by(delegations_t.c.valid_from.desc(),
                                          delegations_t.c.id.desc())
    if not actor.is_admin:
        stmt = stmt.where(or_(delegations_t.c.delegator_id == actor.user_id,
                              delegations_t.c.delegate_id == actor.user_id))
    if active_on is not None:
        stmt = stmt.where(active_delegation(active_on))
    return await context.loaders.rows(stmt)


async def delegate_candidates(context: Context) -> list[Any]:
    """Active staff users other than the viewer (no partner), by username."""
    return [row.id for row in await context.loaders.rows(
        delegation.delegate_candidates_statement(context.actor))]


async def customer_licences(
    context: Context,
    first: int | None,
    after: str | None,
    customer_id: int | None,
    statuses: Sequence[CustomerLicenceStatus],
    expiring_within_days: int | None,
) -> Page:
    today = datetime.now(UTC).date()
    lic = licences_t
    stmt = select(lic).where(access.owned_by(context.actor, lic.c.customer_id))
    if customer_id is not None:
        stmt = stmt.where(lic.c.customer_id == customer_id)
    if statuses:
        conditions = {
            CustomerLicenceStatus.REVOKED: lic.c.revoked_at.is_not(None),
            CustomerLicenceStatus.VALID: licences.valid_on(today),
            CustomerLicenceStatus.NOT_YET_VALID: (lic.c.revoked_at.is_(None)
                                                  & (lic.c.valid_from > today)),
            CustomerLicenceStatus.EXPIRED: (lic.c.revoked_at.is_(None)
                                            & (lic.c.valid_until < today)),
        }
        stmt = stmt.where(or_(*(conditions[s] for s in statuses)))
    if expiring_within_days is not None:
        stmt = stmt.where(licences.valid_on(today),
                          lic.c.valid_until <= today + timedelta(days=expiring_within_days))
    return await page(context, stmt, LICENCE_SORT, first, after)


async def licence_requirements(context: Context) -> Sequence[Any]:
    return await context.loaders.rows(select(requirements_t).order_by(requirements_t.c.id))
