"""Every error a client sees carries `extensions.code`; unexpected ones are masked and logged."""

import logging
import uuid

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

log = logging.getLogger("backend.graphql")


def is_client_error(error: GraphQLError) -> bool:
    """Errors about the request itself (syntax, validation, auth, input) are shown as they are."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


def _code_for_language_error(error: GraphQLError) -> str:
    message = error.message
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if message.startswith("Variable ") or "got invalid value" in message:
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


class ErrorPolicy(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: not is_client_error(error))

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        incident = uuid.uuid4().hex
        log.error(
            "unexpected error %s at %s",
            incident,
            ".".join(str(p) for p in error.path or ()),
            exc_info=error.original_error,
        )
        return GraphQLError(
            message=f"Unexpected error. Quote incident {incident} when reporting it.",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "incident": incident},
        )

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        for error in processed:
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": _code_for_language_error(error)}
        return processed
