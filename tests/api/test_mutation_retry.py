"""A mutation that PostgreSQL picks as a deadlock victim is run again, and succeeds.

A real deadlock of a real mutation: an allocation locks the stock balances of every
candidate lot (L1 and L2) and only later takes the next backorder number. The test
holds that number's row, so the allocation waits there; then the test asks for L2's
balance, which the allocation holds. The allocation has waited longest, so
PostgreSQL's deadlock check (after `deadlock_timeout`) aborts it, and the runner runs
it again. (The audit chain is no longer a lock held across a transaction, see
`backend.domain.trust.audit`, so it cannot take part in such a cycle any more.)
"""

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.db.models import ReplenishmentRequest, SalesOrderLine
from backend.domain.numbering import NEXT_VALUE
from backend.domain.tx import transaction
from backend.seed.invariants import check_invariants
from tests.support import builders
from tests.support.client import Client
from tests.support.documents import ALLOCATE
from tests.support.ids import gid

LOCK_BALANCE = text("SELECT 1 FROM stock_balances WHERE lot_id = :lot FOR UPDATE")
BLOCKED_BY = text("select pid from pg_stat_activity where :pid = any(pg_blocking_pids(pid))")


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def records_of(name: str) -> Iterator[list[logging.LogRecord]]:
    """Every record of logger `name` (from any thread) while inside, at INFO and above."""
    logger, handler = logging.getLogger(name), Records()
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def blocked_by(engine: AsyncEngine, pid: int, wait: float = 20.0) -> int:
    """The server connection that waits for a lock held by connection `pid`, once one does."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    async with engine.connect() as conn:
        while (waiting := await conn.scalar(BLOCKED_BY, {"pid": pid})) is None:
            assert loop.time() < deadline, f"nothing waits for connection {pid}"
            await asyncio.sleep(0.01)
    return waiting


async def test_a_deadlocked_mutation_is_retried_and_both_succeed(
    client: Client, engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    rtm = (await builders.warehouses(sessionmaker))["NL-RTM"]
    product = await builders.make_product(sessionmaker)
    unstocked = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    later = await builders.make_lot(
        sessionmaker, product, warehouse_id=rtm, quantity=10, expires_in_days=400
    )
    async with transaction(sessionmaker) as session:  # an older reservation of the later lot
        await builders.allocated(session, customer.id, [(product.id, 1)])
    sooner = await builders.make_lot(
        sessionmaker, product, warehouse_id=rtm, quantity=10, expires_in_days=200
    )
    async with transaction(sessionmaker) as session:
        order = await builders.approved(session, customer.id, [(product.id, 1), (unstocked.id, 1)])
    for user in ("sales", "qa"):
        await client.token(user)

    with records_of("backend.resolvers.mutations") as records:
        async with engine.connect() as gate:
            # Hold the number the allocation's backorder takes next: it stops there, having
            # locked both lots' balances.
            await gate.execute(NEXT_VALUE, {"series": "RQ", "year": datetime.now(UTC).year})
            allocating = asyncio.create_task(client.call(
                "sales", ALLOCATE, id=gid("SalesOrder", order.id), backorder=True
            ))
            await blocked_by(engine, await gate.scalar(text("select pg_backend_pid()")))
            # Now wait for a balance the allocation holds: a deadlock, the allocation its victim.
            await gate.execute(LOCK_BALANCE, {"lot": later.id})
            await gate.rollback()
        allocated = await asyncio.wait_for(allocating, 60)

    assert allocated["allocateSalesOrder"]["userErrors"] == []
    retries = [r for r in records if "retrying" in r.getMessage()]
    assert [r.levelno for r in retries] == [logging.INFO], [r.getMessage() for r in records]
    assert "40P01" in retries[0].getMessage()
    print(f"\n{retries[0].getMessage()}")

    # The retry did the whole allocation once: the sooner lot and a backorder.
    lines = allocated["allocateSalesOrder"]["order"]["lines"]
    assert [(a["lot"]["lotNumber"], a["quantity"]) for a in lines[0]["allocations"]] == [
        (sooner.lot_number, 1)
    ]
    async with sessionmaker() as session:
        assert await session.scalar(
            select(ReplenishmentRequest.quantity).join(SalesOrderLine)
            .where(SalesOrderLine.order_id == order.id)
        ) == 1
        assert await check_invariants(session) == []
