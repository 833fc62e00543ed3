"""What the partner wall (row-level security) costs: partner-a's deep walk and status query,
with the wall and without it, in one process on the same data.

    python bench/partner_wall.py [--scale 10] [--requests 50] [--reuse-db URL] [--json out.json]

The queries are those of ../shared/bench/postgraphile (the 50 latest shipped orders ->
lines -> shipments -> lines -> lot; one order's status by its number) as partner-a sends
them: a partner sees DIST-A's orders only, and no lot's inspections or supplier.
"without" runs the same requests with the partner's reads in autocommit as the owner
(the application's predicates alone), as before the wall; rounds alternate so that
both see the same machine. Database set-up as bench/deep_query.py.
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
from typing import Any

import httpx
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deep_query  # noqa: E402 - the database set-up is shared with the deep-query benchmark

from backend.app import create_app  # noqa: E402
from backend.db import migrate  # noqa: E402
from backend.resolvers import context as request_context  # noqa: E402
from backend.resolvers.request_db import RequestConnection  # noqa: E402
from backend.settings import Settings  # noqa: E402

IN_REQUEST: ContextVar[bool] = ContextVar("in_request", default=False)
DEEP = """query DeepShipped { salesOrders(first: 50, filter: {status: [SHIPPED]}) { edges {
  node { number status lines { lineNumber quantity product { sku } }
    shipments { number status lines { quantity lot { lotNumber expiresOn } } } } } } }"""
STATUS = """query Status($number: String!) { salesOrder(number: $number) {
  number status customer { code } shipments { status } } }"""
NUMBERS = "{ salesOrders(first: 100) { edges { node { number } } } }"


class WithoutWall(RequestConnection):
    def __init__(self, engine: Any, customer_scope: int | None = None) -> None:
        super().__init__(engine, None)


async def token(client: httpx.AsyncClient, user: str) -> dict[str, str]:
    response = await client.post("/auth/token", json={"username": user, "password": "demo1234"})
    response.raise_for_status()
    return {"authorization": f"Bearer {response.json()['access_token']}"}


async def run(url: str, requests: int) -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=url, data_dir=Path(tmp), log_level="warning")
        app = create_app(settings)
        statements: list[str] = []
        samples: dict[str, list[float]] = {}
        counts: dict[str, int] = {}
        sizes: dict[str, int] = {}
        async with app.router.lifespan_context(app):
            event.listen(app.state.engine.sync_engine, "before_cursor_execute",
                         lambda *a: IN_REQUEST.get() and statements.append(a[2]))
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                partner = await token(client, "partner-a")
                listed = json.loads(await deep_query.gql(client, partner, NUMBERS, {}))
                numbers = [e["node"]["number"] for e in listed["data"]["salesOrders"]["edges"]]
                queries = {"deep walk": (DEEP, lambda i: {}),
                           "status": (STATUS, lambda i: {"number": numbers[i % len(numbers)]})}
                for rnd in range(2 * requests):
                    wall = "with the wall" if rnd % 2 == 0 else "without"
                    request_context.RequestConnection = (  # type: ignore[misc]
                        RequestConnection if rnd % 2 == 0 else WithoutWall)
                    for name, (query, variables) in queries.items():
                        key = f"{name}, {wall}"
                        first = key not in counts
                        statements.clear()
                        reset = IN_REQUEST.set(first)
                        start = time.perf_counter()
                        try:
                            body = await deep_query.gql(client, partner, query, variables(rnd // 2))
                        finally:
                            IN_REQUEST.reset(reset)
                        elapsed = (time.perf_counter() - start) * 1000
                        if first:
                            counts[key], sizes[key] = len(statements), len(body)
                        else:
                            samples.setdefault(key, []).append(elapsed)
                request_context.RequestConnection = RequestConnection  # type: ignore[misc]
        return {key: {"statements": counts[key], "bytes": sizes[key],
                      "p50_ms": round(statistics.median(s), 2),
                      "p95_ms": round(sorted(s)[max(int(len(s) * 0.95) - 1, 0)], 2)}
                for key, s in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--requests", type=int, default=50)
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
    print(f"{'partner-a':<28}{'statements':>12}{'bytes':>10}{'p50 ms':>10}{'p95 ms':>10}")
    for name, f in results.items():
        print(f"{name:<28}{f['statements']:>12}{f['bytes']:>10}{f['p50_ms']:>10}{f['p95_ms']:>10}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
