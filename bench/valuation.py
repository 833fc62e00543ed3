"""Benchmark the stock valuation on `seed --scale N` data (not run by `make test`).

    python bench/valuation.py [--scale 10] [--requests 30] [--reuse-db URL]

`inventoryValuation` of all warehouses through the graph (in-process app, httpx ASGI
transport), with its per-warehouse totals, the 1300 balance and the first 100 lot rows:
p50 / p95 latency and the SQL statements one request sends (target: p50 < 200 ms).

A fresh run loads the demo and scale data, VACUUM ANALYZEs, then measures in a process of its
own (see bench/finance.py). Measured 2026-12-01 on the shared 2-core machine
(`python bench/valuation.py --scale 10`): 8 warehouses, 70,978 lot balances, total equal to
1300, p50 133 ms, p95 160 ms, 4 SQL statements (totals with the 1300 balance and the row
count, the page of rows, its warehouses, its lots); p50 was 380 ms with a separate count.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.app import create_app  # noqa: E402
from backend.db import migrate  # noqa: E402
from backend.observability.sql_count import StatementCounter  # noqa: E402
from backend.settings import Settings  # noqa: E402
from bench.deep_query import load_data, provision_database  # noqa: E402
from bench.finance import STARTUP_JOBS_SECONDS, settle  # noqa: E402

VALUATION = """{ inventoryValuation { total ledgerBalance
  warehouses { warehouse { code } quantity value }
  rows(first: 100) { totalCount edges { node { quantity unitCost value
    warehouse { code } lot { lotNumber } } } } } }"""


async def valuation(url: str, requests: int) -> None:
    app = create_app(Settings(database_url=url))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=60
    ) as client:
        token = (await client.post("/auth/token", json={"username": "finance",
                                                        "password": "demo1234"})).json()
        headers = {"authorization": f"Bearer {token['access_token']}"}
        await client.post("/graphql", json={"query": VALUATION}, headers=headers)
        await asyncio.sleep(STARTUP_JOBS_SECONDS)
        counter = StatementCounter().attach(app.state.engine)
        response = await client.post("/graphql", json={"query": VALUATION}, headers=headers)
        statements = counter.count
        counter.detach()
        found = response.json()["data"]["inventoryValuation"]
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            await client.post("/graphql", json={"query": VALUATION}, headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    print(f"inventoryValuation: {len(found['warehouses'])} warehouses, "
          f"{found['rows']['totalCount']} lot balances, total {found['total']} "
          f"(1300: {found['ledgerBalance']}), p50 {statistics.median(samples):.1f} ms, "
          f"p95 {samples[int(len(samples) * 0.95) - 1]:.1f} ms, {statements} SQL statements")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--reuse-db")
    args = parser.parse_args()
    with ExitStack() as stack:
        url = args.reuse_db or provision_database(stack)
        migrate.upgrade(url)
        if not args.reuse_db:
            asyncio.run(load_data(url, args.scale))
            asyncio.run(settle(url))
            subprocess.run([sys.executable, __file__, "--reuse-db", url, "--requests",
                            str(args.requests)], check=True)
            return
        asyncio.run(valuation(url, args.requests))


if __name__ == "__main__":
    main()
