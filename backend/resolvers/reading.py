"""Small helpers for root resolvers: the first row of a statement, and a page of one."""

from typing import Any

from sqlalchemy import Select

from backend.api.pagination import Page, SortKey, paginate
from backend.resolvers.context import Context


async def first_row(context: Context, stmt: Select[Any]) -> Any:
    rows = await context.loaders.rows(stmt)
    return rows[0] if rows else None


async def page(
    context: Context, stmt: Select[Any], sort: SortKey, first: int | None, after: str | None
) -> Page:
    return await paginate(context.loaders.rows, stmt, sort=sort, first=first, after=after)
