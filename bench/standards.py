"""Benchmark the industry-format endpoints on `seed --scale N`.

    python bench/standards.py [--scale 10] [--runs 15] [--events 1000] [--reuse-db URL]
                              [--only NAME ...] [--json out.json]

Builds a fresh database (embedded PostgreSQL in /tmp, or a new database on the server
named by DATABASE_URL), migrates it and loads the demo set and `seed --scale N`, unless
--reuse-db names a loaded database. Then runs each part against the app in this process
(httpx's ASGI transport, the real middleware and endpoints):

- `epcis_events`: `GET /epcis/events?gtin=&lot=` for the lot with the most shipments (the
  scale seed's bulk lot of its most ordered product, shipped some 500-700 times at scale 10:
  `WIDE_LOT_SHIPMENTS` in `backend/seed/scale_stock.py`), and `GET /epcis/events?gtin=` for
  the product whose lots were shipped most often; p50 / p95 of --runs requests each.
  Target: p50 < 150 ms for a lot of at least 500 shipments.
- `epcis_capture`: `POST /epcis/capture` of a --events receiving document (LGTIN +
  quantity, each event a new lot from the demo's qualified supplier), timed from request
  to the 202 (the capture runs in the request). Target: < 5 s. Its lots stay in the
  database (a capture commits), so each run captures new lot numbers.
- `signed_release`: `releaseLot` of a received, inspected lot, which writes the PDF/A-style
  release certificate with its UDI DataMatrix and PAdES-signs it in the transaction; p50 /
  p95 of --runs releases (receiving and inspecting are not timed). Target: p50 < 400 ms.

A part is an async function of a `Bench` (the client, the database, the options) that
returns its figures; PARTS lists them in the order they run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deep_query import SERVER_ENV, load_data, provision_database  # noqa: E402

from backend.app import create_app  # noqa: E402
from backend.db import migrate  # noqa: E402
from backend.domain.standards.gs1 import lgtin, pgln, sgln  # noqa: E402
from backend.settings import Settings  # noqa: E402

PASSWORD = "demo1234"
# The scale seed's bulk lot (see `backend.seed.scale_stock.WIDE_LOT_SHIPMENTS`).
WIDEST_LOT = text("""
SELECT p.gtin, l.lot_number, count(DISTINCT sl.shipment_id) AS shipments
FROM shipment_lines sl JOIN lots l ON l.id = sl.lot_id JOIN products p ON p.id = l.product_id
GROUP BY p.gtin, l.lot_number ORDER BY shipments DESC LIMIT 1
""")
# All the lots of one product (at most 2,000: past that the query is refused with 413).
WIDEST_GTIN = text("""
SELECT p.gtin, count(DISTINCT sl.shipment_id) AS shipments, count(DISTINCT l.id) AS lots
FROM shipment_lines sl JOIN lots l ON l.id = sl.lot_id JOIN products p ON p.id = l.product_id
WHERE (SELECT count(*) FROM lots a WHERE a.product_id = p.id) <= 2000
GROUP BY p.gtin ORDER BY shipments DESC LIMIT 1
""")
WIDE_ENOUGH = 500  # shipments of the queried lot the target is set for
# A lot-tracked product on the demo's qualified supplier's list, and a warehouse with a GLN.
RECEIVABLE = text("""
SELECT p.gtin, s.gln AS supplier_gln,
       (SELECT w.gln FROM warehouses w WHERE w.gln IS NOT NULL ORDER BY w.id LIMIT 1) AS site
FROM supplier_products sp JOIN products p ON p.id = sp.product_id
JOIN suppliers s ON s.id = sp.supplier_id
WHERE s.gln IS NOT NULL AND p.tracking_mode = 'LOT' AND p.shelf_life_days IS NOT NULL
  AND s.code = 'SUP-ALP'
ORDER BY s.id, p.id LIMIT 1
""")


@dataclass
class Bench:
    client: httpx.AsyncClient
    app: Any
    runs: int
    events: int
    tokens: dict[str, str]

    async def headers(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            response = await self.client.post(
                "/auth/token", json={"username": username, "password": PASSWORD})
            response.raise_for_status()
            self.tokens[username] = response.json()["access_token"]
        return {"authorization": f"Bearer {self.tokens[username]}"}

    async def one(self, query: Any) -> Any:
        async with self.app.state.engine.connect() as conn:
            return (await conn.execute(query)).one()


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 1)}


async def _events_query(bench: Bench, params: dict[str, str]) -> dict[str, Any]:
    headers = await bench.headers("qa")
    samples, events, size_kb = [], 0, 0
    for i in range(bench.runs + 1):
        started = time.perf_counter()
        response = await bench.client.get("/epcis/events", params=params, headers=headers)
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        if i == 0:  # warm-up: connections, prepared statements
            body = response.json()
            events = len(body["epcisBody"]["queryResults"]["resultsBody"]["eventList"])
            size_kb = round(len(response.content) / 1024)
            continue
        samples.append(elapsed)
    return {"events": events, "kb": size_kb, **_ms(samples),
            "met": statistics.median(samples) < 0.150}


async def epcis_events(bench: Bench) -> dict[str, Any]:
    """The most shipped lot (gtin + lot), and the most shipped product (gtin: all its lots)."""
    gtin, lot_number, shipments = await bench.one(WIDEST_LOT)
    by_lot = await _events_query(bench, {"gtin": gtin, "lot": lot_number})
    product, product_shipments, lots = await bench.one(WIDEST_GTIN)
    by_gtin = await _events_query(bench, {"gtin": product})
    return {"lot": lot_number, "lot_shipments": shipments,
            "lot_wide_enough": shipments >= WIDE_ENOUGH,
            **{f"lot_{k}": v for k, v in by_lot.items()},
            "gtin": product, "gtin_shipped_lots": lots, "gtin_shipments": product_shipments,
            **{f"gtin_{k}": v for k, v in by_gtin.items()},
            "runs": bench.runs, "target": "p50 < 150 ms"}


def receiving_document(gtin: str, site: str, supplier: str, count: int) -> dict[str, Any]:
    now = datetime.now(UTC)
    expires = (now + timedelta(days=700)).date().isoformat()
    batch = uuid4().hex[:6].upper()
    events = [{
        "type": "ObjectEvent", "eventID": f"urn:uuid:{uuid4()}",
        "eventTime": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "eventTimeZoneOffset": "+00:00", "action": "ADD", "bizStep": "receiving",
        "disposition": "in_progress", "readPoint": {"id": sgln(site)},
        "bizLocation": {"id": sgln(site)},
        "quantityList": [{"epcClass": lgtin(gtin, f"B{batch}-{i:05d}"), "quantity": 10}],
        "sourceList": [{"type": "owning_party", "source": pgln(supplier)}],
        "ilmd": {"cbvmda:itemExpirationDate": expires},
    } for i in range(count)]
    return {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
            "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": events[0]["eventTime"], "epcisBody": {"eventList": events}}


async def epcis_capture(bench: Bench) -> dict[str, Any]:
    gtin, supplier, site = await bench.one(RECEIVABLE)
    headers = {**await bench.headers("warehouse"), "content-type": "application/ld+json"}
    runs = max(1, min(3, bench.runs))
    samples, kb, statements = [], 0, []
    counted = {"n": 0}

    def count(*_args: Any) -> None:
        counted["n"] += 1

    engine = bench.app.state.engine.sync_engine
    for _ in range(runs):
        body = json.dumps(receiving_document(gtin, site, supplier, bench.events)).encode()
        kb = round(len(body) / 1024)
        counted["n"] = 0
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = await bench.client.post("/epcis/capture", content=body, headers=headers)
        elapsed = time.perf_counter() - started
        event.remove(engine, "before_cursor_execute", count)
        statements.append(counted["n"])
        job = response.json()
        if response.status_code != 202 or not job.get("success"):
            raise RuntimeError(f"capture answered {response.status_code}: {response.text[:800]}")
        samples.append(elapsed)
    return {"events": bench.events, "kb": kb, "runs": runs,
            "sql_statements": int(statistics.median(statements)),
            "p50_s": round(statistics.median(samples), 2), "max_s": round(max(samples), 2),
            "target": "< 5 s", "met": max(samples) < 5}


RELEASABLE = text("""
SELECT p.id AS product, s.id AS supplier,
       (SELECT w.id FROM warehouses w WHERE w.gln IS NOT NULL ORDER BY w.id LIMIT 1) AS site
FROM supplier_products sp JOIN products p ON p.id = sp.product_id
JOIN suppliers s ON s.id = sp.supplier_id
WHERE p.tracking_mode = 'LOT' AND s.code = 'SUP-ALP' AND NOT p.requires_supplier_certificate
ORDER BY p.id LIMIT 1
""")
RECEIVE = """mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) {
  lots { id } userErrors { message } } }"""
INSPECT = """mutation($input: RecordInspectionInput!) { recordInspection(input: $input) {
  userErrors { message } } }"""
RELEASE = """mutation($input: ReleaseLotInput!) { releaseLot(input: $input) {
  lot { release { certificate { sizeBytes signature { level } } } } userErrors { message } } }"""


async def _graph(bench: Bench, user: str, query: str, **variables: Any) -> dict[str, Any]:
    response = await bench.client.post("/graphql", json={"query": query, "variables": variables},
                                       headers=await bench.headers(user))
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{user}: {response.status_code} {response.text[:800]}")
    return body["data"]


async def signed_release(bench: Bench) -> dict[str, Any]:
    from backend.api.ids import to_global_id

    product, supplier, site = await bench.one(RELEASABLE)
    samples, kb = [], 0
    for i in range(bench.runs + 1):
        received = await _graph(bench, "warehouse", RECEIVE, input={
            "supplierId": to_global_id("Supplier", supplier),
            "warehouseId": to_global_id("Warehouse", site),
            "lines": [{"productId": to_global_id("Product", product),
                       "lotNumber": f"BR{uuid4().hex[:8].upper()}", "quantity": 5}]})
        lot_id = received["receiveGoods"]["lots"][0]["id"]
        await _graph(bench, "inspector", INSPECT, input={
            "lotId": lot_id, "kind": "INCOMING", "result": "PASS", "sampleSize": 5,
            "defectsFound": 0})
        started = time.perf_counter()
        released = await _graph(bench, "qa", RELEASE, input={
            "lotId": lot_id,
            "signature": {"password": PASSWORD, "meaning": "Released for distribution"}})
        elapsed = time.perf_counter() - started
        refused = received["receiveGoods"]["userErrors"] + released["releaseLot"]["userErrors"]
        if refused:
            raise RuntimeError(f"the release was refused: {refused}")
        certificate = released["releaseLot"]["lot"]["release"]["certificate"]
        if certificate["signature"] is None:
            raise RuntimeError("the release certificate was not signed")
        kb = round(certificate["sizeBytes"] / 1024)
        if i:  # the first warms fonts, the signer and the connections
            samples.append(elapsed)
    return {"runs": bench.runs, "certificate_kb": kb, **_ms(samples),
            "target": "p50 < 400 ms", "met": statistics.median(samples) < 0.400}


PARTS: dict[str, Callable[[Bench], Awaitable[dict[str, Any]]]] = {
    "epcis_events": epcis_events,
    "epcis_capture": epcis_capture,
    "signed_release": signed_release,
}


async def run(url: str, args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    settings = Settings(database_url=url, data_dir=data_dir, log_level="warning",
                        jwt_secret=SERVER_ENV["ERP_JWT_SECRET"])
    app = create_app(settings)
    figures: dict[str, Any] = {}
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=120
    ) as client:
        bench = Bench(client, app, args.runs, args.events, {})
        for name, part in PARTS.items():
            if not args.only or name in args.only:
                figures[name] = await part(bench)
                # Printed as each part ends: a later part that fails keeps these figures.
                print(f"{name}:")
                for key, value in figures[name].items():
                    print(f"{key:>20}: {value}", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--reuse-db", help="a loaded database (postgresql+asyncpg:// URL)")
    parser.add_argument("--only", nargs="*", choices=list(PARTS), help="run only these parts")
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
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="erp-bench-")))
        figures = asyncio.run(run(url, args, data_dir))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
