"""Shapes every area uses: connections of pages, `userErrors`, payloads built from outcomes."""

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry

from backend.api.pagination import Page
from backend.domain.errors import Problem
from backend.resolvers.mutations import Outcome
from backend.resolvers.nodes import NodeRow
from backend.schema.base import graph
from backend.schema.enums import ErrorCode

T = TypeVar("T")
P = TypeVar("P")


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

    @classmethod
    def of(cls, page: Page, make: Callable[[Any], Any]) -> "Connection[Any]":
        """A connection of `make(row)` for each row of the page."""
        edges = [Edge(cursor=c, node=make(row)) for c, row in zip(page.cursors, page.rows,
                                                                 strict=True)]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            count=page.count,
        )


@strawberry.type
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "lines", "0", "quantity"].'
    )
    message: str
    code: ErrorCode

    @classmethod
    def of(cls, problems: list[Problem]) -> list["UserError"]:
        return [
            cls(field=list(p.field) if p.field else None, message=p.message, code=p.code)
            for p in problems
        ]


def _graph(value: Any) -> Any:
    if isinstance(value, NodeRow):
        return graph(value.type_name, value.row)
    if isinstance(value, list):
        return [_graph(item) for item in value]
    return value


def payload(cls: Callable[..., P], outcome: Outcome, **convert: Callable[[Any], Any]) -> P:
    """The payload of a mutation: graph objects of the rows it names, or its `userErrors`.

    `convert` turns a named value that is not a row (e.g. a domain object) into its field.
    """
    if outcome.problems:
        return cls(user_errors=UserError.of(outcome.problems))
    values = {
        name: convert[name](value) if name in convert else _graph(value)
        for name, value in outcome.values.items()
    }
    return cls(**values)
