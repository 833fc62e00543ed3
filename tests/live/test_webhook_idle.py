"""An idle webhook worker sleeps until NOTIFY wakes it: no polling every second."""

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.engine import create_engine
from backend.events.webhooks import WebhookWorker
from backend.observability.sql_count import StatementCounter
from tests.support.database import fresh_database


async def test_an_idle_worker_reads_once_and_sleeps_until_woken(postgres_url: str) -> None:
    async with fresh_database(postgres_url, "erp_idle") as url:  # no endpoint, nothing due
        engine = create_engine(url, pool_size=1)
        try:
            await _idle(engine)
        finally:
            await engine.dispose()


async def _idle(engine: AsyncEngine) -> None:
    counter = StatementCounter(keep=True).attach(engine)
    worker = WebhookWorker(engine, coalesce_seconds=0.01)
    task = asyncio.create_task(worker.run())
    try:
        await asyncio.sleep(1.5)
        idle = counter.count
        # One statement, outside a transaction: are there endpoints, is anything due?
        assert idle == 1, counter.statements
        worker.wake()  # what the outbox listener does on NOTIFY
        await asyncio.sleep(0.3)
        assert counter.count == idle + 1, counter.statements
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        counter.detach()
