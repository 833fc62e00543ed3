"""Root reads of master data: price lists and the prices they hold."""

from sqlalchemy import or_, select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.resolvers.context import Context
from backend.resolvers.reading import page
from backend.resolvers.search import contains

price_lists_t = m.PriceList.__table__
items_t = m.PriceListItem.__table__
products_t = m.Product.__table__


async def price_lists(
    context: Context, first: int | None, after: str | None, search: str | None
) -> Page:
    stmt = select(price_lists_t)
    if search:
        stmt = stmt.where(or_(contains(price_lists_t.c.code, search),
                              contains(price_lists_t.c.name, search)))
    return await page(context, stmt, SortKey((price_lists_t.c.code,)), first, after)


async def price_list_entries(
    context: Context, price_list_id: int, first: int | None, after: str | None
) -> Page:
    """The list's prices by SKU."""
    stmt = (select(items_t, products_t.c.sku)
            .join(products_t, products_t.c.id == items_t.c.product_id)
            .where(items_t.c.price_list_id == price_list_id))
    return await page(context, stmt, SortKey((products_t.c.sku,)), first, after)
