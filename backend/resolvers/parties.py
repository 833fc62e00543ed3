"""Root reads of users, customers and suppliers."""

from typing import Any

from sqlalchemy import or_, select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain import access
from backend.resolvers.context import Context
from backend.resolvers.reading import page
from backend.resolvers.search import contains

customers_t = m.Customer.__table__
suppliers_t = m.Supplier.__table__
lots_t = m.Lot.__table__


async def viewer(context: Context) -> Any:
    if context.claims is None and context.auth_error is None:
        return None
    return await context.loaders.user_by_id.load(context.principal.user_id)


async def customers(
    context: Context, first: int | None, after: str | None, search: str | None
) -> Page:
    stmt = select(customers_t).where(access.owned_by(context.actor, customers_t.c.id))
    if search:
        stmt = stmt.where(
            or_(contains(customers_t.c.code, search), contains(customers_t.c.name, search))
        )
    return await page(context, stmt, SortKey((customers_t.c.code,)), first, after)


async def suppliers(
    context: Context, first: int | None, after: str | None, search: str | None
) -> Page:
    stmt = select(suppliers_t)
    if search:
        stmt = stmt.where(
            or_(contains(suppliers_t.c.code, search), contains(suppliers_t.c.name, search))
        )
    return await page(context, stmt, SortKey((suppliers_t.c.code,)), first, after)


async def supplier_lots(
    context: Context, supplier_id: int, first: int | None, after: str | None
) -> Page:
    stmt = select(lots_t).where(
        lots_t.c.supplier_id == supplier_id, access.visible_lots(context.actor)
    )
    return await page(context, stmt, SortKey((lots_t.c.id,), descending=True), first, after)
