"""The audit trail refuses changes; `erp audit verify` finds any made around the refusal."""

import os
import subprocess
import sys
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.embedded import to_libpq_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.domain.trust import audit
from backend.enums import AuditAction
from tests.support.database import fresh_database


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET reason = 'x' WHERE id = (SELECT max(id) FROM audit_events)",
        "DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)",
        "TRUNCATE audit_events CASCADE",
    ],
    ids=["update", "delete", "truncate"],
)
async def test_audit_events_cannot_be_changed(
    engine: AsyncEngine, demo_data: object, statement: str
) -> None:
    async with engine.connect() as conn:
        before = (await conn.exec_driver_sql("SELECT count(*), max(hash) FROM audit_events")).one()
        assert before[0] > 0
        with pytest.raises(Exception, match="append-only"):
            await conn.exec_driver_sql(statement)
        await conn.rollback()
        after = (await conn.exec_driver_sql("SELECT count(*), max(hash) FROM audit_events")).one()
    assert after == before


@pytest.fixture
async def chain_database(postgres_url: str) -> AsyncIterator[str]:
    """A database of its own with a short audit chain, free to be tampered with."""
    async with fresh_database(postgres_url, "erp_audit") as url:
        engine = create_engine(url, pool_size=1)
        try:
            async with create_sessionmaker(engine)() as session, session.begin():
                for i in range(5):
                    await audit.record(session, actor_id=None, action=AuditAction.SEED_DEMO,
                                       entity_type="Test", entity_id=i,
                                       changes=audit.created(n=i))
        finally:
            await engine.dispose()
        yield url


def verify(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backend", "audit", "verify"],
        env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=60,
    )


async def tamper(url: str, statement: str) -> int:
    conn = await asyncpg.connect(to_libpq_url(url))
    try:
        async with conn.transaction():
            await conn.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_immutable")
            target = await conn.fetchval("SELECT id FROM audit_events ORDER BY id OFFSET 2 LIMIT 1")
            await conn.execute(statement, target)
            await conn.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_immutable")
        return target
    finally:
        await conn.close()


async def test_verify_finds_a_row_changed_behind_the_trigger(chain_database: str) -> None:
    intact = verify(chain_database)
    assert intact.returncode == 0, intact.stderr
    assert "intact: 5 events" in intact.stdout

    changed = await tamper(
        chain_database, "UPDATE audit_events SET changes = '{\"n\": 99}' WHERE id = $1"
    )
    broken = verify(chain_database)
    assert broken.returncode == 1
    assert f"broken at event {changed}" in broken.stderr
    assert "no longer matches its hash" in broken.stderr


async def test_verify_finds_a_deleted_row(chain_database: str) -> None:
    deleted = await tamper(chain_database, "DELETE FROM audit_events WHERE id = $1")
    broken = verify(chain_database)
    assert broken.returncode == 1
    assert f"broken at event {deleted + 1}" in broken.stderr
    assert "link to the previous event" in broken.stderr
