"""Cursor connections paged by keyset in SQL, with a count only when asked for."""

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import ColumnElement, Select, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.schema.errors import BadUserInput

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="All matching items, on every page.")
    async def total_count(self) -> int:
        return await self.count()


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if isinstance(value.get("t"), str):
            return datetime.fromisoformat(value["t"])
        if isinstance(value.get("d"), str):
            return date.fromisoformat(value["d"])
        raise ValueError(value)
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(values, list) or len(values) != width:
            raise ValueError(cursor)
        return [_decode_value(v) for v in values]
    except (binascii.Error, UnicodeError, ValueError, TypeError):
        raise BadUserInput(f"{cursor!r} is not a valid cursor for this list.") from None


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 0:
        raise BadUserInput("Argument 'first' must not be negative.")
    if first > MAX_PAGE_SIZE:
        raise BadUserInput(f"Argument 'first' must be at most {MAX_PAGE_SIZE}.")
    return first


@dataclass(frozen=True)
class SortKey:
    """Columns a list is ordered by, ending on a unique one so cursors are stable."""

    columns: tuple[ColumnElement[Any], ...]
    descending: bool = False

    def order_by(self) -> list[ColumnElement[Any]]:
        return [c.desc() if self.descending else c.asc() for c in self.columns]

    def after(self, values: list[Any]) -> ColumnElement[bool]:
        row = tuple_(*self.columns)
        bound = tuple_(*values)
        return row < bound if self.descending else row > bound


async def paginate(
    engine: AsyncEngine,
    stmt: Select[Any],
    *,
    sort: SortKey,
    first: int | None,
    after: str | None,
    node: Callable[[Any], T],
) -> Connection[T]:
    """One page of `stmt` (a select of whole rows) as a connection of `node(row)` objects.

    The sort columns must be among the selected columns, under the same names.
    """
    limit = page_size(first)
    filtered = stmt
    if after is not None:
        filtered = stmt.where(sort.after(decode_cursor(after, len(sort.columns))))
    names = [c.key for c in sort.columns]

    async def count() -> int:
        counted = select(func.count()).select_from(stmt.order_by(None).subquery())
        async with engine.connect() as conn:
            return int((await conn.execute(counted)).scalar_one())

    if limit == 0:
        rows: Sequence[Any] = []
        has_next = False
    else:
        async with engine.connect() as conn:
            result = await conn.execute(filtered.order_by(*sort.order_by()).limit(limit + 1))
            rows = result.all()
        has_next = len(rows) > limit
        rows = rows[:limit]
    edges = [
        Edge(cursor=encode_cursor([row._mapping[n] for n in names]), node=node(row))
        for row in rows
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )
