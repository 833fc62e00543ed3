"""Cursor pages by keyset in SQL, with a count only when asked for.

A page holds plain rows; the schema turns them into a connection of graph objects.
"""

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, tuple_

from backend.api.errors import BadUserInput

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

# Runs one statement and returns its rows (the request's reader).
Reader = Callable[[Select[Any]], Awaitable[Sequence[Any]]]


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


@dataclass
class Page:
    """One page of rows with their cursors; `count()` counts every match, on demand."""

    rows: Sequence[Any]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]

    def map_rows(self, make: Callable[[Any], Any]) -> "Page":
        """The same page with each row replaced (e.g. enriched); cursors stay."""
        return Page([make(r) for r in self.rows], self.cursors, self.has_next_page,
                    self.has_previous_page, self.count)


async def paginate(
    read: Reader,
    stmt: Select[Any],
    *,
    sort: SortKey,
    first: int | None,
    after: str | None,
) -> Page:
    """One page of `stmt`; the sort columns must be among its columns, under the same names."""
    limit = page_size(first)
    filtered = stmt
    if after is not None:
        filtered = stmt.where(sort.after(decode_cursor(after, len(sort.columns))))
    names = [c.key for c in sort.columns]

    async def count() -> int:
        counted = select(func.count()).select_from(stmt.order_by(None).subquery())
        rows = await read(counted)
        return int(rows[0][0])

    if limit == 0:
        rows: Sequence[Any] = []
        has_next = False
    else:
        rows = await read(filtered.order_by(*sort.order_by()).limit(limit + 1))
        has_next = len(rows) > limit
        rows = rows[:limit]
    return Page(
        rows=rows,
        cursors=[encode_cursor([row._mapping[n] for n in names]) for row in rows],
        has_next_page=has_next,
        has_previous_page=after is not None,
        count=count,
    )
