"""Load a large synthetic data set for benchmarks: `await load_scale(url, scale)`.

One unit of scale is about 10,000 sales orders, 30,000 order lines, 12,000
shipments, 5,000 lots (10% produced from 2-3 component lots each), 20,000
serials and 100,000 stock moves, with inspections, releases, allocations,
invoices, payments and their journal entries, over 200 customers. The data is
generated in memory by a deterministic simulation (`backend.seed.scale_gen`)
and written with binary COPY in one transaction, so a failure leaves nothing
behind. Balances are computed from the copied moves by one INSERT ... SELECT.

It lands beside whatever is in the database (the demo set, say): codes start
with `SC`, ids come from ranges reserved on the tables' sequences, and document
numbers (SO-<year>-<n>, SH-..., INV-...) continue each series' numbering, which
`number_sequences` then records. Loading twice is refused.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import asyncpg

from backend.db.embedded import to_libpq_url
from backend.enums import Role
from backend.seed import scale_gen
from backend.seed.scale_bulk import copy_bulk
from backend.seed.scale_catalog import MARKER_WAREHOUSE, PRICE_LIST_CODE

# Imported as `_Writer` too: tests/test_scale_seed.py patches it here.
from backend.seed.scale_copy import Writer as _Writer
from backend.seed.scale_copy import progress_bar

SERIES = ("SO", "SH", "INV")
# The seed serialises concurrent loads with this advisory lock ("SCAL").
LOCK_KEY = 0x5343414C

TOUCHED_TABLES = (
    "warehouses", "transit_lanes", "suppliers", "price_lists", "price_list_items", "products",
    "customers", "users", "user_roles", "approval_rules", "accounts", "lots", "lot_components",
    "sales_orders", "sales_order_lines", "allocations", "serials", "shipments", "shipment_lines",
    "shipment_line_serials", "stock_moves", "stock_balances", "inspections", "signatures",
    "releases", "approvals", "journal_entries", "journal_lines", "invoices", "invoice_lines",
    "payments", "payment_applications", "number_sequences",
)


class ScaleDataAlreadyLoaded(RuntimeError):
    """The database already holds the scale data set."""


async def load_scale(
    url: str,
    scale: float = 1,
    *,
    progress: bool = True,
    fraction: float = 1.0,
    seed: int = 20240601,
    now: datetime | None = None,
    password: str | None = None,
    check_foreign_keys: bool | None = None,
) -> dict[str, int]:
    """Generate and load `scale` units of benchmark data; return rows written per table.

    `fraction` shrinks the set further (`scale=1, fraction=0.02` is about 200 orders)
    for tests. `now` anchors the two-year history (default: the current time), `seed`
    makes it reproducible. Scale users (`sc-admin`, `sc-sales-1`, ...) can log in only
    when `password` is given. Raises ScaleDataAlreadyLoaded if the set is already there.

    Foreign keys: a superuser copies without the per-row trigger checks and verifies every
    key of the new rows afterwards with one anti-join each (twice as fast at scale 10);
    other roles, or `check_foreign_keys=True`, keep the per-row checks.
    """
    if scale <= 0 or fraction <= 0:
        raise ValueError("scale and fraction must be positive")
    size = scale * fraction
    now = (now or datetime.now(UTC)).astimezone(UTC)
    conn = await asyncpg.connect(to_libpq_url(url))
    try:
        async with conn.transaction():
            return await _load(conn, size, progress, seed, now, password, check_foreign_keys)
    finally:
        await conn.close()


async def _load(
    conn: asyncpg.Connection,
    size: float,
    progress: bool,
    seed: int,
    now: datetime,
    password: str | None,
    check_foreign_keys: bool | None,
) -> dict[str, int]:
    await conn.execute("SELECT pg_advisory_xact_lock($1)", LOCK_KEY)
    await conn.execute("SET LOCAL synchronous_commit = off")
    await conn.execute("SET LOCAL work_mem = '256MB'")
    await _refuse_if_loaded(conn)
    ctx = await _context(conn, now)
    bar = progress_bar("generate", scale_gen.GENERATION_STEPS, progress, unit=" steps")
    try:
        def step(name: str) -> None:
            bar.set_postfix_str(name, refresh=False)
            bar.update(1)

        data = await asyncio.to_thread(scale_gen.generate, size, seed=seed, ctx=ctx, step=step)
    finally:
        bar.close()

    if check_foreign_keys is None:
        # Skipping the per-row checks also skips user triggers: only when there are none.
        check_foreign_keys = not await conn.fetchval(
            "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
            " AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE NOT tgisinternal"
            "                 AND tgrelid::regclass::text = ANY($1::text[]))",
            list(TOUCHED_TABLES),
        )
    if not check_foreign_keys:
        # Like pg_restore --disable-triggers: no per-row foreign key triggers while
        # copying; verify_foreign_keys checks the keys afterwards in bulk.
        await conn.execute("SET LOCAL session_replication_role = replica")

    counts: dict[str, int] = {}
    writer = _Writer(conn, data, progress, counts)
    await writer.reference(now, password)
    await copy_bulk(writer)
    await writer.balances()
    await writer.number_sequences()
    if not check_foreign_keys:
        await conn.execute("SET LOCAL session_replication_role = origin")
        await writer.verify_foreign_keys()
    for table in TOUCHED_TABLES:
        await conn.execute(f"ANALYZE {table}")
    return counts


async def _refuse_if_loaded(conn: asyncpg.Connection) -> None:
    loaded = await conn.fetchval(
        "SELECT EXISTS (SELECT 1 FROM warehouses WHERE code = $1)"
        " OR EXISTS (SELECT 1 FROM price_lists WHERE code = $2)"
        " OR EXISTS (SELECT 1 FROM users WHERE username = 'sc-admin')",
        MARKER_WAREHOUSE, PRICE_LIST_CODE,
    )
    if loaded:
        raise ScaleDataAlreadyLoaded(
            f"the scale data set is already loaded in this database (warehouse "
            f"{MARKER_WAREHOUSE} exists); load it into a fresh database instead"
        )


async def _context(conn: asyncpg.Connection, now: datetime) -> scale_gen.Context:
    """What the generator must not collide with, and the numbering to continue."""
    gtins = {r[0] for r in await conn.fetch("SELECT gtin FROM products")}
    last: dict[tuple[str, int], int] = {}
    for r in await conn.fetch("SELECT series, year, last_value FROM number_sequences"):
        last[(r["series"], r["year"])] = r["last_value"]
    for series, table in (("SO", "sales_orders"), ("SH", "shipments"), ("INV", "invoices")):
        rows = await conn.fetch(
            f"SELECT split_part(number, '-', 2)::int AS year,"
            f" max(split_part(number, '-', 3)::bigint) AS n FROM {table}"
            f" WHERE number ~ '^{series}-[0-9]{{4}}-[0-9]{{1,15}}$' GROUP BY 1"
        )
        for r in rows:
            key = (series, r["year"])
            last[key] = max(last.get(key, 0), r["n"])
    ctx = scale_gen.Context(now=now, existing_gtins=gtins, last_numbers=last)
    rule = await conn.fetchrow(
        "SELECT code, levels->0->>0 AS required_role,"
        " (conditions->>'discountAbovePercent')::numeric AS threshold FROM approval_rules"
        " WHERE conditions ? 'discountAbovePercent' AND jsonb_array_length(levels) = 1"
        " AND active ORDER BY id LIMIT 1",
    )
    if rule is not None:
        ctx.approval_rule, ctx.approval_role = rule["code"], Role(rule["required_role"])
        ctx.approval_threshold = rule["threshold"] or Decimal(0)
    return ctx


__all__ = ["ScaleDataAlreadyLoaded", "load_scale"]
