"""Relay global ids: base64("Type:pk"), opaque to clients."""

import base64
import binascii

from backend.schema.errors import BadUserInput


def to_global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def from_global_id(global_id: str) -> tuple[str, int]:
    """(type name, primary key); BadUserInput for anything that is not one of our ids."""
    try:
        raw = base64.b64decode(global_id.encode(), validate=True).decode()
        type_name, _, pk = raw.partition(":")
        if not type_name.isidentifier() or not pk.isdigit() or len(pk) > 18:
            raise ValueError(raw)
        return type_name, int(pk)
    except (binascii.Error, UnicodeError, ValueError):
        raise BadUserInput(f"{global_id!r} is not a valid ID.") from None


def pk_of(global_id: str, expected_type: str, *, argument: str = "id") -> int:
    """Primary key of an id that must name `expected_type`."""
    type_name, pk = from_global_id(global_id)
    if type_name != expected_type:
        raise BadUserInput(
            f"Argument {argument!r} must be a {expected_type} ID, got a {type_name} ID."
        )
    return pk
