"""Benchmark the finance desk on `seed --scale N` data (not run by `make test`).

    python bench/finance.py [--scale 10] [--requests 30] [--lines 1000] [--reuse-db URL]

1. `arAgeing` of all customers through the graph (in-process app, httpx ASGI transport):
   p50 / p95 latency and the SQL statements one request sends (target: p50 < 200 ms).
2. A 1,000-entry camt.053 statement imported with auto-matching, through the domain
   (target: < 10 s): half the entries name an open invoice with its balance (MATCHED).

A fresh run loads the demo and scale data, VACUUM ANALYZEs, then measures in a process of its
own. Measured 2026-12-01 on the shared 2-core machine (`python bench/finance.py --scale 10`):
arAgeing 205 customers, p50 83 ms, p95 96 ms, 2 SQL statements (was p50 638 ms with a
correlated subquery per invoice and bucket); camt.053 import of 1,000 entries in 5.1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.app import create_app  # noqa: E402
from backend.db import migrate  # noqa: E402
from backend.db.embedded import to_libpq_url  # noqa: E402
from backend.db.engine import create_engine, create_sessionmaker  # noqa: E402
from backend.db.models import Invoice  # noqa: E402
from backend.domain.finance import bank  # noqa: E402
from backend.enums import BankStatementFormat, InvoiceStatus  # noqa: E402
from backend.observability.sql_count import StatementCounter  # noqa: E402
from backend.settings import Settings  # noqa: E402
from bench.deep_query import load_data, provision_database  # noqa: E402
from tests.support.builders import demo_actor  # noqa: E402
from tests.support.finance import Desk, Entry, camt053  # noqa: E402

STARTUP_JOBS_SECONDS = 5
AGEING = "{ arAgeing { asOf total { total over90 } rows { customer { code } buckets { total } } } }"


async def measure_query(
    url: str, username: str, query: str, requests: int
) -> tuple[dict, int, list[float]]:
    """One query through the graph (in-process app): its data, the SQL statements one request
    sends, and the sorted latencies (ms) of `requests` more."""
    app = create_app(Settings(database_url=url))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=60
    ) as client:
        token = (await client.post("/auth/token", json={"username": username,
                                                        "password": "demo1234"})).json()
        headers = {"authorization": f"Bearer {token['access_token']}"}
        # A warm-up request, and time for the server's start-up jobs (the expiry sweep runs on
        # the same engine): the count below is the request's statements only.
        await client.post("/graphql", json={"query": query}, headers=headers)
        await asyncio.sleep(STARTUP_JOBS_SECONDS)
        counter = StatementCounter().attach(app.state.engine)
        response = await client.post("/graphql", json={"query": query}, headers=headers)
        statements = counter.count
        counter.detach()
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            await client.post("/graphql", json={"query": query}, headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
    return response.json()["data"], statements, sorted(samples)


def percentiles(samples: list[float]) -> str:
    return (f"p50 {statistics.median(samples):.1f} ms, "
            f"p95 {samples[int(len(samples) * 0.95) - 1]:.1f} ms")


async def ageing(url: str, requests: int) -> None:
    data, statements, samples = await measure_query(url, "finance", AGEING, requests)
    print(f"arAgeing: {len(data['arAgeing']['rows'])} customers, {percentiles(samples)}, "
          f"{statements} SQL statements")


async def camt_import(url: str, lines: int) -> None:
    engine = create_engine(url, pool_size=2)
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as s:
            desk = await Desk.open(s)
            await s.commit()
            balance = Invoice.total - Invoice.amount_paid - Invoice.credited_amount \
                - Invoice.written_off_amount
            open_invoices = (await s.execute(
                select(Invoice.number, balance).where(
                    Invoice.status.in_((InvoiceStatus.OPEN, InvoiceStatus.PARTIALLY_PAID)))
                .limit(lines // 2))).all()
            entries = [Entry(f"{amount:.2f}", reference=f"Invoice {number}")
                       for number, amount in open_invoices]
            entries += [Entry(f"{Decimal(100 + n) + Decimal('0.37'):.2f}",
                              reference=f"unknown {n}") for n in range(lines - len(entries))]
            content = camt053(entries, statement_id=f"BENCH-{time.time_ns()}")
            actor = await demo_actor(s, "finance")
            started = time.perf_counter()
            result = await bank.import_statement(s, actor=actor, content=content,
                                                 file_name="bench.xml",
                                                 format=BankStatementFormat.CAMT053)
            await s.commit()
            took = time.perf_counter() - started
            assert desk and not result.already_imported
        print(f"camt.053 import: {len(entries)} entries ({len(open_invoices)} naming an open "
              f"invoice) in {took:.2f} s")
    finally:
        await engine.dispose()


async def settle(url: str) -> None:
    """VACUUM ANALYZE after the bulk load, as after a restore: measure the steady state, not
    autovacuum catching up with 3 million new rows on the same two cores."""
    conn = await asyncpg.connect(to_libpq_url(url))
    try:
        started = time.perf_counter()
        await conn.execute("VACUUM (ANALYZE)")
        print(f"vacuum analyze: {time.perf_counter() - started:.1f} s")
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--reuse-db")
    args = parser.parse_args()
    with ExitStack() as stack:
        url = args.reuse_db or provision_database(stack)
        migrate.upgrade(url)
        if not args.reuse_db:
            asyncio.run(load_data(url, args.scale))
            asyncio.run(settle(url))
            # Measure in a process of its own: the loader's heap (millions of generated rows)
            # would slow this one's garbage collector, not the server being measured.
            subprocess.run([sys.executable, __file__, "--reuse-db", url, "--requests",
                            str(args.requests), "--lines", str(args.lines)], check=True)
            return
        asyncio.run(ageing(url, args.requests))
        asyncio.run(camt_import(url, args.lines))


if __name__ == "__main__":
    main()
