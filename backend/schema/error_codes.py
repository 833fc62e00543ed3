"""Every error a client sees carries `extensions.code`; unexpected ones are masked and logged.

A masked error names the request id (also sent as the X-Request-ID header); the
log has the traceback under the same id. In production, "Did you mean ...?"
hints are cut from validation messages, so the schema cannot be guessed from them.
"""

import logging
import re

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from backend.api.errors import ApiErrorCode, ServiceUnavailable
from backend.db.engine import is_unavailable
from backend.observability.context import current_request_id
from backend.state import app_state

log = logging.getLogger("backend.graphql")

_SUGGESTION = re.compile(r"\s*Did you mean .*$", re.DOTALL)
# Refusals by the document limits, recognised by the limiters' messages.
_LIMIT_CODES = (
    ("exceeds maximum operation depth", "MAX_DEPTH_EXCEEDED"),
    ("contains more than", "MAX_TOKENS_EXCEEDED"),  # "Document contains more than N tokens"
    ("aliases found. Allowed", "MAX_ALIASES_EXCEEDED"),
)


def is_client_error(error: GraphQLError) -> bool:
    """Errors about the request itself (syntax, validation, auth, input) are shown as they are."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


def _code_for_language_error(error: GraphQLError) -> str:
    message = error.message
    for fragment, code in _LIMIT_CODES:
        if fragment in message:
            return code
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if message.startswith("Variable ") or "got invalid value" in message:
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


class ErrorPolicy(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: not is_client_error(error))

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if is_unavailable(error.original_error):
            # Not a fault of the server's code: the database is out of reach. Retryable.
            log.warning("database unavailable at %s: %s", ".".join(str(p) for p in error.path
                                                                   or ()), error.original_error)
            unavailable = ServiceUnavailable()
            return GraphQLError(
                message=unavailable.message, nodes=error.nodes, source=error.source,
                positions=error.positions, path=error.path, extensions=unavailable.extensions,
            )
        request_id = current_request_id()
        log.error(
            "unexpected error in request %s at %s",
            request_id,
            ".".join(str(p) for p in error.path or ()),
            exc_info=error.original_error,
        )
        return GraphQLError(
            message=f"Unexpected error. Quote request {request_id} when reporting it.",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        )

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        hide_suggestions = self._in_production()
        for error in processed:
            extensions = error.extensions or {}
            if not extensions.get("code"):
                error.extensions = {**extensions, "code": _code_for_language_error(error)}
            elif extensions["code"] == ApiErrorCode.SERVICE_UNAVAILABLE:
                self._answer_unavailable()
            if hide_suggestions and error.original_error is None:
                error.message = _SUGGESTION.sub("", error.message)
        return processed

    def _answer_unavailable(self) -> None:
        """HTTP 503 with Retry-After, so that proxies and clients see "retry" too."""
        response = getattr(getattr(self.execution_context, "context", None), "response", None)
        if response is not None and hasattr(response, "headers"):
            response.status_code = 503
            response.headers["Retry-After"] = str(ServiceUnavailable.RETRY_AFTER_SECONDS)

    def _in_production(self) -> bool:
        context = getattr(self.execution_context, "context", None)
        request = getattr(context, "request", None)
        return request is not None and app_state(request).settings.is_production
