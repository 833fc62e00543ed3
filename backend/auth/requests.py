"""The bearer token of a request, and the claims it proves."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Executable
from starlette.requests import HTTPConnection

from backend.auth.sessions import current_claims, user_sessions
from backend.auth.tokens import Claims, InvalidToken, decode_token
from backend.db.engine import is_unavailable
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


async def authenticate_current(
    connection: HTTPConnection, token: str | None
) -> tuple[Claims | None, str | None]:
    """`authenticate`, then checked against the user's current account (see sessions)."""
    claims, error = authenticate(connection, token)
    if claims is None:
        return claims, error
    state = app_state(connection)

    async def read(stmt: Executable) -> Sequence[Any]:
        async with state.engine.connect() as conn:
            return (await conn.execute(stmt)).all()

    try:
        claims, error = await current_claims(user_sessions(state), claims, read)
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        # Out of reach: the endpoint's own statements answer that the service is unavailable.
        return claims, None
    if claims is not None and claims.password_change_required:
        return None, "Choose a new password first."
    return claims, error
