"""Fetching the rows a request names, or refusing it with NOT_FOUND at the field that named them."""

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.errors import DomainError, ErrorCode

T = TypeVar("T")


async def get(
    session: AsyncSession,
    model: type[T],
    pk: int | None,
    *,
    field: Sequence[str],
    lock: bool = False,
) -> T:
    row: Any = None if pk is None else await session.get(model, pk, with_for_update=lock)
    if row is None:
        name = getattr(model, "__name__", "record")
        raise DomainError.single(ErrorCode.NOT_FOUND, f"No such {name.lower()}.", field)
    return row
