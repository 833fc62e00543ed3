"""Root reads of the catalogue: products and warehouses."""

from typing import Any

from sqlalchemy import or_, select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.resolvers.context import Context
from backend.resolvers.reading import page
from backend.resolvers.search import contains

products_t = m.Product.__table__
warehouses_t = m.Warehouse.__table__


async def products(
    context: Context, first: int | None, after: str | None, search: str | None
) -> Page:
    stmt = select(products_t)
    if search:
        stmt = stmt.where(
            or_(
                contains(products_t.c.sku, search),
                contains(products_t.c.name, search),
                products_t.c.gtin == search.strip(),
            )
        )
    return await page(context, stmt, SortKey((products_t.c.sku,)), first, after)


async def warehouses(context: Context) -> list[Any]:
    return list(await context.loaders.rows(select(warehouses_t).order_by(warehouses_t.c.code)))
