"""POST /auth/token: exchange a username and password for an access token."""

from __future__ import annotations

import asyncio
import logging
import math

import orjson
from sqlalchemy import column, select, table, update
from starlette.requests import Request
from starlette.routing import Route

from backend.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from backend.auth.tokens import issue_token
from backend.http.responses import ORJSONResponse, error_response
from backend.state import app_state

MAX_BODY_BYTES = 16 * 1024
MAX_FIELD_LENGTH = 1024

log = logging.getLogger(__name__)

# Lightweight table clauses: only the columns login needs.
users = table(
    "users",
    column("id"),
    column("username"),
    column("password_hash"),
    column("is_active"),
    column("customer_id"),
)
user_roles = table("user_roles", column("user_id"), column("role"))

# RFC 6749 §5.1: token responses must not be cached.
NO_STORE = {"cache-control": "no-store", "pragma": "no-cache"}


class BadRequest(Exception):
    pass


async def _read_credentials(request: Request) -> tuple[str, str]:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise BadRequest("request body is too large")
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadRequest("request body must be JSON") from exc
    if not isinstance(data, dict):
        raise BadRequest('request body must be a JSON object {"username": ..., "password": ...}')
    username, password = data.get("username"), data.get("password")
    for name, value in (("username", username), ("password", password)):
        if not isinstance(value, str) or not value:
            raise BadRequest(f'"{name}" is required and must be a non-empty string')
        if len(value) > MAX_FIELD_LENGTH:
            raise BadRequest(f'"{name}" is too long')
    assert isinstance(username, str) and isinstance(password, str)  # checked just above
    return username, password


async def token_endpoint(request: Request) -> ORJSONResponse:
    try:
        username, password = await _read_credentials(request)
    except BadRequest as exc:
        return error_response(400, "invalid_request", str(exc), headers=NO_STORE)

    state = app_state(request)
    limiter = state.login_limiter
    address = request.client.host if request.client else "unknown"
    if limiter is not None and (wait := limiter.retry_after(username, address)) > 0:
        return error_response(
            429,
            "too_many_attempts",
            "Too many failed logins; try again later.",
            headers={**NO_STORE, "retry-after": str(math.ceil(wait))},
        )

    async with state.sessionmaker() as session:
        user = (
            await session.execute(
                select(
                    users.c.id, users.c.password_hash, users.c.is_active, users.c.customer_id
                ).where(users.c.username == username)
            )
        ).one_or_none()

        # Always run one argon2 verification, so response time does not tell
        # whether the username exists. Off the event loop: it is CPU-bound.
        stored_hash = user.password_hash if user is not None else DUMMY_HASH
        password_ok = await asyncio.to_thread(verify_password, stored_hash, password)
        if user is None or not user.is_active or not password_ok:
            if limiter is not None:
                limiter.failed(username, address)
            return error_response(
                401,
                "invalid_credentials",
                "The username or password is incorrect.",
                headers={**NO_STORE, "www-authenticate": "Bearer"},
            )

        roles = (
            await session.scalars(select(user_roles.c.role).where(user_roles.c.user_id == user.id))
        ).all()

        if needs_rehash(user.password_hash):
            # Upgrade the stored hash to the current parameters while the
            # plaintext is at hand.
            new_hash = await asyncio.to_thread(hash_password, password)
            await session.execute(
                update(users).where(users.c.id == user.id).values(password_hash=new_hash)
            )
            await session.commit()

    token, expires_in = issue_token(
        user_id=user.id,
        username=username,
        roles=[str(role) for role in roles],
        customer_id=user.customer_id,
        settings=state.settings,
        secret=state.jwt_secret,
    )
    log.info("issued token for user %s", user.id)
    return ORJSONResponse(
        {"access_token": token, "token_type": "bearer", "expires_in": expires_in},
        headers=NO_STORE,
    )


routes = [Route("/auth/token", token_endpoint, methods=["POST"])]
