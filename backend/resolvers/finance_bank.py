"""Root reads of bank reconciliation: statements and their lines, rows only."""

from typing import Any

from sqlalchemy import select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.resolvers.context import Context
from backend.resolvers.reading import page

statements_t = m.BankStatement.__table__
lines_t = m.BankStatementLine.__table__
invoices_t = m.Invoice.__table__


async def bank_statements(context: Context, first: int | None, after: str | None) -> Page:
    s = statements_t
    return await page(context, select(s), SortKey((s.c.imported_at, s.c.id), descending=True),
                      first, after)


async def bank_statement_lines(context: Context, first: int | None, after: str | None,
                               statement_id: int | None, statuses: list[Any]) -> Page:
    b = lines_t
    stmt = select(b)
    if statement_id is not None:
        stmt = stmt.where(b.c.statement_id == statement_id)
    if statuses:
        stmt = stmt.where(b.c.status.in_(statuses))
    return await page(context, stmt, SortKey((b.c.id,)), first, after)


async def invoices_by_ids(context: Context, ids: list[int]) -> list[Any]:
    rows = [await context.loaders.invoice_by_id.load(pk) for pk in ids]
    return [r for r in rows if r is not None]
