"""POST /auth/token: exchange a username and password for an access token."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Sequence
from contextlib import AsyncExitStack
from typing import Any

import orjson
from sqlalchemy import TextClause, column, table, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.requests import Request
from starlette.routing import Route

from backend.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from backend.auth.sessions import UserState, user_sessions
from backend.auth.tokens import issue_token
from backend.domain.users.lockout import record_failed_sign_in
from backend.http.responses import ORJSONResponse, error_response
from backend.security.buckets import Ask, decisions, give_back_sql, take_params, upsert_sql
from backend.security.login_limits import LoginLimiter
from backend.state import app_state

MAX_BODY_BYTES = 16 * 1024
MAX_FIELD_LENGTH = 1024

log = logging.getLogger(__name__)

# One row per bucket taken, with the user (or NULLs for an unknown username).
USER_AND_LIMITS = (
    "WITH taken AS ({take}) "
    "SELECT t.key, t.tokens, t.granted, u.id, u.password_hash, u.is_active, u.customer_id, "
    "u.locked_at, u.password_change_required, u.session_version "
    "FROM taken AS t LEFT JOIN users AS u ON u.username = :username"
)
# A success clears the run of failures (lockout counts failures in a row).
SIGNED_IN = (
    "seen AS (UPDATE users SET failed_login_count = 0, last_login_at = now() "
    "WHERE id = :user_id)"
)

# Lightweight table clauses: only the columns login needs.
users = table(
    "users",
    column("id"),
    column("username"),
    column("password_hash"),
    column("is_active"),
    column("customer_id"),
)

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
    address = request.client.host if request.client else "unknown"
    asks = state.login_limiter.asks(username, address)
    sessions = user_sessions(state)
    epoch = sessions.epoch
    async with AsyncExitStack() as stack:
        # One statement takes the attempt's tokens and reads the user.
        conn, rows = await _first_statement(
            stack, state.engine, text(USER_AND_LIMITS.format(take=upsert_sql(len(asks)))),
            {**take_params(asks), "username": username},
        )
        allowed = decisions(asks, rows)
        if rows[0].id is not None and rows[0].is_active and rows[0].locked_at is not None:
            # Locked after too many failures in a row: refused, right password or not, until
            # an administrator unlocks the account (ahead of the rate limit, which it outlasts).
            return _locked()
        if (wait := LoginLimiter.retry_after(allowed)) > 0:
            if taken := [ask for ask, d in zip(asks, allowed, strict=True) if d.allowed]:
                await _give_back(conn, taken, "SELECT 1")
            return error_response(
                429,
                "too_many_attempts",
                "Too many failed logins; try again later.",
                headers={**NO_STORE, "retry-after": str(math.ceil(wait))},
            )
        user = rows[0] if rows[0].id is not None else None

        # Always run one argon2 verification, so response time does not tell
        # whether the username exists. Off the event loop: it is CPU-bound.
        stored_hash = user.password_hash if user is not None else DUMMY_HASH
        password_ok = await asyncio.to_thread(verify_password, stored_hash, password)
        if user is not None and user.is_active and not password_ok:
            await record_failed_sign_in(state.sessionmaker, user.id)
        if user is None or not user.is_active or not password_ok:
            return error_response(  # the tokens taken stay taken: a failure
                401,
                "invalid_credentials",
                "The username or password is incorrect.",
                headers={**NO_STORE, "www-authenticate": "Bearer"},
            )

        # A success costs nothing: its tokens go back with the statement reading the roles.
        roles = await _give_back(
            conn, asks, "SELECT role FROM user_roles WHERE user_id = :user_id",
            ctes=SIGNED_IN, user_id=user.id,
        )

        if needs_rehash(user.password_hash):
            # Upgrade the stored hash to the current parameters while the
            # plaintext is at hand.
            new_hash = await asyncio.to_thread(hash_password, password)
            await conn.execute(
                update(users).where(users.c.id == user.id).values(password_hash=new_hash)
            )

    token, expires_in = issue_token(
        user_id=user.id,
        username=username,
        roles=[str(role) for role in roles],
        customer_id=user.customer_id,
        settings=state.settings,
        secret=state.jwt_secret,
        session_version=user.session_version,
    )
    sessions.remember(user.id, UserState(
        active=True, roles=frozenset(str(role) for role in roles), customer_id=user.customer_id,
        password_change_required=bool(user.password_change_required),
        session_version=user.session_version,
    ), epoch)
    log.info("issued token for user %s", user.id)
    return ORJSONResponse(
        {"access_token": token, "token_type": "bearer", "expires_in": expires_in},
        headers=NO_STORE,
    )


async def _first_statement(
    stack: AsyncExitStack, engine: AsyncEngine, stmt: TextClause, params: dict[str, Any]
) -> tuple[AsyncConnection, Sequence[Any]]:
    """A connection in autocommit (the limits' updates count at once, for every process) and
    the rows of its first statement. The pool does not ping: a pooled connection found dead
    (the database restarted) is replaced once."""
    for attempt in (1, 2):
        conn = await stack.enter_async_context(engine.connect())
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        try:
            return conn, (await conn.execute(stmt, params)).all()
        except DBAPIError as error:
            if not error.connection_invalidated or attempt == 2:
                raise
    raise AssertionError("unreachable")


def _locked() -> ORJSONResponse:
    return error_response(
        403, "account_locked",
        "The account is locked after too many failed sign-ins; ask an administrator to "
        "unlock it.", headers=NO_STORE,
    )


async def _give_back(
    conn: AsyncConnection, asks: list[Ask], select: str, *, ctes: str = "", **params: Any
) -> list[Any]:
    """Run `select` with the tokens of `asks` returned to their shared buckets; its first column.
    `ctes` adds data-modifying statements of the same round trip."""
    back, back_params = give_back_sql(asks)
    more = f", {ctes}" if ctes else ""
    result = await conn.execute(text(f"WITH back AS ({back}){more} {select}"),
                                {**back_params, **params})
    return [row[0] for row in result]


routes = [Route("/auth/token", token_endpoint, methods=["POST"])]
