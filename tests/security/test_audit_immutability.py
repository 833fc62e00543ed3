"""The audit trail refuses changes; `erp audit verify` finds any made around the refusal:
an edit, a deletion, a reordering and a back-dated insertion, each at the first broken link."""

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta

import asyncpg
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.embedded import to_libpq_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.db.models import AuditEvent
from backend.domain.rules.hashchain import chain_hash
from backend.domain.trust import audit
from backend.domain.trust.audit_verify import ChainReport, verify_chain
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
    """`erp audit verify`, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "backend", "audit", "verify"],
        env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=60,
    )


async def chain_report(url: str) -> ChainReport:
    """What `erp audit verify` reports, checked in this process: the command's own output
    and exit code are checked once, in the first test below."""
    engine = create_engine(url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            return await verify_chain(session)
    finally:
        await engine.dispose()


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
    broken = await chain_report(chain_database)
    assert broken.broken_at == deleted + 1
    assert broken.problem and "link to the previous event" in broken.problem


async def test_verify_finds_two_rows_swapped(chain_database: str) -> None:
    """Reordering: the rows at two neighbouring ids trade places (content, links and hashes)."""
    conn = await asyncpg.connect(to_libpq_url(chain_database))
    try:
        async with conn.transaction():
            await conn.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_immutable")
            first = await conn.fetchval("SELECT id FROM audit_events ORDER BY id OFFSET 2 LIMIT 1")
            rows = await conn.fetch(
                "DELETE FROM audit_events WHERE id IN ($1::bigint, $1::bigint + 1) RETURNING *", first)
            by_id = {row["id"]: dict(row) for row in rows}
            for new_id, old_id in ((first, first + 1), (first + 1, first)):
                row = {**by_id[old_id], "id": new_id}
                await conn.execute(
                    f"INSERT INTO audit_events ({', '.join(row)}) OVERRIDING SYSTEM VALUE "
                    f"VALUES ({', '.join(f'${i + 1}' for i in range(len(row)))})", *row.values())
            await conn.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_immutable")
    finally:
        await conn.close()
    broken = await chain_report(chain_database)
    assert broken.broken_at == first
    assert broken.problem and "link to the previous event" in broken.problem


async def test_verify_finds_a_back_dated_insert(chain_database: str) -> None:
    """An event appended with a correct link and hash, but dated before the event it follows."""
    engine = create_engine(chain_database, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            head = await session.scalar(
                select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
            assert head is not None
            forged = AuditEvent(
                occurred_at=head.occurred_at - timedelta(days=3), actor_id=None,
                action=str(AuditAction.SEED_DEMO), entity_type="Test", entity_id=99,
                reason=None, changes={"n": [None, 99]}, prev_hash=head.hash,
            )
            forged.hash = chain_hash(head.hash, audit.audit_fields(forged))
            session.add(forged)
            await session.commit()
            forged_id = forged.id
    finally:
        await engine.dispose()
    broken = await chain_report(chain_database)
    assert broken.broken_at == forged_id
    assert broken.problem and "dated before the event preceding it" in broken.problem


async def test_concurrent_writers_keep_one_unforked_chain(chain_database: str) -> None:
    """Chained at commit: many transactions at once still give one chain, dates rising."""
    engine = create_engine(chain_database, pool_size=8)
    sessionmaker = create_sessionmaker(engine)

    async def writer(i: int) -> None:
        async with sessionmaker() as session, session.begin():
            for j in range(3):
                await audit.record(session, actor_id=None, action=AuditAction.SEED_DEMO,
                                   entity_type="Test", entity_id=i * 10 + j,
                                   changes=audit.created(n=j))
                await asyncio.sleep(0)

    try:
        await asyncio.gather(*(writer(i) for i in range(16)))
    finally:
        await engine.dispose()
    intact = await chain_report(chain_database)
    assert intact.intact and intact.checked == 53, intact
