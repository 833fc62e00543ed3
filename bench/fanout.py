"""Benchmark live-update fan-out: many WebSocket subscribers to `stockChanged`.

    python bench/fanout.py [--subscribers 1000] [--interval 0.1] [--duration 30]
                           [--clients 2] [--grace 3] [--json out.json]

Builds a fresh database (embedded PostgreSQL in /tmp, or a new database on the
server named by DATABASE_URL) with the demo data, starts the server (uvicorn in
a subprocess, as `erp serve` runs it) and connects the subscribers from
`--clients` load-generator processes. It then commits one stock change every
`--interval` seconds for `--duration` seconds, straight through the domain
layer, and reports:

- latency from the commit returning to each subscriber receiving the event
  (p50 / p99 / max over every delivery; one clock, as all runs on one machine);
- events lost (a subscriber never got it) and duplicated (got it twice);
- server memory per subscriber: the server's RSS growth from before the
  subscribers connected to when all are subscribed, divided by their number.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import orjson
import psutil
from sqlalchemy import select
from websockets.asyncio.client import connect

from backend.api.ids import to_global_id
from backend.db import migrate
from backend.db.embedded import to_async_url, to_libpq_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.db.models import Lot, Product, Warehouse
from backend.domain.inventory import stock
from backend.domain.rules.gtin import make_gtin14
from backend.domain.tx import transaction
from backend.enums import DeviceClass, LotStatus, StockMoveKind, TrackingMode

JWT_SECRET = "bench-jwt-secret-4f9c2a7e81d03b56c7a9e2f1d8b4063a"
SUBSCRIPTION = """subscription ($p: ID) {
  stockChanged(productId: $p) { cursor occurredAt delta onHand available kind }
}"""


# --- setup ------------------------------------------------------------------


def provision_database(stack: ExitStack) -> str:
    """A new database with the demo data, dropped (with its embedded server) on exit."""
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR is unset
            import pgserver
        pgdata = Path(tempfile.mkdtemp(prefix="erp-bench-pg-", dir="/tmp"))
        server = pgserver.get_server(pgdata, cleanup_mode="delete")
        stack.callback(server.cleanup)
        server_url = server.get_uri("postgres")
    name = f"erp_bench_{secrets.token_hex(4)}"
    asyncio.run(_admin(server_url, f'create database "{name}"'))
    stack.callback(lambda: asyncio.run(_admin(server_url, f'drop database "{name}" with (force)')))
    parts = urlsplit(to_libpq_url(server_url))
    url = to_async_url(urlunsplit(parts._replace(path="/" + name)))
    migrate.upgrade(url)
    return url


async def _admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(to_libpq_url(url))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def prepare_data(url: str) -> dict[str, int]:
    """The demo data, plus a product and lot of its own whose stock the benchmark changes."""
    from backend.seed.demo import load_demo

    engine = create_engine(url, pool_size=2)
    try:
        sessionmaker = create_sessionmaker(engine)
        await load_demo(sessionmaker)
        async with transaction(sessionmaker) as session:
            product = Product(
                sku="BENCH-FANOUT", gtin=make_gtin14("9990000000001"), name="Fan-out probe",
                device_class=DeviceClass.I, tracking_mode=TrackingMode.LOT,
                shelf_life_days=None, unit_price=Decimal("1.00"), tax_rate=Decimal("0"),
            )
            session.add(product)
            await session.flush()
            lot = Lot(product_id=product.id, lot_number="FANOUT-1", status=LotStatus.QUARANTINE)
            session.add(lot)
            await session.flush()
            warehouse = await session.scalar(select(Warehouse.id).order_by(Warehouse.id))
            return {"product_id": product.id, "lot_id": lot.id, "warehouse_id": warehouse}
    finally:
        await engine.dispose()


def start_server(stack: ExitStack, url: str, tmp: Path) -> tuple[str, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ERP_DATA_DIR": str(tmp / "data"),
        "ERP_ENV": "development",
        "ERP_JWT_SECRET": JWT_SECRET,
    }
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed by the stack
    stack.callback(log.close)
    command = (
        "-m uvicorn backend.app:create_app --factory --host 127.0.0.1 --log-level warning"
        " --ws-per-message-deflate false"  # as `erp serve` runs it
    )
    proc = subprocess.Popen(
        [sys.executable, *command.split(), "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    stack.callback(_stop, proc)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited:\n{(tmp / 'server.log').read_text()[-3000:]}")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return base_url, proc.pid
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("server did not become ready within 60 s")
        time.sleep(0.1)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- subscribers (in load-generator processes) ------------------------------


async def _subscriber(
    ws_url: str, token: str, product: str, received: list[tuple[int, float]],
    subscribed: asyncio.Event, count: list[int], total: int,
) -> None:
    async with connect(ws_url, subprotocols=["graphql-transport-ws"], open_timeout=60,
                       max_queue=None) as ws:  # fmt: skip
        await ws.send(orjson.dumps({"type": "connection_init",
                                    "payload": {"authorization": f"Bearer {token}"}}).decode())
        ack = orjson.loads(await ws.recv())
        assert ack["type"] == "connection_ack", ack
        await ws.send(orjson.dumps({"id": "1", "type": "subscribe", "payload": {
            "query": SUBSCRIPTION, "variables": {"p": product}}}).decode())
        count[0] += 1
        if count[0] == total:
            subscribed.set()
        async for raw in ws:
            now = time.time()
            message = orjson.loads(raw)
            if message.get("type") == "next":
                received.append((message["payload"]["data"]["stockChanged"]["delta"], now))
            elif message.get("type") == "ping":
                await ws.send('{"type":"pong"}')
            else:
                raise RuntimeError(f"unexpected message: {message}")


def client_process(
    ws_url: str, token: str, product: str, n: int, ready: Any, stop: Any, results: Any
) -> None:
    async def main() -> None:
        subscribed = asyncio.Event()
        count = [0]
        received: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        tasks = [
            asyncio.create_task(
                _subscriber(ws_url, token, product, received[i], subscribed, count, n)
            )
            for i in range(n)
        ]
        await subscribed.wait()
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.05)
            for task in tasks:
                if task.done() and task.exception():
                    raise task.exception()  # type: ignore[misc]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        results.put(received)

    asyncio.run(main())


# --- the run ----------------------------------------------------------------


async def commit_change(sessionmaker: Any, ids: dict[str, int], quantity: int) -> float:
    async with transaction(sessionmaker) as session:
        await stock.post_move(
            session, kind=StockMoveKind.RECEIPT, product_id=ids["product_id"],
            lot_id=ids["lot_id"], warehouse_id=ids["warehouse_id"], quantity=quantity,
            actor_id=None, reference="fan-out benchmark",
        )
    return time.time()


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def run(args: argparse.Namespace) -> dict[str, Any]:
    with ExitStack() as stack:
        tmp = Path(tempfile.mkdtemp(prefix="erp-bench-fanout-"))
        url = provision_database(stack)
        ids = asyncio.run(prepare_data(url))
        base_url, pid = start_server(stack, url, tmp)
        server = psutil.Process(pid)
        token = httpx.post(f"{base_url}/auth/token",
                           json={"username": "warehouse", "password": "demo1234"}).json()
        product = to_global_id("Product", ids["product_id"])
        ws_url = "ws" + base_url.removeprefix("http") + "/graphql"

        loop = asyncio.new_event_loop()
        stack.callback(loop.close)
        engine = create_engine(url, pool_size=2)
        stack.callback(lambda: loop.run_until_complete(engine.dispose()))
        sessionmaker = create_sessionmaker(engine)
        # A warm-up change and subscriber, so the baseline has the code paths loaded.
        loop.run_until_complete(commit_change(sessionmaker, ids, 1))
        time.sleep(1)
        rss_before = server.memory_info().rss

        ctx = multiprocessing.get_context("spawn")
        stop, results = ctx.Event(), ctx.Queue()
        shares = [args.subscribers // args.clients + (i < args.subscribers % args.clients)
                  for i in range(args.clients)]  # fmt: skip
        readies, procs = [], []
        for share in shares:
            ready = ctx.Event()
            proc = ctx.Process(target=client_process, args=(
                ws_url, token["access_token"], product, share, ready, stop, results))
            proc.start()
            readies.append(ready)
            procs.append(proc)
        for ready in readies:
            if not ready.wait(120):
                raise RuntimeError("subscribers did not connect within 120 s")
        time.sleep(2)  # the last subscriptions reach the server's hub
        rss_after = server.memory_info().rss
        cpu_before = sum(server.cpu_times()[:2])

        commits: dict[int, float] = {}
        changes = int(args.duration / args.interval)
        start = time.monotonic()
        for n in range(changes):
            quantity = 1000 + n  # the delta identifies the change
            commits[quantity] = loop.run_until_complete(commit_change(sessionmaker, ids, quantity))
            delay = start + (n + 1) * args.interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        time.sleep(args.grace)  # late deliveries still count, as latency
        cpu_used = sum(server.cpu_times()[:2]) - cpu_before
        stop.set()
        received = [r for _ in procs for r in results.get(timeout=120)]
        for proc in procs:
            proc.join(timeout=30)

    latencies: list[float] = []
    lost = duplicated = 0
    for deliveries in received:
        seen: dict[int, float] = {}
        for delta, at in deliveries:
            if delta < 1000:
                continue  # the warm-up
            if delta in seen:
                duplicated += 1
            else:
                seen[delta] = at
                latencies.append(at - commits[delta])
        lost += len(commits) - len(seen)
    return {
        "subscribers": args.subscribers,
        "changes": len(commits),
        "deliveries": len(latencies),
        "latency_ms": {
            "p50": round(percentile(latencies, 50) * 1000, 1),
            "p99": round(percentile(latencies, 99) * 1000, 1),
            "max": round(max(latencies) * 1000, 1),
        },
        "lost": lost,
        "duplicated": duplicated,
        "server_memory_per_subscriber_kib": round((rss_after - rss_before) / args.subscribers
                                                  / 1024, 1),
        "server_cpu_percent": round(100 * cpu_used / (args.duration + args.grace), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=2, help="load-generator processes")
    parser.add_argument(
        "--grace", type=float, default=3.0,
        help="seconds to wait for deliveries after the last change; later ones count as lost",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    figures = run(args)
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
