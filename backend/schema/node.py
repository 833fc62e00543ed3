"""The Node interface and the mapping from plain rows to graph objects."""

from typing import Any, Self

import strawberry

from backend.schema.ids import to_global_id


class FromRow:
    """Graph objects are built straight from a row's columns, skipping dataclass __init__.

    Scalar fields then resolve as plain attributes; relationship fields read the
    foreign keys kept beside them. The row's `id` is kept as `pk`.
    """

    pk: int

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


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(type(self).__name__, self.pk))  # type: ignore[attr-defined]
