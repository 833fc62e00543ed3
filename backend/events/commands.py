"""What `erp worker` and `erp outbox prune` run."""

from datetime import UTC, datetime, timedelta

from backend.db.engine import create_engine
from backend.events.prune import prune
from backend.events.runtime import run_worker


async def work(url: str) -> None:
    engine = create_engine(url, pool_size=4)
    try:
        await run_worker(engine)
    finally:
        await engine.dispose()


async def prune_outbox(url: str, older_than: timedelta) -> tuple[int, int]:
    engine = create_engine(url, pool_size=1)
    try:
        return await prune(engine, older_than=older_than, now=datetime.now(UTC))
    finally:
        await engine.dispose()
