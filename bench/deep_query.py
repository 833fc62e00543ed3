"""Benchmark a deep sales-order query (orders -> lines, shipments -> lots -> inspections).

    python bench/deep_query.py [--requests 200] [--concurrency 8] [--orders 50]
                               [--scale 1] [--duration 10] [--reuse-db URL] [--json out.json]

Builds a fresh database (embedded PostgreSQL in /tmp, or a new database on the
server named by DATABASE_URL), migrates it and loads the demo and scale data
sets (--scale 0: demo only), unless --reuse-db names a loaded database; that one
is only upgraded to the latest revision, as `erp serve` would.

Each query runs twice: on the compiled read path (one SQL statement per root
field, when it compiles) and on the resolvers (header `X-Read-Path: resolvers`);
the table has a column for each.

SQL statements per request are counted on an in-process copy of the app (same
code and database, driven through httpx's ASGI transport). Latency and
throughput are measured against the real server, uvicorn in a subprocess, so
that the load generator only shares the machine's cores, not the server's
event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import ExitStack
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from sqlalchemy import event

from backend.app import create_app
from backend.db import migrate
from backend.db.embedded import to_async_url, to_libpq_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.settings import Settings

JWT_SECRET = "bench-jwt-secret-4f9c2a7e81d03b56c7a9e2f1d8b4063a"
# For the in-process app and the server. The per-user query-cost budget is lifted so
# that the figures are the server's, not the throttle's (each answer still reports
# its cost); every other setting is the default.
SERVER_ENV = {
    "ERP_ENV": "development",
    "ERP_JWT_SECRET": JWT_SECRET,
    "ERP_COST_BUDGET": str(10**12),
    "ERP_COST_RESTORE_RATE": str(10**12),
    "ERP_MAX_QUERY_COST": str(10**9),
}
DEEP_QUERY = """query Deep($n: Int!) { salesOrders(first: $n) { edges { node { number
  customer { name } lines { product { sku } }
  shipments { lines { lot { lotNumber inspections { result inspector { username } }
    supplier { name } } serials { serialNumber } } } } } } }"""
# The newest orders (the first page) have rarely shipped yet, so the same selection
# is also run over shipped orders only, where every level of it has rows.
SHIPPED = "filter: {status: [PARTIALLY_SHIPPED, SHIPPED, DELIVERED, INVOICED, CLOSED]}"
DEEP_SHIPPED_QUERY = DEEP_QUERY.replace("Deep(", "DeepShipped(").replace(
    "salesOrders(first: $n)", f"salesOrders(first: $n, {SHIPPED})"
)
STATUS_QUERY = "query($n:String!){ salesOrder(number:$n){ number status shipments { status } } }"
BASE_QUERIES = ("deep", "deep_shipped", "status")
# The read path each column asks for: the default (compiled where it can) and the resolvers.
PATHS = {"": {}, "/resolvers": {"x-read-path": "resolvers"}}
QUERY_NAMES = tuple(f"{q}{p}" for q in BASE_QUERIES for p in PATHS)
TABLE = [
    ("read path", "read_path"),
    ("orders returned", "orders_returned"),
    ("SQL statements / request", "statements"),
    ("pool checkouts / request", "checkouts"),
    ("objects in response", "objects"),
    ("response KB", "kb"),
    ("query cost (points)", "cost"),
    ("server CPU ms / request", "server_cpu_ms"),
    ("p50 ms (c=1)", "p50_ms"),
    ("p95 ms (c=1)", "p95_ms"),
    ("p99 ms (c=1)", "p99_ms"),
]


# --- database ---------------------------------------------------------------


def provision_database(stack: ExitStack) -> str:
    """A new empty database, dropped (and its embedded server removed) on exit."""
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR is unset
            import pgserver
        # A short directory of its own: the unix socket lives in it.
        pgdata = Path(tempfile.mkdtemp(prefix="erp-bench-pg-", dir="/tmp"))
        server = pgserver.get_server(pgdata, cleanup_mode="delete")
        stack.callback(server.cleanup)
        server_url = server.get_uri("postgres")
    name = f"erp_bench_{secrets.token_hex(4)}"
    asyncio.run(_admin(server_url, f'create database "{name}"'))
    stack.callback(lambda: asyncio.run(_admin(server_url, f'drop database "{name}" with (force)')))
    parts = urlsplit(to_libpq_url(server_url))
    return to_async_url(urlunsplit(parts._replace(path="/" + name)))


async def _admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(to_libpq_url(url))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def load_data(url: str, scale: float) -> None:
    from backend.seed.demo import load_demo

    engine = create_engine(url, pool_size=2)
    try:
        await load_demo(create_sessionmaker(engine))
    finally:
        await engine.dispose()
    if scale > 0:
        from backend.seed.scale import load_scale

        rows = await load_scale(url, scale)
        print(f"scale data: {sum(rows.values()):,} rows, {rows.get('sales_orders', 0):,} orders")


# --- requests ---------------------------------------------------------------


async def login(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post("/auth/token", json={"username": "admin", "password": "demo1234"})
    response.raise_for_status()
    return {"authorization": f"Bearer {response.json()['access_token']}"}


async def gql(client: httpx.AsyncClient, headers: dict, query: str, variables: dict,
              extra: dict | None = None) -> bytes:
    extra = extra or {}
    payload = {"query": query, "variables": variables}
    response = await client.post("/graphql", json=payload, headers={**headers, **extra})
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"/graphql answered {response.status_code}: {response.text[:800]}")
    return response.content


def count_dicts(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(count_dicts(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_dicts(v) for v in value)
    return 0


# Set while the counted request runs; ASGITransport runs the app in the caller's task,
# and SQLAlchemy carries the context into its greenlets.
IN_REQUEST: ContextVar[bool] = ContextVar("in_request", default=False)


async def count_statements(settings: Settings, results: dict[str, dict]) -> None:
    """SQL statements, pool checkouts, objects and KB of one request, on an in-process app."""
    app = create_app(settings)
    statements: list[str] = []
    checkouts: list[object] = []

    async def once(client: httpx.AsyncClient, headers: dict, figures: dict) -> Any:
        extra = figures["headers"]
        await gql(client, headers, figures["query"], figures["variables"], extra)  # warm-up
        statements.clear()
        checkouts.clear()
        token = IN_REQUEST.set(True)
        try:
            content = await gql(client, headers, figures["query"], figures["variables"], extra)
        finally:
            IN_REQUEST.reset(token)
        body = json.loads(content)
        figures["read_path"] = body.get("extensions", {}).get("readPath", "?")
        cost = body.get("extensions", {}).get("cost", {}).get("requestedQueryCost")
        body.pop("extensions", None)  # objects are counted in the data only
        figures.update(statements=len(statements), checkouts=len(checkouts), cost=cost,
                       objects=count_dicts(body), kb=round(len(content) / 1024, 1))  # fmt: skip
        return body

    async with app.router.lifespan_context(app):
        engine = app.state.engine.sync_engine
        # Background workers share the engine: only the request's own work is counted.
        event.listen(engine, "before_cursor_execute",
                     lambda *a: IN_REQUEST.get() and statements.append(a[2]))
        event.listen(engine.pool, "checkout", lambda *a: IN_REQUEST.get() and checkouts.append(1))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            headers = await login(client)
            for key in ("deep", "deep_shipped"):
                for path in PATHS:
                    body = await once(client, headers, results[key + path])
                    edges = body["data"]["salesOrders"]["edges"]
                    results[key + path]["orders_returned"] = len(edges)
            # An order that has shipments: the first shipped one.
            for path in PATHS:
                results["status" + path]["variables"] = {"n": edges[0]["node"]["number"]}
                results["status" + path]["orders_returned"] = 1
                await once(client, headers, results["status" + path])


# --- the server under test ----------------------------------------------------


def start_server(stack: ExitStack, url: str, tmp: Path) -> tuple[str, int]:
    with socket.socket() as sock:  # a free port; released just before uvicorn binds it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": url, "ERP_DATA_DIR": str(tmp / "data")}
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed by the stack
    stack.callback(log.close)
    # As `erp serve` runs it: log level info, so the access log is written (to a file).
    command = "-m uvicorn backend.app:create_app --factory --host 127.0.0.1 --log-level info"
    proc = subprocess.Popen(
        [sys.executable, *command.split(), "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    stack.callback(stop_server, proc)
    base_url, pid = f"http://127.0.0.1:{port}", proc.pid
    deadline = time.monotonic() + 180  # a busy shared machine starts slowly
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited:\n{(tmp / 'server.log').read_text()[-3000:]}")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return base_url, pid
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("server did not become ready within 180 s")
        time.sleep(0.1)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux): robust to a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


async def sequential(base_url: str, pid: int, query: str, variables: dict, n: int,
                     extra: dict):
    """Latencies of n requests one after the other, and the server's CPU ms per request."""
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        headers = await login(client)
        for _ in range(min(10, n)):  # warm-up
            await gql(client, headers, query, variables, extra)
        times, cpu = [], cpu_seconds(pid)
        for _ in range(n):
            start = time.perf_counter()
            await gql(client, headers, query, variables, extra)
            times.append(time.perf_counter() - start)
    return times, ms((cpu_seconds(pid) - cpu) / n)


async def concurrent(base_url: str, query: str, variables: dict, workers: int, seconds: float,
                     extra: dict):
    clients = [httpx.AsyncClient(base_url=base_url, timeout=60) for _ in range(workers)]
    try:
        headers = await login(clients[0])
        await asyncio.gather(*(gql(c, headers, query, variables, extra)
                               for c in clients))  # connect
        times: list[float] = []
        start = time.perf_counter()
        stop_at = start + seconds

        async def worker(client: httpx.AsyncClient) -> None:
            while time.perf_counter() < stop_at:
                t0 = time.perf_counter()
                await gql(client, headers, query, variables, extra)
                times.append(time.perf_counter() - t0)

        await asyncio.gather(*(worker(c) for c in clients))
        elapsed = time.perf_counter() - start
    finally:
        for c in clients:
            await c.aclose()
    return {"rps": round(len(times) / elapsed, 1), "p50_ms": ms(percentile(times, 50))}


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


# --- main -------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per query")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per concurrent run")
    parser.add_argument("--orders", type=int, default=50, help="orders in the deep query")
    parser.add_argument("--scale", type=float, default=1, help="scale data set size (0: demo only)")
    parser.add_argument("--reuse-db", metavar="URL", help="a loaded database (upgraded to head)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    queries = {"deep": (DEEP_QUERY, {"n": args.orders}),
               "deep_shipped": (DEEP_SHIPPED_QUERY, {"n": args.orders}),
               "status": (STATUS_QUERY, {})}
    results: dict[str, dict] = {
        name + path: {"query": query, "variables": variables, "headers": extra}
        for name, (query, variables) in queries.items() for path, extra in PATHS.items()
    }
    c = args.concurrency
    os.environ.update(SERVER_ENV)
    with ExitStack() as stack:
        tmp = Path(tempfile.mkdtemp(prefix="erp-bench-", dir="/tmp"))
        stack.callback(shutil.rmtree, tmp, ignore_errors=True)
        if args.reuse_db:
            url = to_async_url(args.reuse_db)
            migrate.upgrade(url)  # as `erp serve` would: the code expects the latest schema
        else:
            url = provision_database(stack)
            start = time.perf_counter()
            migrate.upgrade(url)
            asyncio.run(load_data(url, args.scale))
            seconds = round(time.perf_counter() - start, 1)
            results["setup"] = {"scale": args.scale, "load_seconds": seconds}
            print(f"migrated and loaded demo + scale={args.scale:g} in {seconds} s")

        settings = Settings(database_url=url, data_dir=tmp / "data", log_level="warning")
        asyncio.run(count_statements(settings, results))

        base_url, pid = start_server(stack, url, tmp)
        print(f"server: uvicorn subprocess on {base_url}; the load generator runs in this "
              f"process, on the same {os.cpu_count()} cores")  # fmt: skip
        load_before = os.getloadavg()[0]
        for figures in (results[name] for name in QUERY_NAMES):
            query, variables = figures.pop("query"), figures["variables"]
            extra = figures.pop("headers")
            times, figures["server_cpu_ms"] = asyncio.run(
                sequential(base_url, pid, query, variables, args.requests, extra)
            )
            for p in (50, 95, 99):
                figures[f"p{p}_ms"] = ms(percentile(times, p))
            loaded = asyncio.run(concurrent(base_url, query, variables, c, args.duration, extra))
            figures[f"rps_c{c}"], figures[f"p50_ms_c{c}"] = loaded["rps"], loaded["p50_ms"]

    cores, load_after = os.cpu_count() or 1, os.getloadavg()[0]
    results["machine"] = {"cores": cores, "load_average": [load_before, load_after]}
    print(f"\n{args.requests} sequential requests per query, then {args.duration:g} s at c={c}")
    if max(load_before, load_after) > cores:
        print(f"  (load average {load_before:.1f} -> {load_after:.1f} on {cores} cores: other "
              "work competed for the CPU; server CPU ms suffers least from it)")
    print(f"  {'query':<28}" + "".join(f"{q:>23}" for q in QUERY_NAMES))
    rows = TABLE + [(f"req/s (c={c})", f"rps_c{c}"), (f"p50 ms (c={c})", f"p50_ms_c{c}")]
    for label, key in rows:
        print(f"  {label:<28}" + "".join(f"{results[q][key]!s:>23}" for q in QUERY_NAMES))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
