"""Benchmark initiating a recall of a widely used component lot.

    python bench/recall.py [--scale 10] [--runs 15] [--reuse-db URL] [--json out.json]

Builds a fresh database (embedded PostgreSQL in /tmp, or a new database on the server
named by DATABASE_URL), migrates it and loads the demo set and `seed --scale N`, unless
--reuse-db names a loaded database. Then picks the purchased component lot whose forward
trace reaches the most shipments (at least 500 at --scale 10) and times `initiate_recall`
on it: genealogy forward, lot statuses, reservations dropped, shipments listed, one notice
and one FIELD_SAFETY_NOTICE PDF per customer, supplier notices, audit and outbox. Each run
is rolled back, so every run recalls the same lot on the same data.

Prints p50 / p95 (ms), SQL statements per recall, and the recall's size (lots, shipments,
notices). Target: p50 < 200 ms. The e-signature's password check (Argon2, slow on purpose:
about 230 ms of CPU here) is part of every run; it runs in a thread while the recall is
worked out, and `password_check_p50_ms` is its own time, overlapping the rest.
Audit events and outbox rows are queued in the session and written at commit; the runs
roll back, so their writing is not part of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deep_query import load_data, provision_database  # noqa: E402 - shared database set-up

from backend.db import migrate  # noqa: E402
from backend.db.engine import create_engine, create_sessionmaker  # noqa: E402
from backend.db.models import Lot, RecallNotice, RecallShipment, User, UserRole  # noqa: E402
from backend.domain.actor import Actor  # noqa: E402
from backend.domain.quality.recalls import initiate_recall  # noqa: E402
from backend.domain.trust import signatures  # noqa: E402
from backend.enums import RecallClass  # noqa: E402

# Component lots (with a supplier) ranked by the shipments that carried them or lots made
# from them: the genealogy walked forward, as a recall does.
WIDEST_LOTS = text(
    """
    WITH RECURSIVE forward(root, lot_id) AS (
        SELECT l.id, l.id FROM lots l WHERE l.supplier_id IS NOT NULL
        UNION
        SELECT f.root, c.lot_id FROM forward f
        JOIN lot_components c ON c.component_lot_id = f.lot_id
    )
    SELECT f.root, count(DISTINCT sl.shipment_id) AS shipments
    FROM forward f JOIN shipment_lines sl ON sl.lot_id = f.lot_id
    GROUP BY f.root ORDER BY shipments DESC LIMIT 1
    """
)


async def qa_actor(session: Any) -> Actor:
    user = await session.scalar(select(User).where(User.username == "qa"))
    roles = await session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    return Actor.of(user.id, [str(r) for r in roles], None)


async def run(url: str, runs: int) -> dict[str, Any]:
    engine = create_engine(url, pool_size=2)
    statements = {"n": 0}

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def count(*_args: Any) -> None:
        statements["n"] += 1

    checking = {"s": 0.0}
    verify = signatures.verify_password

    def timed_verify(*args: Any) -> bool:
        started = time.perf_counter()
        try:
            return verify(*args)
        finally:
            checking["s"] += time.perf_counter() - started

    signatures.verify_password = timed_verify  # type: ignore[assignment]
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as session:
            root, shipments = (await session.execute(WIDEST_LOTS)).one()
            lot_number = await session.scalar(select(Lot.lot_number).where(Lot.id == root))
            actor = await qa_actor(session)
        timings, counts, checks, size = [], [], [], {}
        for i in range(runs):
            async with sessions() as session:
                transaction = await session.begin()
                statements["n"], checking["s"] = 0, 0.0
                started = time.perf_counter()
                recall = await initiate_recall(
                    session, actor=actor, lot_ids=[root], reason="Benchmark recall",
                    recall_class=RecallClass.II, password="demo1234", meaning="Recall initiated",
                )
                await session.flush()
                elapsed = (time.perf_counter() - started) * 1000
                counts.append(statements["n"])
                checks.append(checking["s"] * 1000)
                if i == 0:
                    size = {
                        "lots": await session.scalar(text(
                            "SELECT count(*) FROM recall_lots WHERE recall_id = :r"),
                            {"r": recall.id}),
                        "shipments": await session.scalar(
                            select(func.count()).select_from(RecallShipment)
                            .where(RecallShipment.recall_id == recall.id)),
                        "notices": await session.scalar(
                            select(func.count()).select_from(RecallNotice)
                            .where(RecallNotice.recall_id == recall.id)),
                    }
                await transaction.rollback()
            timings.append(elapsed)
    finally:
        signatures.verify_password = verify  # type: ignore[assignment]
        await engine.dispose()
    timings.sort()
    return {
        "lot": lot_number, "shipments_reached": shipments, **size, "runs": runs,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[min(len(timings) - 1, int(0.95 * len(timings)))], 1),
        "password_check_p50_ms": round(statistics.median(checks), 1),
        "sql_statements": int(statistics.median(counts)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reuse-db", help="a loaded database (postgresql+asyncpg:// URL)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.reuse_db:
            url = args.reuse_db
            migrate.upgrade(url)
        else:
            url = provision_database(stack)
            migrate.upgrade(url)
            started = time.perf_counter()
            asyncio.run(load_data(url, args.scale))
            print(f"loaded demo + scale {args.scale:g} in {time.perf_counter() - started:.0f} s")
        figures = asyncio.run(run(url, args.runs))
    for name, value in figures.items():
        print(f"{name:>20}: {value}")
    print("target p50 < 200 ms:", "met" if figures["p50_ms"] < 200 else "NOT met")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
