"""Global ids in mutation inputs: a wrong or malformed id is NOT_FOUND at its field."""

from collections.abc import Sequence

from backend.domain.errors import DomainError, ErrorCode
from backend.schema.errors import BadUserInput
from backend.schema.ids import from_global_id


def node_of(global_id: str, field: Sequence[str]) -> tuple[str, int]:
    try:
        return from_global_id(global_id)
    except BadUserInput:
        raise DomainError.single(
            ErrorCode.NOT_FOUND, f"{global_id!r} is not an id.", field
        ) from None


def pk_in(global_id: str, type_name: str, field: Sequence[str]) -> int:
    found_type, pk = node_of(global_id, field)
    if found_type != type_name:
        raise DomainError.single(
            ErrorCode.NOT_FOUND, f"Expected the id of a {type_name}, got a {found_type}.", field
        )
    return pk
