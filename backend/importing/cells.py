"""Turning CSV cells into typed values; a cell that cannot be read raises CellError."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any


class CellError(ValueError):
    pass


def text(value: str) -> str:
    return value.strip()


def integer(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise CellError(f"{value!r} is not a whole number") from None


def decimal(value: str) -> Decimal:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise CellError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise CellError(f"{value!r} is not a number")
    return number


def floating(value: str) -> float:
    return float(decimal(value))


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CellError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "y", "1"):
        return True
    if lowered in ("false", "no", "n", "0"):
        return False
    raise CellError(f"{value!r} is not yes or no")


def one_of(enum: type[StrEnum]) -> Callable[[str], Any]:
    def parse(value: str) -> StrEnum:
        try:
            return enum(value.strip().upper())
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise CellError(f"{value!r} is not one of {allowed}") from None

    return parse
