"""Root reads of recalls."""

from sqlalchemy import select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain import access
from backend.resolvers.context import Context
from backend.resolvers.reading import page

recalls_t = m.Recall.__table__


async def recalls(context: Context, first: int | None, after: str | None) -> Page:
    stmt = select(recalls_t).where(access.visible_recalls(context.actor))
    sort = SortKey((recalls_t.c.initiated_at, recalls_t.c.id), descending=True)
    return await page(context, stmt, sort, first, after)
