"""Root reads of the audit trail and the key figures."""

from datetime import date

from sqlalchemy import select

from backend.api.errors import BadUserInput
from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain.kpis import Kpis, compute_kpis
from backend.resolvers.context import Context
from backend.resolvers.reading import page

audit_t = m.AuditEvent.__table__
# A period longer than this is a mistake rather than a question.
MAX_PERIOD_DAYS = 366 * 20


async def audit_trail(
    context: Context, first: int | None, after: str | None, entity: tuple[str, int] | None
) -> Page:
    stmt = select(audit_t)
    if entity is not None:
        entity_type, pk = entity
        stmt = stmt.where(audit_t.c.entity_type == entity_type, audit_t.c.entity_id == pk)
    return await page(context, stmt, SortKey((audit_t.c.id,), descending=True), first, after)


async def kpis(context: Context, first: date, last: date) -> Kpis:
    if first > last or (last - first).days > MAX_PERIOD_DAYS:
        raise BadUserInput("`from` must not be after `to`, and the period at most 20 years.")
    async with context.engine.connect() as conn:
        return await compute_kpis(conn, first=first, last=last)
