"""Several server processes on one database: each delivers every change, whichever made it."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.db.embedded import to_libpq_url
from tests.support.builders import StockItem, move
from tests.support.client import Client, gql, login
from tests.support.server import TEST_JWT_SECRET, LiveServer
from tests.support.ws import ws_connect

ORDER_STATUS_CHANGED = "subscription { orderStatusChanged { from to order { id } } }"
STOCK_CHANGED = "subscription ($p: ID) { stockChanged(productId: $p) { delta onHand } }"
TERMINATE_LISTENERS = """
select count(pg_terminate_backend(pid)) from pg_stat_activity
where application_name = 'erp-outbox-listener' and datname = current_database()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(database_url: str, data_dir: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": to_libpq_url(database_url),
        "ERP_JWT_SECRET": TEST_JWT_SECRET,
        "ERP_ENV": "development",
        "ERP_DATA_DIR": data_dir,
        "ERP_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "backend", "serve", "--no-seed", "--port", str(port)], env=env
    )
    return process, f"http://127.0.0.1:{port}"


async def _ready(process: subprocess.Popen[bytes], url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            assert process.poll() is None, "a server process exited"
            try:
                if (await client.get(url + "/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError(f"{url} did not start")


@pytest.fixture(scope="module")
async def servers(
    database_url: str, demo_data: object, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[list[str]]:
    started = [
        _serve(database_url, str(tmp_path_factory.mktemp("server"))) for _ in range(2)
    ]
    try:
        await asyncio.gather(*(_ready(process, url) for process, url in started))
        yield [url for _, url in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            process.wait(timeout=15)


def _ws(url: str) -> str:
    return "ws" + url.removeprefix("http")


async def test_a_change_made_through_one_process_reaches_subscribers_of_the_other(
    servers: list[str],
) -> None:
    first, second = servers
    async with httpx.AsyncClient(base_url=first) as api:
        token = await login(api, "sales")
        catalogue = (await gql(api, """
            { customers(search: "DIST-A", first: 1) { edges { node { id } } }
              products(first: 1) { edges { node { id } } } }""", token=token))["data"]
        customer = catalogue["customers"]["edges"][0]["node"]["id"]
        product = catalogue["products"]["edges"][0]["node"]["id"]
        async with ws_connect(_ws(second), token) as ws_second, \
                ws_connect(_ws(first), token) as ws_first:
            await ws_second.subscribe(ORDER_STATUS_CHANGED)
            await ws_first.subscribe(ORDER_STATUS_CHANGED)
            created = (await gql(api, """
                mutation ($input: CreateSalesOrderInput!) {
                  createSalesOrder(input: $input) { order { id } userErrors { message } }
                }""", {"input": {"customerId": customer,
                                 "lines": [{"productId": product, "quantity": 1}]}},
                token=token))["data"]["createSalesOrder"]
            order = created["order"]["id"]
            await gql(api, """
                mutation ($id: ID!) {
                  cancelSalesOrder(orderId: $id, reason: "test") { userErrors { message } }
                }""", {"id": order}, token=token)
            for ws in (ws_second, ws_first):
                while True:  # the order may pass through other statuses first
                    change = (await ws.next_data())["orderStatusChanged"]
                    if change["to"] == "CANCELLED":
                        break
                assert change["order"]["id"] == order


async def test_listeners_reconnect_after_their_connections_are_terminated(
    servers: list[str], server: LiveServer, client: Client, item: StockItem, engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    urls = [*servers, server.base_url]
    warehouse = await client.token("warehouse")
    sockets = [ws_connect(_ws(url), warehouse) for url in urls]
    connected = [await s.__aenter__() for s in sockets]
    try:
        for ws in connected:
            await ws.subscribe(STOCK_CHANGED, {"p": item.product_gid})
        async with engine.connect() as conn:
            assert await conn.scalar(text(TERMINATE_LISTENERS)) == 3
        await move(sessionmaker, item, 4)  # quite possibly while they are reconnecting
        await move(sessionmaker, item, 5)
        for ws in connected:
            changes = [d["stockChanged"] for d in await ws.collect(2)]
            assert [(c["delta"], c["onHand"]) for c in changes] == [(4, 4), (5, 9)]
    finally:
        for s in reversed(sockets):
            await s.__aexit__(None, None, None)
    assert server.app.state.outbox_listener.connected.is_set()
