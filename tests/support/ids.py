"""Relay global ids of rows, and the rows of global ids."""

from __future__ import annotations

from backend.api.ids import from_global_id, to_global_id


def gid(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)


def pk(global_id: str) -> int:
    """The primary key in a global id (of any type)."""
    return from_global_id(global_id)[1]


__all__ = ["from_global_id", "gid", "pk", "to_global_id"]
