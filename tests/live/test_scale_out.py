"""Two server processes on one database behave as one server: one query budget and one
login limit per principal, every event pushed once to each subscriber and every webhook
sent once; a change made through one reaches the subscribers of the other, and their
listeners reconnect when their connections are cut. One of the two is `erp serve
--workers 2`: two processes, each with its own outbox listener. The processes start once,
for the whole module."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.db.embedded import to_libpq_url
from backend.events import cursors
from tests.live.receiver import receiver
from tests.support.builders import StockItem, move
from tests.support.client import DEMO_PASSWORD, Client, codes, gql, login
from tests.support.server import TEST_JWT_SECRET, LiveServer
from tests.support.ws import ws_connect

# Figures of their own, so that no other test shares these buckets.
LIMITS = {
    "ERP_COST_BUDGET": "100",
    "ERP_COST_RESTORE_RATE": "0.01",
    "ERP_MAX_QUERY_COST": "100",
    "ERP_LOGIN_FAILURES_PER_USER": "4",
    "ERP_LOGIN_FAILURES_PER_ADDRESS": "1000",
}
# 25 x (viewer, customer): 50 points asked, and 50 objects returned (nothing given back).
FIFTY_POINTS = "{ " + " ".join(f"v{i}: viewer {{ customer {{ code }} }}" for i in range(25)) + " }"
# From a cursor taken before the changes: a subscription not yet registered when a change
# arrives still gets it (replayed), and never twice.
STOCK_CHANGED = """subscription ($p: ID, $a: String) {
  stockChanged(productId: $p, after: $a) { delta onHand } }"""
LISTENERS = """select count(*) from pg_stat_activity
where application_name = 'erp-outbox-listener' and datname = current_database()"""
CREATE_ENDPOINT = """mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id } userErrors { code } } }"""
DELETE_ENDPOINT = "mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedId } }"
ORDER_STATUS_CHANGED = "subscription { orderStatusChanged { from to order { id } } }"
LIVE_STOCK_CHANGED = "subscription ($p: ID) { stockChanged(productId: $p) { delta onHand } }"
TERMINATE_LISTENERS = """
select count(pg_terminate_backend(pid)) from pg_stat_activity
where application_name = 'erp-outbox-listener' and datname = current_database()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(database_url: str, data_dir: str, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        **LIMITS,
        "DATABASE_URL": to_libpq_url(database_url),
        "ERP_JWT_SECRET": TEST_JWT_SECRET,
        "ERP_ENV": "development",
        "ERP_DATA_DIR": data_dir,
        "ERP_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "backend", "serve", "--no-seed", "--port", str(port), *extra],
        env=env,
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}"


async def _ready(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = asyncio.get_running_loop().time() + 180  # a loaded machine starts slowly
    async with httpx.AsyncClient() as client:
        while asyncio.get_running_loop().time() < deadline:
            assert process.poll() is None, "a server process exited"
            try:
                if (await client.get(url + "/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError(f"{url} did not start")


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # its workers too: they are in its process group
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@dataclass
class Pair:
    urls: list[str]  # the first is `erp serve --workers 2`, the second a single process
    listeners_before: int  # outbox listeners on the database before they started


async def _listeners(database_url: str) -> int:
    conn = await asyncpg.connect(to_libpq_url(database_url))
    try:
        return int(await conn.fetchval(LISTENERS))
    finally:
        await conn.close()


@pytest.fixture(scope="module")
async def pair(
    database_url: str, demo_data: object, live_server: LiveServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Pair]:
    """Two servers on the test database, with the tight figures above: three processes
    (started after the in-process server, whose listener is then among those before)."""
    before = await _listeners(database_url)
    started = [
        _serve(database_url, str(tmp_path_factory.mktemp("scale")), "--workers", "2"),
        _serve(database_url, str(tmp_path_factory.mktemp("scale"))),
    ]
    try:
        await asyncio.gather(*(_ready(process, url) for process, url in started))
        yield Pair([url for _, url in started], before)
    finally:
        _stop([process for process, _ in started])


def _ws(url: str) -> str:
    return "ws" + url.removeprefix("http")


async def test_a_partner_cannot_double_its_budget_by_using_both_processes(
    pair: Pair,
) -> None:
    first, second = pair.urls
    async with httpx.AsyncClient(base_url=first) as a, httpx.AsyncClient(base_url=second) as b:
        token = await login(a, "partner-b")
        answers = []
        for http in (a, b, a, b):
            answers.append(await gql(http, FIFTY_POINTS, token=token, expect_errors=True))
    assert [codes(body) for body in answers] == [[], [], ["THROTTLED"], ["THROTTLED"]]
    assert answers[1]["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 0
    # Process a saw the second answer's take too: what it says is left is the shared figure.
    refused = answers[2]["errors"][0]["extensions"]
    assert refused["cost"]["throttleStatus"]["currentlyAvailable"] == 0
    assert refused["retryAfterSeconds"] > 4000  # 50 points at 0.01 per second


async def test_failed_logins_count_on_both_processes(pair: Pair) -> None:
    first, second = pair.urls
    async with httpx.AsyncClient(base_url=first) as a, httpx.AsyncClient(base_url=second) as b:
        for http in (a, b, a, b):
            wrong = await http.post("/auth/token", json={"username": "qa", "password": "guess"})
            assert wrong.status_code == 401
        for http in (a, b):
            right = await http.post(
                "/auth/token", json={"username": "QA", "password": DEMO_PASSWORD}
            )
            assert right.status_code == 429 and int(right.headers["retry-after"]) >= 1
        # Successes cost nothing, on either process.
        for http in (a, b) * 3:
            assert (await http.post(
                "/auth/token", json={"username": "planner", "password": DEMO_PASSWORD}
            )).status_code == 200


async def _cursor(engine: AsyncEngine) -> str:
    async with engine.connect() as conn:
        latest = await conn.scalar(text("select coalesce(max(id), 0) from outbox_events"))
    return cursors.encode(int(latest or 0))


async def test_each_subscriber_gets_each_event_once_whichever_process_it_is_on(
    pair: Pair, item: StockItem, sessionmaker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
) -> None:
    after = await _cursor(engine)
    async with httpx.AsyncClient(base_url=pair.urls[0]) as http:
        token = await login(http, "warehouse")
    async with ws_connect(_ws(pair.urls[0]), token) as on_first, \
            ws_connect(_ws(pair.urls[1]), token) as on_second:
        for ws in (on_first, on_second):
            await ws.subscribe(STOCK_CHANGED, {"p": item.product_gid, "a": after})
        for quantity in (2, 3, 4):
            await move(sessionmaker, item, quantity)
        for ws in (on_first, on_second):
            changes = [d["stockChanged"] for d in await ws.collect(3)]
            assert [(c["delta"], c["onHand"]) for c in changes] == [(2, 2), (3, 5), (4, 9)]
            assert await ws.silent(0.5)  # and nothing twice


async def test_a_webhook_is_sent_once_not_once_per_process(
    pair: Pair, item: StockItem, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with httpx.AsyncClient(base_url=pair.urls[0]) as http, receiver() as hook:
        token = await login(http, "admin")
        created = (await gql(http, CREATE_ENDPOINT, {"input": {
            "url": hook.url, "secret": "whsec-scale-0123456789abcdef",
            "eventTypes": ["STOCK_CHANGED"], "retryDelaySeconds": 0.2,
        }}, token=token))["data"]["createWebhookEndpoint"]
        assert created["userErrors"] == []
        try:
            for n in range(10):
                await move(sessionmaker, item, n + 1)
            requests = await hook.wait_for(10)
            await asyncio.sleep(1.0)  # any duplicate would arrive by now
        finally:
            await gql(http, DELETE_ENDPOINT, {"id": created["endpoint"]["id"]}, token=token)
    counts = Counter(r.headers["x-erp-event-id"] for r in hook.requests)
    assert len(counts) == 10 and set(counts.values()) == {1}, counts
    assert sorted(json.loads(r.body)["data"]["delta"] for r in requests) == list(range(1, 11))


async def test_serve_with_two_workers_runs_two_processes_each_with_its_listener(
    pair: Pair, database_url: str, engine: AsyncEngine, item: StockItem,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    for _ in range(200):
        if await _listeners(database_url) == pair.listeners_before + 3:
            break
        await asyncio.sleep(0.05)
    # Two workers and the single process: each has its own listener.
    assert await _listeners(database_url) == pair.listeners_before + 3
    workers, single = pair.urls
    async with httpx.AsyncClient(base_url=workers) as http:
        token = await login(http, "warehouse")
    # Four sockets to the workers (the kernel spreads them) and one to the other process.
    after = await _cursor(engine)
    sockets = [ws_connect(_ws(url), token) for url in [workers] * 4 + [single]]
    connected = [await s.__aenter__() for s in sockets]
    try:
        for ws in connected:
            await ws.subscribe(STOCK_CHANGED, {"p": item.product_gid, "a": after})
        await move(sessionmaker, item, 6)
        for ws in connected:
            [change] = [d["stockChanged"] for d in await ws.collect(1)]
            assert (change["delta"], change["onHand"]) == (6, 6)
        for ws in connected:
            assert await ws.silent(0.3)
    finally:
        for s in reversed(sockets):
            await s.__aexit__(None, None, None)


async def test_a_change_made_through_one_process_reaches_subscribers_of_the_other(
    pair: Pair,
) -> None:
    first, second = pair.urls
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
    pair: Pair, live_server: LiveServer, client: Client, item: StockItem,
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    urls = [*pair.urls, live_server.base_url]
    warehouse = await client.token("warehouse")
    sockets = [ws_connect(_ws(url), warehouse) for url in urls]
    connected = [await s.__aenter__() for s in sockets]
    try:
        for ws in connected:
            await ws.subscribe(LIVE_STOCK_CHANGED, {"p": item.product_gid})
        async with engine.connect() as conn:
            # The two workers, the single process and the in-process server.
            assert await conn.scalar(text(TERMINATE_LISTENERS)) == pair.listeners_before + 3
        await move(sessionmaker, item, 4)  # quite possibly while they are reconnecting
        await move(sessionmaker, item, 5)
        for ws in connected:
            changes = [d["stockChanged"] for d in await ws.collect(2)]
            assert [(c["delta"], c["onHand"]) for c in changes] == [(4, 4), (5, 9)]
    finally:
        for s in reversed(sockets):
            await s.__aexit__(None, None, None)
    assert live_server.app.state.outbox_listener.connected.is_set()


# permissions as data: a role's codes changed through one process apply in the other.
SET_ROLE = """mutation ($input: SetRolePermissionsInput!) {
  setRolePermissions(input: $input) { rolePermissions { permissions } userErrors { code } } }"""
BUYER_CODES = "{ viewer { permissions } }"


async def test_a_role_permission_change_reaches_the_other_process(pair: Pair) -> None:
    workers, single = pair.urls
    async with httpx.AsyncClient(base_url=workers) as a, httpx.AsyncClient(base_url=single) as b:
        admin, buyer = await login(a, "admin"), await login(b, "buyer")
        held = (await gql(b, BUYER_CODES, token=buyer))["data"]["viewer"]["permissions"]
        assert "label.print" not in held  # the other process has read its cache
        changed = (await gql(a, SET_ROLE, {"input": {
            "role": "BUYER", "permissions": [*held, "label.print"]}}, token=admin))["data"]
        assert changed["setRolePermissions"]["userErrors"] == []
        try:
            # The other process drops its cache when its listener sees the outbox event.
            seen = []
            for _ in range(100):
                seen = (await gql(b, BUYER_CODES, token=buyer))["data"]["viewer"]["permissions"]
                if "label.print" in seen:
                    break
                await asyncio.sleep(0.05)
            assert "label.print" in seen
        finally:
            restored = (await gql(a, SET_ROLE, {"input": {
                "role": "BUYER", "permissions": held}}, token=admin))["data"]
            assert restored["setRolePermissions"]["userErrors"] == []
