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
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.db import migrate  # noqa: E402
from bench.deep_query import load_data, provision_database  # noqa: E402
from bench.finance import measure_query, percentiles, settle  # noqa: E402

VALUATION = """{ inventoryValuation { total ledgerBalance
  warehouses { warehouse { code } quantity value }
  rows(first: 100) { totalCount edges { node { quantity unitCost value
    warehouse { code } lot { lotNumber } } } } } }"""


async def valuation(url: str, requests: int) -> None:
    data, statements, samples = await measure_query(url, "finance", VALUATION, requests)
    found = data["inventoryValuation"]
    print(f"inventoryValuation: {len(found['warehouses'])} warehouses, "
          f"{found['rows']['totalCount']} lot balances, total {found['total']} "
          f"(1300: {found['ledgerBalance']}), {percentiles(samples)}, "
          f"{statements} SQL statements")


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
