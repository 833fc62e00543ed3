"""GraphQL errors with a stable `extensions.code`; anything else reaches clients masked."""

from graphql import GraphQLError


class ApiError(GraphQLError):
    """An error meant for the client: its message and code are shown as they are."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message, extensions={"code": code or self.code})


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"

    def __init__(
        self, message: str = "Authentication required: send a valid bearer token."
    ) -> None:
        super().__init__(message)


class Forbidden(ApiError):
    code = "FORBIDDEN"

    def __init__(self, message: str = "You are not allowed to see or do this.") -> None:
        super().__init__(message)


class BadUserInput(ApiError):
    code = "BAD_USER_INPUT"


class NotImplementedYet(ApiError):
    code = "NOT_IMPLEMENTED"

    def __init__(self, operation: str) -> None:
        super().__init__(f"{operation} is not available yet.")
