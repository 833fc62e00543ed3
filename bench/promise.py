"""Benchmark `availableToPromise`: p50 latency and SQL statements, for 1, 5 and 20 lines.

    python bench/promise.py [--scale 10] [--requests 100] [--reuse-db URL] [--json out.json]

Builds a fresh database as bench/deep_query.py does (embedded PostgreSQL in /tmp, or a new
database on the server named by DATABASE_URL), migrates it and loads the demo and scale
data sets, unless --reuse-db names a loaded one. Requests go to an in-process app through
httpx's ASGI transport; statements are counted on its engine. Target: p50 under 50 ms for
20 lines, and the same number of statements whatever the number of lines.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from contextvars import ContextVar
from pathlib import Path

import httpx
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deep_query  # noqa: E402 - the database set-up is shared with the deep-query benchmark

from backend.app import create_app  # noqa: E402
from backend.db import migrate  # noqa: E402
from backend.settings import Settings  # noqa: E402

IN_REQUEST: ContextVar[bool] = ContextVar("in_request", default=False)
ATP = """query($input: AvailableToPromiseInput!) { availableToPromise(input: $input) {
  promisedDeliveryDate late lines { fromStock source promisedShipDate promisedDeliveryDate
  late warehouse { code } product { sku } } userErrors { code message } } }"""
PICK = """{ customers(first: 1, search: "DIST-A") { edges { node { id } } }
  products(first: 100) { edges { node { id sellable: availableQuantity } } } }"""


async def run(url: str, requests: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=url, data_dir=Path(tmp), log_level="warning")
        app = create_app(settings)
        statements: list[str] = []
        results: dict[str, dict[str, float]] = {}
        async with app.router.lifespan_context(app):
            event.listen(app.state.engine.sync_engine, "before_cursor_execute",
                         lambda *a: IN_REQUEST.get() and statements.append(a[2]))
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                headers = await deep_query.login(client)
                picked = json.loads(await deep_query.gql(client, headers, PICK, {}))["data"]
                customer = picked["customers"]["edges"][0]["node"]["id"]
                products = [e["node"]["id"] for e in picked["products"]["edges"]]
                for n in (1, 5, 20):
                    lines = [{"productId": products[i % len(products)], "quantity": 3 + i}
                             for i in range(n)]
                    variables = {"input": {"customerId": customer, "lines": lines}}
                    await deep_query.gql(client, headers, ATP, variables)  # warm-up
                    statements.clear()
                    token = IN_REQUEST.set(True)
                    try:
                        body = json.loads(await deep_query.gql(client, headers, ATP, variables))
                    finally:
                        IN_REQUEST.reset(token)
                    assert not body.get("errors"), body
                    count = len(statements)
                    samples = []
                    for _ in range(requests):
                        start = time.perf_counter()
                        await deep_query.gql(client, headers, ATP, variables)
                        samples.append((time.perf_counter() - start) * 1000)
                    results[f"{n} lines"] = {
                        "statements": count,
                        "p50_ms": round(statistics.median(samples), 2),
                        "p95_ms": round(sorted(samples)[int(len(samples) * 0.95) - 1], 2),
                    }
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--reuse-db", help="a loaded database to use as it is (upgraded)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.reuse_db:
            url = args.reuse_db
            migrate.upgrade(url)
        else:
            url = deep_query.provision_database(stack)
            migrate.upgrade(url)
            asyncio.run(deep_query.load_data(url, args.scale))
        results = asyncio.run(run(url, args.requests))
    print(f"{'availableToPromise':<20}{'statements':>12}{'p50 ms':>10}{'p95 ms':>10}")
    for name, figures in results.items():
        print(f"{name:<20}{figures['statements']:>12}{figures['p50_ms']:>10}{figures['p95_ms']:>10}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
