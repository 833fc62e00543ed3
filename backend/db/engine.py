"""The async engine and session factory, and what counts as "the database is unreachable"."""

from __future__ import annotations

import asyncpg
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from backend.db.embedded import start_embedded, to_async_url
from backend.settings import Settings

# SQLSTATE classes of a database that is gone or going: 08 connection exception,
# 57 operator intervention (shutting down, starting up, terminated by an administrator).
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "57")


def database_url(settings: Settings) -> str:
    """The asyncpg URL to use: DATABASE_URL if set, else the embedded server's."""
    url = settings.database_url or start_embedded(settings.data_dir)
    return to_async_url(url)


def create_engine(
    url: str, *, pool_size: int = 10, echo: bool = False, pool_timeout: float = 30.0
) -> AsyncEngine:
    """An engine without a ping per checkout: a connection found dead by its first statement
    is replaced (SQLAlchemy then recycles the whole pool) and the caller retries once
    (`backend.resolvers.request_db`, `run_mutation`). `pool_timeout` bounds both the wait
    for a pooled connection and the opening of a new one."""
    return create_async_engine(
        to_async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=pool_timeout,
        connect_args={"timeout": pool_timeout},
        echo=echo,
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Loaded objects stay readable after commit: responses are built after it.
    return async_sessionmaker(engine, expire_on_commit=False)


def is_unavailable(error: BaseException | None) -> bool:
    """Whether `error` says the database cannot be reached now (retry later), not that a
    statement was wrong: no pooled connection in time, connection refused or lost, or the
    server shutting down or starting up."""
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, sa_exc.TimeoutError | TimeoutError | OSError):
            return True
        if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, asyncpg.exceptions.ConnectionDoesNotExistError):
            return True
        sqlstate = getattr(error, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate[:2] in UNAVAILABLE_SQLSTATE_CLASSES:
            return True
        if isinstance(error, sa_exc.DBAPIError):
            error = error.orig
        else:
            error = error.__cause__
        seen += 1
    return False
