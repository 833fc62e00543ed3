"""What the command modules share: the one-line failure, the database URL, short-lived engines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from backend.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine


class CommandError(Exception):
    """An expected failure: reported as one line, without a traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def database_url(settings: Settings) -> str:
    """DATABASE_URL, else the embedded server's (started on first use)."""
    from backend.db.engine import database_url as resolve

    return resolve(settings)


@asynccontextmanager
async def engine_for(url: str, pool_size: int = 1) -> AsyncIterator[AsyncEngine]:
    """An engine for one command, disposed of when it is done."""
    from backend.db.engine import create_engine

    engine = create_engine(url, pool_size=pool_size)
    try:
        yield engine
    finally:
        await engine.dispose()


async def users_table_empty(url: str) -> bool:
    from sqlalchemy import text

    async with engine_for(url) as engine, engine.connect() as conn:
        return not (await conn.scalar(text("select exists (select 1 from users)")))


async def load_demo(url: str, data_dir: Path | None = None) -> None:
    from backend.db.engine import create_sessionmaker
    from backend.domain.standards import signing
    from backend.seed.demo import load_demo as load

    if data_dir is not None:  # the demo's documents are signed by the installation's identity
        signing.use_data_dir(data_dir)

    async with engine_for(url, pool_size=2) as engine:
        await load(create_sessionmaker(engine))
