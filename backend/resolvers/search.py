"""Case-insensitive substring search that treats the user's text literally."""

from typing import Any

from sqlalchemy import ColumnElement

from backend.api.errors import BadUserInput

MAX_SEARCH_LENGTH = 200


def contains(column: ColumnElement[Any], text: str) -> ColumnElement[bool]:
    if len(text) > MAX_SEARCH_LENGTH:
        raise BadUserInput(f"Search text must be at most {MAX_SEARCH_LENGTH} characters.")
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")
