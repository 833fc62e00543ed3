"""The async engine and session factory."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from backend.db.embedded import start_embedded, to_async_url
from backend.settings import Settings


def database_url(settings: Settings) -> str:
    """The asyncpg URL to use: DATABASE_URL if set, else the embedded server's."""
    url = settings.database_url or start_embedded(settings.data_dir)
    return to_async_url(url)


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    return create_async_engine(
        to_async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        # A connection dropped by a database restart is replaced, not handed out.
        pool_pre_ping=True,
        echo=echo,
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Loaded objects stay readable after commit: responses are built after it.
    return async_sessionmaker(engine, expire_on_commit=False)
