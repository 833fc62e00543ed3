"""The scale seed: a large, consistent benchmark data set, loaded once, beside anything.

Each test database here is a fresh one on the test server (not the shared test
database), migrated to head; `fraction=0.02` makes the set about 200 orders.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import asyncpg
import pytest

from backend.db.embedded import to_libpq_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.seed import scale as scale_module
from backend.seed.invariants import check_invariants
from backend.seed.scale import ScaleDataAlreadyLoaded, load_scale
from backend.seed.scale_gen import Context, generate
from tests.support.database import fresh_database

FRACTION = 0.02  # of one unit of scale: about 200 orders
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


@asynccontextmanager
async def connect(url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(to_libpq_url(url))
    try:
        yield conn
    finally:
        await conn.close()


async def invariant_violations(url: str) -> list[str]:
    engine = create_engine(url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            return await check_invariants(session)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
async def scale_db(postgres_url: str) -> AsyncIterator[tuple[str, dict[str, int]]]:
    """A fresh database with the scale set loaded, foreign keys checked row by row."""
    async with fresh_database(postgres_url, "erp_scale") as url:
        counts = await load_scale(url, 1, fraction=FRACTION, progress=False, now=NOW,
                                  check_foreign_keys=True)
        yield url, counts


async def test_counts_follow_the_ratios_per_unit_of_scale(scale_db):
    url, counts = scale_db
    orders = counts["sales_orders"]
    assert orders == 200
    assert 2.5 <= counts["sales_order_lines"] / orders <= 3.5  # 30,000 per 10,000
    assert 1.0 <= counts["shipments"] / orders <= 1.4  # 12,000 per 10,000
    assert 80 <= counts["lots"] <= 130  # 5,000 per 10,000
    assert 300 <= counts["serials"] <= 550  # 20,000 per 10,000
    assert 7 <= counts["stock_moves"] / orders <= 14  # 100,000 per 10,000
    assert counts["customers"] == 10  # 200 at full scale, at least 10
    for table in ("shipment_lines", "shipment_line_serials", "lot_components", "inspections",
                  "releases", "signatures", "stock_balances", "invoices", "journal_lines",
                  "payments", "allocations"):
        assert counts[table] > 0, table
    async with connect(url) as conn:
        for table, n in counts.items():
            if table in ("accounts", "approval_rules", "number_sequences"):
                continue
            assert await conn.fetchval(f"SELECT count(*) FROM {table}") == n, table


async def test_the_data_obeys_every_invariant(scale_db):
    url, _ = scale_db
    assert await invariant_violations(url) == []


async def test_running_balances_never_go_below_zero(scale_db):
    url, _ = scale_db
    async with connect(url) as conn:
        lowest = await conn.fetchval(
            "SELECT min(running) FROM (SELECT sum(quantity) OVER (PARTITION BY warehouse_id,"
            " lot_id ORDER BY occurred_at, id) AS running FROM stock_moves) r")
        kinds = {r[0] for r in await conn.fetch("SELECT DISTINCT kind FROM stock_moves")}
    assert lowest >= 0
    assert {"RECEIPT", "SHIPMENT", "CONSUMPTION", "PRODUCTION", "TRANSFER_OUT", "TRANSFER_IN",
            "ADJUSTMENT"} <= kinds


async def test_produced_lots_have_a_genealogy_of_two_or_three_component_lots(scale_db):
    url, counts = scale_db
    async with connect(url) as conn:
        produced = await conn.fetch(
            "SELECT l.id, count(c.component_lot_id) AS components FROM lots l"
            " JOIN products p ON p.id = l.product_id AND p.replenishment = 'PRODUCTION'"
            " LEFT JOIN lot_components c ON c.lot_id = l.id GROUP BY l.id")
        # Every component lot is of a component product, bought, and was consumed at least
        # as much as the genealogy says.
        bad_components = await conn.fetchval(
            "SELECT count(*) FROM lot_components c JOIN lots cl ON cl.id = c.component_lot_id"
            " JOIN products cp ON cp.id = cl.product_id"
            " WHERE cp.sellable OR cl.supplier_id IS NULL OR c.quantity > (SELECT -sum(m.quantity)"
            "   FROM stock_moves m WHERE m.lot_id = c.component_lot_id AND m.kind = 'CONSUMPTION')")
    assert len(produced) >= 0.08 * counts["lots"]
    assert all(2 <= row["components"] <= 3 for row in produced)
    assert bad_components == 0


async def test_quality_records_follow_the_release_rules(scale_db):
    url, _ = scale_db
    async with connect(url) as conn:
        statuses = dict(await conn.fetch("SELECT status, count(*) FROM lots GROUP BY status"))
        released_without_release = await conn.fetchval(
            "SELECT count(*) FROM lots l WHERE l.status = 'RELEASED'"
            " AND NOT EXISTS (SELECT 1 FROM releases r WHERE r.lot_id = l.id)")
        release_of_unreleased = await conn.fetchval(
            "SELECT count(*) FROM releases r JOIN lots l ON l.id = r.lot_id"
            " WHERE l.status <> 'RELEASED'")
        # Separation of duties: the signer is a QA manager and never inspected that lot.
        bad_signers = await conn.fetchval(
            "SELECT count(*) FROM releases r JOIN signatures s ON s.id = r.signature_id"
            " WHERE NOT EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = s.signer_id"
            "                   AND ur.role = 'QA_MANAGER')"
            "    OR EXISTS (SELECT 1 FROM inspections i WHERE i.lot_id = r.lot_id"
            "               AND i.inspector_id = s.signer_id)")
        not_inspected = await conn.fetchval(
            "SELECT count(*) FROM releases r WHERE NOT EXISTS (SELECT 1 FROM inspections i"
            " WHERE i.lot_id = r.lot_id AND i.result = 'PASS' AND i.kind IN ('INCOMING', 'FINAL')"
            " AND i.inspected_at <= r.released_at)")
        inspectors = await conn.fetchval(
            "SELECT count(*) FROM inspections i WHERE NOT EXISTS (SELECT 1 FROM user_roles ur"
            " WHERE ur.user_id = i.inspector_id AND ur.role = 'QA_INSPECTOR')")
        # Only released lots were shipped, after their release and before they expired.
        bad_shipments = await conn.fetchval(
            "SELECT count(*) FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id"
            " JOIN lots l ON l.id = sl.lot_id LEFT JOIN releases r ON r.lot_id = l.id"
            " WHERE r.id IS NULL OR r.released_at > s.shipped_at"
            "    OR l.expires_on < s.shipped_at::date")
    assert statuses["RELEASED"] > 0.9 * sum(statuses.values())
    assert released_without_release == release_of_unreleased == 0
    assert bad_signers == not_inspected == inspectors == bad_shipments == 0


async def test_orders_spread_over_customers_and_statuses(scale_db):
    url, _ = scale_db
    async with connect(url) as conn:
        statuses = dict(await conn.fetch(
            "SELECT status, count(*) FROM sales_orders GROUP BY status"))
        customers = await conn.fetchval("SELECT count(DISTINCT customer_id) FROM sales_orders")
        invoiced_without_invoice = await conn.fetchval(
            "SELECT count(*) FROM sales_orders o WHERE o.status IN ('INVOICED', 'CLOSED')"
            " AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id)")
        unpaid_closed = await conn.fetchval(
            "SELECT count(*) FROM invoices i JOIN sales_orders o ON o.id = i.order_id"
            " WHERE o.status = 'CLOSED' AND i.status <> 'PAID'")
    later = sum(statuses.get(s, 0) for s in ("SHIPPED", "DELIVERED", "INVOICED", "CLOSED"))
    assert later >= 0.7 * sum(statuses.values())
    assert len(statuses) >= 8
    assert customers == 10
    assert invoiced_without_invoice == unpaid_closed == 0


async def test_document_numbers_are_unique_and_continue_the_series(scale_db):
    url, _ = scale_db
    async with connect(url) as conn:
        numbers = [r[0] for r in await conn.fetch("SELECT number FROM sales_orders")]
        sequences = {(r[0], r[1]): r[2] for r in await conn.fetch(
            "SELECT series, year, last_value FROM number_sequences")}
        shipments = [r[0] for r in await conn.fetch("SELECT number FROM shipments")]
    assert len(numbers) == len(set(numbers))
    assert len(shipments) == len(set(shipments))
    highest: dict[tuple[str, int], int] = {}
    for number in numbers + shipments:
        match = re.fullmatch(r"(SO|SH)-(\d{4})-(\d{6,})", number)
        assert match, number
        key = (match[1], int(match[2]))
        highest[key] = max(highest.get(key, 0), int(match[3]))
    for key, value in highest.items():
        assert sequences[key] == value


async def test_loading_twice_is_refused_and_changes_nothing(scale_db):
    url, counts = scale_db
    with pytest.raises(ScaleDataAlreadyLoaded, match="already loaded"):
        await load_scale(url, 1, fraction=FRACTION, progress=False)
    async with connect(url) as conn:
        assert await conn.fetchval("SELECT count(*) FROM sales_orders") == counts["sales_orders"]


async def test_loads_beside_the_demo_data(postgres_url):
    from backend.seed.demo import load_demo

    async with fresh_database(postgres_url, "erp_scale") as url:
        engine = create_engine(url, pool_size=1)
        try:
            await load_demo(create_sessionmaker(engine))
        finally:
            await engine.dispose()
        async with connect(url) as conn:
            before = {r[0]: (r[1], r[2]) for r in await conn.fetch(
                "SELECT number, id, customer_id FROM sales_orders")}
            demo_seq = {(r[0], r[1]): r[2] for r in await conn.fetch(
                "SELECT series, year, last_value FROM number_sequences")}
        # The superuser path: COPY without per-row checks, then set-based key checks.
        counts = await load_scale(url, 1, fraction=FRACTION, progress=False)
        async with connect(url) as conn:
            after = {r[0]: (r[1], r[2]) for r in await conn.fetch(
                "SELECT number, id, customer_id FROM sales_orders")}
            scale_numbers = await conn.fetch(
                "SELECT split_part(number, '-', 2)::int AS year,"
                " min(split_part(number, '-', 3)::int) AS first FROM sales_orders o"
                " JOIN customers c ON c.id = o.customer_id AND c.code LIKE 'SC-%' GROUP BY 1")
        assert await invariant_violations(url) == []
    assert len(after) == len(before) + counts["sales_orders"]
    assert before and all(after[number] == row for number, row in before.items())  # untouched
    assert scale_numbers, "the scale orders are numbered"
    for row in scale_numbers:
        assert row["first"] == demo_seq.get(("SO", row["year"]), 0) + 1


async def test_a_failure_leaves_nothing_behind(postgres_url, monkeypatch):
    async def broken(self) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(scale_module._Writer, "balances", broken)
    async with fresh_database(postgres_url, "erp_scale") as url:
        with pytest.raises(RuntimeError, match="disk full"):
            await load_scale(url, 1, fraction=FRACTION, progress=False)
        async with connect(url) as conn:
            assert await conn.fetchval("SELECT count(*) FROM warehouses") == 0
            assert await conn.fetchval("SELECT count(*) FROM stock_moves") == 0


def test_generation_is_deterministic_for_a_seed_and_a_date():
    first = generate(0.01, seed=7, ctx=Context(now=NOW))
    second = generate(0.01, seed=7, ctx=Context(now=NOW))
    other = generate(0.01, seed=8, ctx=Context(now=NOW))
    assert first.moves == second.moves and first.orders == second.orders
    assert first.moves != other.moves


async def test_every_customer_holds_a_licence_for_every_class_today(scale_db):
    url, _ = scale_db
    async with connect(url) as conn:
        customers = await conn.fetchval("SELECT count(*) FROM customers")
        licensed = await conn.fetchval(
            "SELECT count(DISTINCT customer_id) FROM customer_licences"
            " WHERE revoked_at IS NULL AND valid_from <= current_date"
            " AND valid_until >= current_date"
            " AND device_classes @> ARRAY['I', 'IIA', 'IIB', 'III']::varchar[]")
    assert customers == licensed == 10
