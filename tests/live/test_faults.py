"""Faults under writes, against real server processes.

- A server is killed (SIGKILL) in the middle of writes: every acknowledged mutation is
  there, nothing is half-written, and the writes that were in flight, sent again with the
  same idempotency key, happen exactly once. Quickly, on the shared test database; and as
  a drill (`make drills`) on a PostgreSQL cluster of its own, longer, with a restarted
  server and `erp audit verify`.
- The database restarts under writes (a drill): every answer is a payload or
  SERVICE_UNAVAILABLE (HTTP 503, Retry-After), never INTERNAL_SERVER_ERROR; writes succeed
  again within 3 s of the database being back, without restarting the server; and a
  subscriber that resumes with `after` gets every committed status change, none lost.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from backend.db.embedded import to_libpq_url
from backend.events import cursors
from backend.settings import Settings
from tests.support.client import Client
from tests.support.ids import gid
from tests.support.ws import ws_connect

ROOT = Path(__file__).resolve().parents[2]
SECRET = "fault-tests-secret-0123456789abcdef0123456789"
CREATE = """mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) {
  order { id number status lines { quantity } } userErrors { code message } } }"""
SUBMIT = """mutation($id: ID!) { submitSalesOrder(orderId: $id) {
  order { id status } userErrors { code message } } }"""
STATUS_CHANGES = """subscription($after: String) { orderStatusChanged(after: $after) {
  cursor from to order { id } } }"""


@dataclass
class Cluster:
    pgdata: Path
    url: str  # libpq URL of the test database

    def restart(self) -> None:
        pg_ctl = Path(_pgserver().__file__).parent / "pginstall" / "bin" / "pg_ctl"
        user = "pgserver" if os.geteuid() == 0 else None
        # The restarted server's output goes to a log file: a pipe it inherits would never close.
        subprocess.run([str(pg_ctl), "-D", str(self.pgdata), "-w", "-m", "fast", "-l",
                        str(self.pgdata / "restart.log"), "restart"],
                       check=True, user=user, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def _pgserver() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


def _erp(*args: str) -> list[str]:
    return [sys.executable, "-m", "backend", *args]


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "ERP_JWT_SECRET": SECRET,
            "ERP_LOG_LEVEL": "error", "ERP_LOG_FORMAT": "text"}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A PostgreSQL server of this module's own (it is restarted), with the demo data."""
    # A short directory the server's own user may enter (its unix socket lives in it).
    pgdata = Path(tempfile.mkdtemp(prefix="erp-faults-", dir="/tmp"))
    server = _pgserver().get_server(pgdata, cleanup_mode="delete")
    try:
        admin = to_libpq_url(server.get_uri("postgres"))
        asyncio.run(_execute(admin, "CREATE DATABASE erp_faults"))
        url = admin.rsplit("/", 1)[0] + "/erp_faults" if "?" not in admin else \
            admin.replace("/postgres?", "/erp_faults?")
        subprocess.run(_erp("seed", "--demo"), env=_env(url), cwd=ROOT, check=True,
                       capture_output=True, timeout=120)
        yield Cluster(pgdata, url)
    finally:
        server.cleanup()


async def _execute(url: str, sql: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


class Server:
    def __init__(self, url: str, data_dir: Path | None = None) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            _erp("serve", "--no-seed", "--port", str(self.port)),
            # On the shared database, documents are signed with the shared test key.
            env={**_env(url), **({"ERP_DATA_DIR": str(data_dir)} if data_dir else {})},
            cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    async def ready(self) -> None:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient(base_url=self.base, timeout=2) as http:
            while time.monotonic() < deadline:
                try:
                    if (await http.get("/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("the server did not become ready")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


async def _fixtures(url: str) -> tuple[str, str]:
    conn = await asyncpg.connect(url)
    try:
        customer = await conn.fetchval("SELECT id FROM customers WHERE code = 'DIST-A'")
        product = await conn.fetchval(
            "SELECT p.id FROM products p JOIN price_list_items i ON i.product_id = p.id "
            "WHERE p.tracking_mode = 'LOT' AND p.sellable ORDER BY p.id LIMIT 1")
    finally:
        await conn.close()
    return gid("Customer", customer), gid("Product", product)


async def _token(http: httpx.AsyncClient, username: str) -> str:
    response = await http.post("/auth/token", json={"username": username, "password": "demo1234"})
    response.raise_for_status()
    return str(response.json()["access_token"])


def _order_input(customer: str, product: str, key: str) -> dict[str, Any]:
    return {"input": {"customerId": customer, "customerReference": key, "idempotencyKey": key,
                      "lines": [{"productId": product, "quantity": 1}]}}


async def _kill_mid_writes(
    server: Server, customer: str, product: str, prefix: str, *, writers: int, after: int
) -> tuple[list[str], dict[str, str]]:
    """Orders created by `writers` concurrent clients, the server SIGKILLed once `after`
    were acknowledged: (every key sent, acknowledged key -> order number)."""
    sent: list[str] = []
    acknowledged: dict[str, str] = {}
    enough = asyncio.Event()
    try:
        await server.ready()
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            headers = {"authorization": f"Bearer {await _token(http, 'sales')}"}

            async def writer(i: int) -> None:
                for n in range(10_000):
                    key = f"{prefix}-{i}-{n}"
                    sent.append(key)
                    try:
                        response = await http.post("/graphql", headers=headers, json={
                            "query": CREATE, "variables": _order_input(customer, product, key)})
                    except httpx.TransportError:
                        return  # the server is gone
                    body = response.json()
                    assert body.get("data"), body
                    payload = body["data"]["createSalesOrder"]
                    assert payload["userErrors"] == [], payload
                    acknowledged[key] = payload["order"]["number"]
                    if len(acknowledged) >= after:
                        enough.set()

            tasks = [asyncio.create_task(writer(i)) for i in range(writers)]
            await asyncio.wait_for(enough.wait(), 60)
            server.process.send_signal(signal.SIGKILL)
            await asyncio.wait_for(asyncio.gather(*tasks), 20)
    finally:
        server.stop()
    return sent, acknowledged


async def _stored_whole(url: str, prefix: str, acknowledged: dict[str, str]) -> dict[str, Any]:
    """The orders stored under `prefix`, checked: each acknowledged one, once, whole."""
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT o.customer_reference AS key, o.number, "
            "(SELECT count(*) FROM sales_order_lines l WHERE l.order_id = o.id) AS lines, "
            "(SELECT count(*) FROM audit_events a WHERE a.entity_type = 'SalesOrder' "
            " AND a.entity_id = o.id) AS audited "
            "FROM sales_orders o WHERE o.customer_reference LIKE $1", f"{prefix}-%")
    finally:
        await conn.close()
    stored = {row["key"]: row for row in rows}
    assert len(stored) == len(rows)  # no key written twice
    missing = [key for key in acknowledged if key not in stored]
    assert missing == [], f"acknowledged but not stored: {missing}"
    assert all(stored[k]["number"] == number for k, number in acknowledged.items())
    half = [dict(row) for row in rows if row["lines"] != 1 or row["audited"] < 1]
    assert half == [], f"half-written orders: {half}"
    return stored


async def _once_each(url: str, prefix: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        twice = await conn.fetch(
            "SELECT customer_reference, count(*) AS n FROM sales_orders "
            "WHERE customer_reference LIKE $1 GROUP BY customer_reference HAVING count(*) > 1",
            f"{prefix}-%")
    finally:
        await conn.close()
    assert twice == []


def _retried(payload: dict[str, Any], key: str, stored: dict[str, Any]) -> None:
    assert payload["userErrors"] == [] and payload["order"]["lines"], payload
    if key in stored:  # it had committed: the retry answers the same order
        assert payload["order"]["number"] == stored[key]["number"]


async def test_a_server_process_killed_mid_writes_loses_no_acknowledged_write(
    database_url: str, demo_data: object, settings: Settings, client: Client
) -> None:
    url = to_libpq_url(database_url)
    customer, product = await _fixtures(url)
    prefix = f"kill-{secrets.token_hex(3)}"
    sent, acknowledged = await _kill_mid_writes(
        Server(url, settings.data_dir), customer, product, prefix, writers=2, after=6)
    stored = await _stored_whole(url, prefix, acknowledged)
    # The writes in flight at the kill, sent again to another server, happen exactly once.
    for key in [key for key in sent if key not in acknowledged]:
        data = await client.call("sales", CREATE, _order_input(customer, product, key))
        _retried(data["createSalesOrder"], key, stored)
    await _once_each(url, prefix)


@pytest.mark.drill
async def test_a_server_killed_mid_writes_keeps_every_acknowledged_write(
    cluster: Cluster,
) -> None:
    customer, product = await _fixtures(cluster.url)
    sent, acknowledged = await _kill_mid_writes(
        Server(cluster.url), customer, product, "kill", writers=4, after=40)
    stored = await _stored_whole(cluster.url, "kill", acknowledged)
    verified = await asyncio.to_thread(
        subprocess.run, _erp("audit", "verify"), env=_env(cluster.url), cwd=ROOT,
        capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stderr

    # The writes in flight at the kill, sent again with their keys after a restart, happen
    # exactly once.
    in_flight = [key for key in sent if key not in acknowledged]
    server = Server(cluster.url)
    try:
        await server.ready()
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            headers = {"authorization": f"Bearer {await _token(http, 'sales')}"}
            for key in in_flight:
                response = await http.post("/graphql", headers=headers, json={
                    "query": CREATE, "variables": _order_input(customer, product, key)})
                _retried(response.json()["data"]["createSalesOrder"], key, stored)
    finally:
        server.stop()
    await _once_each(cluster.url, "kill")


@pytest.mark.drill
async def test_a_database_restart_under_writes_is_answered_honestly(cluster: Cluster) -> None:
    customer, product = await _fixtures(cluster.url)
    conn = await asyncpg.connect(cluster.url)
    try:
        start = await conn.fetchval("SELECT coalesce(max(id), 0) FROM outbox_events")
    finally:
        await conn.close()
    server = Server(cluster.url)
    answers: list[tuple[float, str]] = []  # (when, "ok" or the error code)
    back_at: list[float] = []
    try:
        await server.ready()
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            headers = {"authorization": f"Bearer {await _token(http, 'sales')}"}
            stop = asyncio.Event()

            async def call(query: str, variables: dict[str, Any]) -> dict[str, Any] | None:
                response = await http.post("/graphql", headers=headers,
                                           json={"query": query, "variables": variables})
                body = response.json()
                codes = [e["extensions"]["code"] for e in body.get("errors") or []]
                if codes:
                    assert set(codes) == {"SERVICE_UNAVAILABLE"}, body
                    assert response.status_code == 503 and response.headers["retry-after"]
                    answers.append((time.monotonic(), "SERVICE_UNAVAILABLE"))
                    return None
                answers.append((time.monotonic(), "ok"))
                return body["data"]

            async def writer(i: int) -> None:
                n = 0
                while not stop.is_set():
                    key = f"restart-{i}-{n}"
                    created = None
                    while created is None and not stop.is_set():  # retried with its key
                        created = await call(CREATE, _order_input(customer, product, key))
                        if created is None:
                            await asyncio.sleep(0.1)
                    if created is None:
                        return
                    order_id = created["createSalesOrder"]["order"]["id"]
                    while not stop.is_set():
                        submitted = await call(SUBMIT, {"id": order_id})
                        if submitted is not None:
                            break  # APPROVED, or INVALID_TRANSITION if a lost answer had done it
                        await asyncio.sleep(0.1)
                    n += 1

            writers = [asyncio.create_task(writer(i)) for i in range(3)]
            await asyncio.sleep(1.0)
            await asyncio.to_thread(cluster.restart)
            back_at.append(time.monotonic())
            await asyncio.sleep(4.0)
            stop.set()
            await asyncio.wait_for(asyncio.gather(*writers), 30)

        after_restart = [when for when, what in answers if what == "ok" and when > back_at[0]]
        assert after_restart, "no write succeeded after the restart"
        assert after_restart[0] - back_at[0] < 3.0

        # A subscriber resuming from before the restart gets every committed change.
        conn = await asyncpg.connect(cluster.url)
        try:
            committed = await conn.fetchval(
                "SELECT count(*) FROM outbox_events WHERE id > $1 "
                "AND topic = 'order.status_changed'", start)
            approved = await conn.fetchval(
                "SELECT count(*) FROM sales_orders WHERE customer_reference LIKE 'restart-%' "
                "AND status = 'APPROVED'")
        finally:
            await conn.close()
        assert committed >= approved > 0
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            token = await _token(http, "sales")
        async with ws_connect(server.base.replace("http", "ws"), token) as ws:
            await ws.subscribe(STATUS_CHANGES, {"after": cursors.encode(start)})
            events = await ws.collect(committed, wait=10)
        changes = [e["orderStatusChanged"] for e in events]
        assert sum(1 for c in changes if c["to"] == "APPROVED") >= approved
        assert len({c["cursor"] for c in changes}) == committed  # none twice
    finally:
        server.stop()
