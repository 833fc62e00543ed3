"""How a graph type's fields are read straight from its table, declared per type.

A type's declaration names, for each field it can build in SQL, where the value
comes from: a column (`Col`), the global id (`GlobalId`), one related row
(`One`) or a list of them (`Many`), with the ordering and the partner predicate
the resolver path's loader uses. A field left out is not compilable, and an
operation that selects it runs on the resolvers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, FromClause

from backend.domain.actor import Actor

# A partner predicate over one row of the declared table (its alias in the statement).
Predicate = Callable[[Actor, FromClause], ColumnElement[bool]]


class Value(Enum):
    """How a column's value is written in the answer, as Strawberry serializes it."""

    PLAIN = "plain"  # text, integers, booleans, dates: JSON as PostgreSQL writes them
    DECIMAL = "decimal"  # Strawberry's Decimal is a string
    DATETIME = "datetime"  # datetime.isoformat() of a UTC instant
    ENUM = "enum"  # stored by value, answered by name (equal for the enums declared)


@dataclass(frozen=True)
class Col:
    column: str
    value: Value = Value.PLAIN


@dataclass(frozen=True)
class GlobalId:
    """base64("Type:pk"), as `backend.api.ids.to_global_id` writes it."""


@dataclass(frozen=True)
class One:
    """The row of `type_name` whose `target` column equals this row's `source` column."""

    type_name: str
    source: str
    target: str = "id"
    predicate: Predicate | None = None


@dataclass(frozen=True)
class Many:
    """The rows of `type_name` whose `target` column equals this row's `source` column,
    in `order`; `via` reads them through a link table: (link table, its column naming this
    row, its column naming the listed row)."""

    type_name: str
    target: str
    order: tuple[str, ...]
    source: str = "id"
    via: tuple[FromClause, str, str] | None = None
    predicate: Predicate | None = None


Spec = Col | GlobalId | One | Many


@dataclass(frozen=True)
class TypeMap:
    type_name: str
    table: FromClause
    fields: dict[str, Spec] = field(default_factory=dict)


MAPS: dict[str, TypeMap] = {}


def declare(type_name: str, table: FromClause, fields: dict[str, Spec]) -> TypeMap:
    found = MAPS[type_name] = TypeMap(type_name, table, fields)
    return found


def adapted(predicate: ColumnElement[bool], table: FromClause, alias: FromClause) -> Any:
    """A predicate written over `table`, applied to its alias in a statement."""
    from sqlalchemy.sql.util import ClauseAdapter

    assert getattr(alias, "element", None) is table, "an alias of the predicate's table"
    return ClauseAdapter(alias).traverse(predicate)
