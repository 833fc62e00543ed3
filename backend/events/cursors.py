"""Event cursors: opaque to clients, monotonic, naming the last event a reader has seen."""

import base64
import binascii

from backend.api.errors import BadUserInput

_PREFIX = "outbox:"


def encode(event_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{event_id}".encode()).decode()


def decode(cursor: str, *, argument: str = "after") -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not raw.startswith(_PREFIX) or not raw[len(_PREFIX):].isdigit():
            raise ValueError(raw)
        return int(raw[len(_PREFIX):])
    except (binascii.Error, UnicodeError, ValueError):
        raise BadUserInput(f"Argument {argument!r} is not a valid event cursor.") from None
