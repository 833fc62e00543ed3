"""Root reads of replenishment requests, and the lines and credit notes of returns."""

from typing import Any

from sqlalchemy import select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.resolvers.context import Context
from backend.resolvers.nodes import REPLENISHMENT_ROWS, replenishment_t
from backend.resolvers.reading import first_row, page

return_lines_t = m.CustomerReturnLine.__table__
credit_notes_t = m.CreditNote.__table__


async def replenishment_requests(
    context: Context,
    first: int | None,
    after: str | None,
    statuses: list[str],
    product_id: int | None,
) -> Page:
    stmt = REPLENISHMENT_ROWS
    if statuses:
        stmt = stmt.where(replenishment_t.c.status.in_(statuses))
    if product_id is not None:
        stmt = stmt.where(replenishment_t.c.product_id == product_id)
    return await page(context, stmt, SortKey((replenishment_t.c.id,), True), first, after)


async def return_lines(context: Context, return_id: int) -> list[Any]:
    stmt = (
        select(return_lines_t)
        .where(return_lines_t.c.return_id == return_id)
        .order_by(return_lines_t.c.id)
    )
    return list(await context.loaders.rows(stmt))


async def return_credit_note(context: Context, return_id: int) -> Any:
    return await first_row(
        context, select(credit_notes_t).where(credit_notes_t.c.return_id == return_id)
    )
