"""Normal-query latency while hostile documents are fired at the server in parallel.

    python bench/limits.py [--duration 10] [--clients 2] [--attackers 4] [--json out.json]

Builds a fresh database (embedded PostgreSQL in /tmp, or a new database on the
server named by DATABASE_URL) with the demo data, serves it with `erp serve` in
a subprocess, and measures a normal partner query twice: on a quiet server,
then with attackers sending documents 100 levels deep, 10,000 aliases, 1 MB
strings, invalid UTF-8, batches of 1,000 operations, circular fragments,
circular introspection and pages that multiply past the cost limit. Target:
p99 under attack within 2x of the quiet p99. Every loop is bounded by
--duration and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx

from backend.db.embedded import to_libpq_url

ROOT = Path(__file__).resolve().parents[1]
JWT_SECRET = "bench-limits-secret-" + secrets.token_hex(16)
NORMAL_QUERY = """query PartnerOrders { salesOrders(first: 10) { totalCount edges { node {
  number status promisedDeliveryDate customer { name } lines { quantity product { sku } } } } } }"""

NESTED = "{ viewer { customer { " + "orders(first: 1) { edges { node { customer { " * 25 + "code" \
    + " } } } }" * 25 + " } } }"
HOSTILE: dict[str, dict] = {
    "nested-100-deep": {"json": {"query": NESTED}},
    "10000-aliases": {"json": {"query": "{ " + " ".join(
        f"a{i}: viewer {{ username }}" for i in range(10_000)) + " }"}},
    "1-mb-string": {"content": json.dumps(
        {"query": '{ salesOrder(number: "' + "x" * 1_000_000 + '") { number } }'}).encode(),
        "headers": {"content-type": "application/json"}},
    "invalid-utf8": {"content": b'{"query": "{ viewer { \xc3\x28 } }"}',
                     "headers": {"content-type": "application/json"}},
    "batch-of-1000": {"content": json.dumps([{"query": "{ viewer { username } }"}] * 1000).encode(),
                      "headers": {"content-type": "application/json"}},
    "circular-fragments": {"json": {"query": "fragment A on Customer { orders(first: 1) "
                                    "{ edges { node { customer { ...B } } } } } fragment B on "
                                    "Customer { ...A } { viewer { customer { ...A } } }"}},
    "circular-introspection": {"json": {"query": "{ __schema { types { fields { type { fields "
                                        "{ type { fields { name } } } } } } } }"}},
    "cost-bomb": {"json": {"query": "{ customers(first: 100) { edges { node { orders(first: 100) "
                           "{ edges { node { shipments { lots { serials(first: 100) { edges "
                           "{ node { serialNumber } } } } } } } } } } } }"}},
}


# --- database and server ----------------------------------------------------


def provision_database(stack: ExitStack) -> str:
    """A new empty database (libpq URL), dropped (and an embedded server removed) on exit."""
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver
        pgdata = Path(tempfile.mkdtemp(prefix="erp-bench-pg-", dir="/tmp"))
        server = pgserver.get_server(pgdata, cleanup_mode="delete")
        stack.callback(server.cleanup)
        server_url = server.get_uri("postgres")
    server_url = to_libpq_url(server_url)
    name = f"erp_bench_limits_{secrets.token_hex(4)}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(server_url)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'create database "{name}"'))
    stack.callback(lambda: asyncio.run(admin(f'drop database if exists "{name}" with (force)')))
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def erp(*args: str) -> list[str]:
    executable = shutil.which("erp", path=str(Path(sys.executable).parent))
    return [executable or "erp", *args]


def start_server(stack: ExitStack, url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "ERP_JWT_SECRET": JWT_SECRET,
           "ERP_LOG_LEVEL": "warning", "ERP_LOG_FORMAT": "text"}
    subprocess.run(erp("seed", "--demo"), env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(erp("serve", "--no-seed", "--port", str(port)), env=env, cwd=ROOT)
    stack.callback(lambda: (process.terminate(), process.wait(timeout=30)))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return base
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not become ready within 60 s")


# --- load -------------------------------------------------------------------


async def normal_load(base: str, token: str, clients: int, duration: float) -> list[float]:
    latencies: list[float] = []
    headers = {"authorization": f"Bearer {token}"}
    deadline = time.monotonic() + duration

    async def client(http: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            response = await http.post("/graphql", json={"query": NORMAL_QUERY}, headers=headers)
            latencies.append(time.perf_counter() - started)
            body = response.json()
            if response.status_code != 200 or body.get("errors"):
                raise RuntimeError(f"the normal query failed: {response.text[:300]}")

    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return latencies


async def attack(base: str, token: str, attackers: int, stop: asyncio.Event) -> Counter[str]:
    outcomes: Counter[str] = Counter()

    async def attacker(http: httpx.AsyncClient) -> None:
        while not stop.is_set():
            for name, request in HOSTILE.items():
                if stop.is_set():
                    return
                headers = {"authorization": f"Bearer {token}", **request.get("headers", {})}
                body = {k: v for k, v in request.items() if k != "headers"}
                response = await http.post("/graphql", headers=headers, **body)
                code = "-"
                if response.headers.get("content-type", "").startswith("application/json"):
                    errors = response.json().get("errors") or [{}]
                    code = (errors[0].get("extensions") or {}).get("code", "-")
                outcomes[f"{name}: {response.status_code} {code}"] += 1

    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await asyncio.gather(*(attacker(http) for _ in range(attackers)))
    return outcomes


async def measure(base: str, args: argparse.Namespace) -> dict:
    async with httpx.AsyncClient(base_url=base) as http:
        tokens = {}
        for user in ("partner-a", "partner-b"):
            response = await http.post("/auth/token", json={"username": user,
                                                             "password": "demo1234"})
            tokens[user] = response.json()["access_token"]
    await normal_load(base, tokens["partner-a"], args.clients, 2)  # warm up
    quiet = await normal_load(base, tokens["partner-a"], args.clients, args.duration)

    stop = asyncio.Event()
    attacking = asyncio.create_task(attack(base, tokens["partner-b"], args.attackers, stop))
    await asyncio.sleep(0.5)
    started = time.monotonic()
    loud = await normal_load(base, tokens["partner-a"], args.clients, args.duration)
    stop.set()
    outcomes = await attacking
    elapsed = time.monotonic() - started
    return {"quiet": summary(quiet), "attack": summary(loud),
            "hostile_requests": sum(outcomes.values()),
            "hostile_per_second": round(sum(outcomes.values()) / elapsed, 1),
            "hostile_outcomes": dict(sorted(outcomes.items())),
            "p99_ratio": round(summary(loud)["p99_ms"] / summary(quiet)["p99_ms"], 2)}


def summary(latencies: list[float]) -> dict:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return {"requests": len(ordered), "p50_ms": pct(0.50), "p99_ms": pct(0.99),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--clients", type=int, default=2, help="concurrent normal clients")
    parser.add_argument("--attackers", type=int, default=4, help="concurrent hostile clients")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with ExitStack() as stack:
        base = start_server(stack, provision_database(stack))
        result = asyncio.run(measure(base, args))
    print(f"{'':22}{'quiet':>12}{'under attack':>14}")
    for key, label in (("requests", "normal requests"), ("p50_ms", "p50 ms"),
                       ("p99_ms", "p99 ms"), ("mean_ms", "mean ms")):
        print(f"{label:22}{result['quiet'][key]:>12}{result['attack'][key]:>14}")
    print(f"hostile requests: {result['hostile_requests']} "
          f"({result['hostile_per_second']}/s), all answered:")
    for outcome, count in result["hostile_outcomes"].items():
        print(f"  {count:6}  {outcome}")
    verdict = "within" if result["p99_ratio"] <= 2 else "NOT within"
    print(f"p99 under attack / quiet p99 = {result['p99_ratio']} ({verdict} the 2x target)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
