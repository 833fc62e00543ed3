"""Migrations build the whole data model on an empty database and take it down again."""

from collections.abc import AsyncIterator

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

import backend.db.models  # noqa: F401
from backend.db import migrate
from backend.db.base import Base
from backend.db.embedded import to_async_url, to_libpq_url
from tests.support.database import fresh_database

TABLES = (
    "select count(*) from pg_tables where schemaname = 'public' and tablename <> 'alembic_version'"
)
UNINDEXED_FOREIGN_KEYS = """
select c.conrelid::regclass::text as table_name, a.attname as column_name
from pg_constraint c
join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
where c.contype = 'f'
  and not exists (
    select 1 from pg_index i
    where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]
  )
"""


@pytest.fixture
async def empty_database(postgres_url: str) -> AsyncIterator[str]:
    async with fresh_database(postgres_url, "erp_migrations", migrated=False) as url:
        yield url


async def test_upgrade_head_then_downgrade_base(empty_database: str) -> None:
    conn = await asyncpg.connect(to_libpq_url(empty_database))
    try:
        migrate.upgrade(empty_database)
        assert await conn.fetchval(TABLES) == len(Base.metadata.tables)
        assert await conn.fetch(UNINDEXED_FOREIGN_KEYS) == []
        migrate.downgrade(empty_database, "base")
        assert await conn.fetchval(TABLES) == 0
        migrate.upgrade(empty_database)
        assert await conn.fetchval(TABLES) == len(Base.metadata.tables)
    finally:
        await conn.close()


async def test_models_and_migrations_agree(database_url: str) -> None:
    engine = create_async_engine(to_async_url(database_url))
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await engine.dispose()
    assert diff == [], "models changed without a migration: run `alembic revision --autogenerate`"
