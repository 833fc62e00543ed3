"""The bearer token of a request, and the claims it proves."""

from typing import Any

from starlette.requests import HTTPConnection

from backend.auth.tokens import Claims, InvalidToken, decode_token
from backend.state import app_state


def bearer_token(
    connection: HTTPConnection, params: dict[str, Any] | None = None, *, headers: bool = True
) -> str | None:
    """The token from the WebSocket init `params`, else (if `headers`) the Authorization header."""
    header = (params or {}).get("authorization")
    if header is None and headers:
        header = connection.headers.get("authorization")
    if not isinstance(header, str):
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def authenticate(connection: HTTPConnection, token: str | None) -> tuple[Claims | None, str | None]:
    """(claims, None) for a valid token; (None, why) for a refused one; (None, None) for none."""
    if token is None:
        return None, None
    state = app_state(connection)
    try:
        return decode_token(
            token, settings=state.settings, secret=state.jwt_secret, keys=state.jwt_keys
        ), None
    except InvalidToken as exc:
        return None, str(exc)
