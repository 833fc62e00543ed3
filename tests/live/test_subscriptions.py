"""Subscriptions deliver what commits, once each, in commit order, and resume from a cursor."""

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.domain.inventory import stock
from backend.domain.trust import outbox
from backend.domain.tx import transaction
from backend.enums import StockMoveKind
from backend.events import store
from backend.events.hub import EventHub
from tests.support.builders import StockItem, move
from tests.support.client import Client
from tests.support.server import LiveServer
from tests.support.ws import ws_connect

STOCK_CHANGED = """
subscription ($productId: ID, $after: String) {
  stockChanged(productId: $productId, after: $after) {
    cursor occurredAt delta onHand available kind
    product { id sku } warehouse { id } lot { lotNumber }
  }
}
"""


async def test_stock_change_is_delivered_with_its_figures(
    server: LiveServer, client: Client, item: StockItem, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with ws_connect(server.ws_url, await client.token("warehouse")) as ws:
        await ws.subscribe(STOCK_CHANGED, {"productId": item.product_gid})
        await move(sessionmaker, item, 7)
        change = (await ws.next_data())["stockChanged"]
    assert change["delta"] == 7
    assert change["onHand"] == 7 and change["available"] == 7
    assert change["kind"] == "RECEIPT"
    assert change["product"]["id"] == item.product_gid


async def test_resuming_after_a_cursor_replays_exactly_what_was_missed_then_goes_live(
    server: LiveServer, client: Client, item: StockItem, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    warehouse = await client.token("warehouse")
    async with ws_connect(server.ws_url, warehouse) as ws:
        await ws.subscribe(STOCK_CHANGED, {"productId": item.product_gid})
        await move(sessionmaker, item, 100)
        seen = (await ws.next_data())["stockChanged"]["cursor"]

    for delta in (1, 2, 3, 4, 5):  # nobody is listening
        await move(sessionmaker, item, delta)

    async with ws_connect(server.ws_url, warehouse) as ws:
        await ws.subscribe(STOCK_CHANGED, {"productId": item.product_gid, "after": seen})
        replayed = [data["stockChanged"] for data in await ws.collect(5)]
        assert [c["delta"] for c in replayed] == [1, 2, 3, 4, 5]
        assert [c["onHand"] for c in replayed] == [101, 103, 106, 110, 115]
        assert await ws.silent(0.5)  # no duplicates
        await move(sessionmaker, item, -15)
        live = (await ws.next_data())["stockChanged"]
    assert live["delta"] == -15 and live["onHand"] == 100
    cursors = [c["cursor"] for c in replayed] + [live["cursor"]]
    assert len(set(cursors)) == 6


async def test_rolled_back_changes_are_never_announced(
    server: LiveServer, client: Client, item: StockItem, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with ws_connect(server.ws_url, await client.token("warehouse")) as ws:
        await ws.subscribe(STOCK_CHANGED, {"productId": item.product_gid})
        with pytest.raises(RuntimeError):
            async with transaction(sessionmaker) as session:
                await stock.post_move(
                    session, kind=StockMoveKind.RECEIPT, product_id=item.product_id,
                    lot_id=item.lot_id, warehouse_id=item.warehouse_id, quantity=50, actor_id=None,
                )
                raise RuntimeError("changed my mind")
        await move(sessionmaker, item, 3)
        change = (await ws.next_data())["stockChanged"]
    assert change["delta"] == 3 and change["onHand"] == 3


async def test_a_slow_subscriber_loses_nothing(
    engine: AsyncEngine, item: StockItem, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    hub = EventHub(engine, queue_size=4)
    async with engine.connect() as conn:
        hub.start_at(await conn.scalar(text("select coalesce(max(id), 0) from outbox_events")))
    start = hub.position
    stream = hub.stream(
        topics=(outbox.STOCK_CHANGED,), accepts=lambda e: e.payload["lot_id"] == item.lot_id
    )
    first = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0)  # subscribed, nothing read yet
    async with transaction(sessionmaker) as session:
        for _ in range(20):
            await stock.post_move(
                session, kind=StockMoveKind.RECEIPT, product_id=item.product_id,
                lot_id=item.lot_id, warehouse_id=item.warehouse_id, quantity=1, actor_id=None,
            )
    async with engine.connect() as conn:
        hub.publish(await store.read_after(conn, start))  # 20 events into a queue of 4

    received = [await first] + [await anext(stream) for _ in range(19)]
    await stream.aclose()
    assert [e.payload["on_hand"] for e in received] == list(range(1, 21))
