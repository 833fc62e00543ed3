"""The outbox: ids in commit order, and retention that keeps newer cursors resumable."""

import asyncio
import os
import subprocess
import sys

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.db.embedded import to_libpq_url
from backend.domain.inventory import stock
from backend.domain.tx import transaction
from backend.enums import StockMoveKind
from backend.events import cursors
from tests.support.builders import StockItem, move, stock_item
from tests.support.client import Client
from tests.support.server import LiveServer
from tests.support.ws import ws_connect

LATEST = text("select coalesce(max(id), 0) from outbox_events")
STOCK_CHANGED = """
subscription ($p: ID, $after: String) { stockChanged(productId: $p, after: $after) { delta } }
"""


async def _receipt(session: AsyncSession, item: StockItem) -> None:
    await stock.post_move(
        session, kind=StockMoveKind.RECEIPT, product_id=item.product_id, lot_id=item.lot_id,
        warehouse_id=item.warehouse_id, quantity=1, actor_id=None,
    )


async def test_event_ids_follow_commit_order_not_start_order(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], demo_data: object
) -> None:
    early, late = await stock_item(sessionmaker), await stock_item(sessionmaker)
    changed = asyncio.Event()
    may_commit = asyncio.Event()

    async def slow() -> None:
        async with transaction(sessionmaker) as session:
            await _receipt(session, early)  # announced first...
            changed.set()
            await may_commit.wait()  # ...committed last

    task = asyncio.create_task(slow())
    await asyncio.wait_for(changed.wait(), 10)
    await move(sessionmaker, late, 1)
    may_commit.set()
    await task
    async with engine.connect() as conn:
        ids = dict((await conn.execute(text(
            "select (payload->>'lot_id')::bigint, id from outbox_events "
            "where (payload->>'lot_id')::bigint in (:a, :b)"
        ), {"a": early.lot_id, "b": late.lot_id})).all())
    assert ids[late.lot_id] < ids[early.lot_id]


async def test_pruning_keeps_newer_cursors_resumable_and_refuses_pruned_ones(
    server: LiveServer, client: Client, item: StockItem, engine: AsyncEngine, database_url: str,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await move(sessionmaker, item, 1)
    async with engine.begin() as conn:
        pruned_cursor = cursors.encode(await conn.scalar(LATEST))
    await move(sessionmaker, item, 2)
    async with engine.begin() as conn:
        old = await conn.scalar(LATEST)
        await conn.execute(text(
            "update outbox_events set occurred_at = now() - interval '40 days' where id <= :old"
        ), {"old": old})
    await move(sessionmaker, item, 3)  # recent: kept
    for _ in range(100):  # the server's webhook dispatcher must have passed them
        async with engine.connect() as conn:
            dispatched = await conn.scalar(text(
                "select event_id from outbox_positions where name = 'webhooks'"))
        if dispatched is not None and dispatched >= old:
            break
        await asyncio.sleep(0.05)

    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "backend", "outbox", "prune", "--older-than", "30d"],
        env={**os.environ, "DATABASE_URL": to_libpq_url(database_url)},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"events up to {old} are gone" in result.stdout
    async with engine.connect() as conn:
        assert await conn.scalar(text(
            "select count(*) from outbox_events where id <= :old"), {"old": old}) == 0

    async with ws_connect(server.ws_url, await client.token("warehouse")) as ws:
        await ws.subscribe(STOCK_CHANGED, {"p": item.product_gid, "after": cursors.encode(old)})
        assert (await ws.next_data())["stockChanged"]["delta"] == 3
        await ws.subscribe(STOCK_CHANGED, {"p": item.product_gid, "after": pruned_cursor})
        message = await ws.receive()
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert "retention" in errors[0]["message"]
