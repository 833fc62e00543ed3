"""Relay global ids, base64("Type:pk"), opaque to clients, decoded in one place.

Two outcomes for an id that is malformed or names another type: a query argument
is refused as BAD_USER_INPUT; a mutation input gets a `userErrors` entry with
code INVALID at the input path, like every other refusal of a mutation. An id left
empty (a select nobody chose) says what to choose instead.
"""

import base64
import binascii
import re
from collections.abc import Sequence

from backend.api.errors import BadUserInput
from backend.domain.errors import DomainError, ErrorCode


class MalformedId(ValueError):
    pass


def to_global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def decode_global_id(global_id: object) -> tuple[str, int]:
    """(type name, primary key); MalformedId for anything that is not one of our ids."""
    if not isinstance(global_id, str):
        raise MalformedId(global_id)
    try:
        raw = base64.b64decode(global_id.encode(), validate=True).decode()
    except (binascii.Error, UnicodeError):
        raise MalformedId(global_id) from None
    type_name, _, pk = raw.partition(":")
    if not type_name.isidentifier() or not pk.isdigit() or len(pk) > 18:
        raise MalformedId(global_id)
    return type_name, int(pk)


def from_global_id(global_id: str) -> tuple[str, int]:
    """(type name, primary key) of a query argument."""
    try:
        return decode_global_id(global_id)
    except MalformedId:
        raise BadUserInput(f"{global_id!r} is not a valid ID.") from None


def pk_of(global_id: str, expected_type: str, *, argument: str = "id") -> int:
    """Primary key of a query argument that must name `expected_type`."""
    type_name, pk = from_global_id(global_id)
    if type_name != expected_type:
        raise BadUserInput(
            f"Argument {argument!r} must be a {expected_type} ID, got a {type_name} ID."
        )
    return pk


def _missing(global_id: object) -> bool:
    return isinstance(global_id, str) and not global_id.strip()


def choose(type_name: str) -> str:
    """What to say of an id left empty: "Choose a sales order." (a form's unchosen select)."""
    noun = re.sub(r"(?<!^)(?=[A-Z])", " ", type_name).lower()
    return f"Choose {'an' if noun[0] in 'aeiou' else 'a'} {noun}."


def input_node(global_id: str, field: Sequence[str]) -> tuple[str, int]:
    """(type name, primary key) of an id in a mutation input, any type."""
    if _missing(global_id):
        raise DomainError.single(ErrorCode.INVALID, "Choose what this refers to.", field)
    try:
        return decode_global_id(global_id)
    except MalformedId:
        raise DomainError.single(
            ErrorCode.INVALID, f"{global_id!r} is not an id.", field
        ) from None


def input_pk(global_id: str, type_name: str, field: Sequence[str]) -> int:
    """Primary key of an id in a mutation input that must name `type_name`."""
    if _missing(global_id):
        raise DomainError.single(ErrorCode.INVALID, choose(type_name), field)
    found_type, pk = input_node(global_id, field)
    if found_type != type_name:
        raise DomainError.single(
            ErrorCode.INVALID, f"Expected the id of a {type_name}, got a {found_type} id.", field
        )
    return pk


def optional_input_pk(global_id: str | None, type_name: str, field: Sequence[str]) -> int | None:
    return None if global_id is None else input_pk(global_id, type_name, field)
