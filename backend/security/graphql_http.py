"""GraphQL over HTTP (the GraphQL Foundation's spec): media types and the status of request errors.

A client that accepts `application/graphql-response+json` gets that media type, and a
request that could not be executed at all (a syntax error, a validation failure, a variable
that does not coerce or is missing) is answered 400 with `errors` and no `data` entry. A
client of the older `application/json` gets 200 for the same errors, also without `data`,
as the spec asks. Errors raised while executing fields keep 200 and the partial `data`.
"""

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, parse

from backend.api.errors import ApiErrorCode

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"

# Codes given to errors about the document or its variables (backend/schema/error_codes.py).
# The cost budget's refusals are not among them: the document is valid, the caller must wait.
_REQUEST_ERROR_CODES = frozenset({
    "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", ApiErrorCode.MAX_DEPTH_EXCEEDED,
    ApiErrorCode.MAX_TOKENS_EXCEEDED, ApiErrorCode.MAX_ALIASES_EXCEEDED,
    ApiErrorCode.MAX_SIZE_EXCEEDED,
})


def response_media_type(accept: str | None) -> str:
    """The media type to answer with: the client's most preferred of the two, JSON by default."""
    best, best_q = JSON, -1.0
    for media, q in _accepted(accept or ""):
        if q <= 0:
            continue
        if media == GRAPHQL_RESPONSE:
            choice = GRAPHQL_RESPONSE
        elif media in (JSON, "application/*", "*/*"):
            choice = JSON
        else:
            continue
        if q > best_q:  # equal weights: the first listed wins
            best, best_q = choice, q
    return best


def _accepted(accept: str) -> Iterable[tuple[str, float]]:
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            yield media.lower(), q


def is_request_error(result: Any) -> bool:
    """True when the operation never ran: every error is about the document or its variables.
    `result` is an execution result (graphql-core's or Strawberry's: `data` and `errors`)."""
    if result.data is not None or not result.errors:
        return False
    return all(_is_request_error(error) for error in result.errors)


def _is_request_error(error: GraphQLError) -> bool:
    if error.path:
        return False  # raised by a field: execution had started
    code = (error.extensions or {}).get("code")
    # Variable coercion ("Variable '$x' got invalid value", "was not provided").
    return code in _REQUEST_ERROR_CODES or (code == "BAD_USER_INPUT" and error.message.startswith(
        "Variable "))


def request_error_status(media_type: str) -> int:
    """The status of a request error: 400 for the new media type, 200 for legacy JSON clients."""
    return 400 if media_type == GRAPHQL_RESPONSE else 200


def bad_request_reason(data: Any) -> str | None:
    """Why a decoded request body or query string is not a GraphQL request, or None."""
    if isinstance(data, list):  # a batch
        return next(filter(None, map(bad_request_reason, data)), None)
    if not isinstance(data, dict):
        return "The request must be a JSON object."
    name = data.get("operationName")
    if name is not None and not isinstance(name, str):
        return "The GraphQL operation's `operationName` must be a string or null, if provided."
    return None


def ambiguity(query: str | None, operation_name: str | None) -> str | None:
    """Why the operation to run cannot be told, when the document has several and none is named."""
    if operation_name is not None or not query or _operations(query) < 2:
        return None
    return "Must provide operation name if query contains multiple operations."


# Bounds the look ahead of execution; a larger document is refused by the schema's own
# token limit (backend/schema/root.py, the same figure) when it runs.
MAX_TOKENS = 3000


@lru_cache(maxsize=1024)
def _operations(query: str) -> int:
    try:
        document = parse(query, no_location=True, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return 0  # a syntax error or too long: reported by the execution, with its reason
    return sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
