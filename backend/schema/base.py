"""The Node interface and the mapping from plain rows to graph objects.

Resolvers hand back rows; each graph type builds itself from one (`from_row`).
A type refers to types of other areas by name (`graph("Customer", row)`), so
the areas' modules need not import one another.
"""

from collections.abc import Iterable
from typing import Any, ClassVar, Self, cast

import strawberry

from backend.api.ids import to_global_id

_TYPES: dict[str, type["FromRow"]] = {}


class FromRow:
    """Graph objects are built straight from a row's columns, skipping dataclass __init__.

    Scalar fields then resolve as plain attributes; relationship fields read the
    foreign keys kept beside them. The row's `id` is kept as `pk`.
    """

    pk: int
    graph_name: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.graph_name = cls.__name__
        _TYPES[cls.__name__] = cls

    @classmethod
    def from_row(cls, row: Any) -> Self:
        obj = cls.__new__(cls)
        values = obj.__dict__
        values.update(row._mapping)
        if "id" in values:
            values["pk"] = values.pop("id")
        return obj

    @classmethod
    def from_values(cls, **values: Any) -> Self:
        obj = cls.__new__(cls)
        obj.__dict__.update(values)
        return obj

    @classmethod
    def maybe(cls, row: Any) -> Self | None:
        return None if row is None else cls.from_row(row)

    @classmethod
    def required(cls, row: Any) -> Self:
        """For a non-null field. A row the viewer may not see comes back as None, which
        GraphQL answers as an error at that field, like any null in a non-null field."""
        return cast(Self, cls.maybe(row))

    @classmethod
    def many(cls, rows: Iterable[Any]) -> list[Self]:
        return [cls.from_row(row) for row in rows]


def graph_type(name: str) -> type[FromRow]:
    return _TYPES[name]


def graph(name: str, row: Any) -> Any:
    """The graph object of type `name` for a row (None for None)."""
    return None if row is None else _TYPES[name].from_row(row)


def graphs(name: str, rows: Iterable[Any]) -> list[Any]:
    make = _TYPES[name].from_row
    return [make(row) for row in rows]


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(type(self).__name__, self.pk))  # type: ignore[attr-defined]
