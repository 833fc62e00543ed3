"""GraphQL errors with a stable `extensions.code`; anything else reaches clients masked."""

from enum import StrEnum

from graphql import GraphQLError


class ApiErrorCode(StrEnum):
    """Codes of top-level GraphQL errors (business refusals are `userErrors` instead)."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    INVALID_GTIN = "INVALID_GTIN"
    INVALID_BARCODE = "INVALID_BARCODE"
    UNAVAILABLE = "UNAVAILABLE"
    # The database cannot be reached now: retry, with the same idempotency key for a write.
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    THROTTLED = "THROTTLED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED"
    MAX_TOKENS_EXCEEDED = "MAX_TOKENS_EXCEEDED"
    MAX_ALIASES_EXCEEDED = "MAX_ALIASES_EXCEEDED"
    MAX_SIZE_EXCEEDED = "MAX_SIZE_EXCEEDED"
    MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_REQUIRED = "PERSISTED_QUERY_REQUIRED"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    BAD_REQUEST = "BAD_REQUEST"


class ApiError(GraphQLError):
    """An error meant for the client: its message and code are shown as they are."""

    code = ApiErrorCode.INTERNAL_SERVER_ERROR

    def __init__(self, message: str, *, code: ApiErrorCode | None = None) -> None:
        super().__init__(message, extensions={"code": str(code or self.code)})


class ServiceUnavailable(ApiError):
    """The database could not be reached (in time): nothing was done, or a write's outcome is
    unknown. Either way the client retries, with the same idempotency key for a write."""

    code = ApiErrorCode.SERVICE_UNAVAILABLE
    RETRY_AFTER_SECONDS = 1

    def __init__(
        self,
        message: str = "The database is not reachable right now; retry in a moment "
        "(with the same idempotency key for a write).",
    ) -> None:
        GraphQLError.__init__(self, message, extensions={
            "code": str(self.code), "retryAfterSeconds": self.RETRY_AFTER_SECONDS,
        })


class Unauthenticated(ApiError):
    code = ApiErrorCode.UNAUTHENTICATED

    def __init__(
        self, message: str = "Authentication required: send a valid bearer token."
    ) -> None:
        super().__init__(message)


class Forbidden(ApiError):
    code = ApiErrorCode.FORBIDDEN

    def __init__(self, message: str = "You are not allowed to see or do this.") -> None:
        super().__init__(message)


class BadUserInput(ApiError):
    code = ApiErrorCode.BAD_USER_INPUT
