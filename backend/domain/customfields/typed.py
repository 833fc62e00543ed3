"""One custom field value, parsed by its type and written in its one normalised text form."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from backend.enums import CustomFieldType

MAX_TEXT = 1000
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})


class BadValue(ValueError):
    """The text is no value of the field's type; the message says what is expected."""


@dataclass(frozen=True, slots=True)
class Typed:
    """A value as stored: the normalised text and the typed column its type fills."""

    text: str
    number: Decimal | None = None
    day: date | None = None
    flag: bool | None = None


def parse(kind: CustomFieldType, raw: str | None, enum_values: list[str]) -> Typed | None:
    """The typed value of `raw`, or None when it is empty (which clears the field);
    BadValue when it is no value of that type."""
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    if kind is CustomFieldType.TEXT:
        if len(value) > MAX_TEXT:
            raise BadValue(f"At most {MAX_TEXT} characters.")
        return Typed(value)
    if kind is CustomFieldType.NUMBER:
        number = _number(value)
        return Typed(format_number(number), number=number)
    if kind is CustomFieldType.DATE:
        day = _date(value)
        return Typed(day.isoformat(), day=day)
    if kind is CustomFieldType.BOOLEAN:
        lowered = value.lower()
        if lowered not in _TRUE | _FALSE:
            raise BadValue('Expected "true" or "false".')
        flag = lowered in _TRUE
        return Typed("true" if flag else "false", flag=flag)
    if value not in enum_values:
        raise BadValue(f"Expected one of {', '.join(enum_values)}.")
    return Typed(value)


def format_number(number: Decimal) -> str:
    """Plain decimal text without trailing zeros: 12.50 is "12.5", 100 stays "100"."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "+0") else text


def _number(value: str) -> Decimal:
    if not _NUMBER.match(value) or len(value) > 40:
        raise BadValue('Expected a decimal number such as "12.5".')
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise BadValue('Expected a decimal number such as "12.5".') from None


def _date(value: str) -> date:
    if not _DATE.match(value):
        raise BadValue('Expected an ISO date such as "2027-03-31".')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadValue(f"{value} is no calendar date.") from None
