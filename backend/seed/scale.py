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
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from backend.db.embedded import to_libpq_url
from backend.enums import AccountType, ApprovalRuleKind, Role
from backend.seed import scale_gen
from backend.seed.scale_catalog import MARKER_WAREHOUSE, PRICE_LIST_CODE

try:  # a declared dependency; the loader still works without bars if it is missing
    from tqdm import tqdm
except ImportError:  # pragma: no cover
    tqdm = None

SERIES = ("SO", "SH", "INV")
# The seed serialises concurrent loads with this advisory lock ("SCAL").
LOCK_KEY = 0x5343414C
COPY_CHUNK = 20_000

# Accounts the scale journal posts to: key -> (code, name, type), used when the
# database has no account of that name yet (the demo set's chart uses the same).
ACCOUNTS = {
    "cash": ("1100", "Cash", AccountType.ASSET),
    "ar": ("1200", "Accounts Receivable", AccountType.ASSET),
    "tax": ("2200", "Tax Payable", AccountType.LIABILITY),
    "revenue": ("4000", "Revenue", AccountType.REVENUE),
}
APPROVAL_RULES = [
    ("DISCOUNT_OVER_10", "A line discount above 10% needs a sales manager's approval",
     ApprovalRuleKind.DISCOUNT_ABOVE, Decimal("10.00"), Role.SALES_MANAGER),
    ("CREDIT_LIMIT", "Open receivables plus the order above the customer's credit limit",
     ApprovalRuleKind.CREDIT_LIMIT, None, Role.FINANCE),
]

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
    bar = _bar("generate", scale_gen.GENERATION_STEPS, progress, unit=" steps")
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
    await writer.bulk()
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
        "SELECT code, required_role FROM approval_rules WHERE kind = $1 AND active"
        " ORDER BY id LIMIT 1", ApprovalRuleKind.DISCOUNT_ABOVE.value,
    )
    if rule is not None:
        ctx.approval_rule, ctx.approval_role = rule["code"], Role(rule["required_role"])
    return ctx


class _Writer:
    """Shifts the generator's local ids onto reserved id ranges and copies the rows in."""

    def __init__(self, conn: asyncpg.Connection, data: scale_gen.ScaleData, progress: bool,
                 counts: dict[str, int]):
        self.conn = conn
        self.d = data
        self.progress = progress
        self.counts = counts
        self.base: dict[str, int] = {}
        self.accounts: dict[str, str] = {}

    async def reserve(self, table: str, n: int) -> int:
        """The first of n fresh ids for `table` (its sequence moves past them)."""
        if n == 0:
            return 0
        first = await self.conn.fetchval(
            f"SELECT setval(s::regclass, greatest(nextval(s::regclass),"
            f" (SELECT coalesce(max(id), 0) + 1 FROM {table})) + $1::bigint - 1)"
            f" - $1::bigint + 1 FROM pg_get_serial_sequence('{table}', 'id') AS s",
            n,
        )
        self.base[table] = first
        return first

    async def copy(self, table: str, columns: list[str], rows: Iterable[tuple], total: int,
                   id_table: str | None = None) -> None:
        """Binary COPY of `rows`, with a progress bar; ids reserved first when asked."""
        if total == 0:
            self.counts[table] = 0
            return
        bar = _bar(table, total, self.progress)

        def counted() -> Iterator[tuple]:
            n = 0
            for row in rows:
                yield row
                n += 1
                if n == COPY_CHUNK:
                    bar.update(n)
                    n = 0
            bar.update(n)

        try:
            await self.conn.copy_records_to_table(table, records=counted(), columns=columns)
        finally:
            bar.close()
        self.counts[table] = total

    # -------------------------------------------------------------- small tables

    async def reference(self, now: datetime, password: str | None) -> None:
        conn, d = self.conn, self.d
        ts = _dt(now.timestamp() - 800 * 86400)
        has_default = await conn.fetchval("SELECT EXISTS (SELECT 1 FROM price_lists"
                                          " WHERE is_default)")
        self.price_list = await conn.fetchval(
            "INSERT INTO price_lists (code, name, currency, is_default, valid_from)"
            " VALUES ($1, 'Scale benchmark list prices', 'EUR', $2, $3) RETURNING id",
            PRICE_LIST_CODE, not has_default, ts.date(),
        )
        self.counts["price_lists"] = 1
        rules = 0
        for code, description, kind, threshold, role in APPROVAL_RULES:
            exists = await conn.fetchval(
                "SELECT EXISTS (SELECT 1 FROM approval_rules WHERE code = $1 OR kind = $2)",
                code, kind.value)
            if not exists:
                await conn.execute(
                    "INSERT INTO approval_rules (code, description, kind, threshold,"
                    " required_role, active) VALUES ($1, $2, $3, $4, $5, true)",
                    code, description, kind.value, threshold, role.value)
                rules += 1
        self.counts["approval_rules"] = rules
        added = 0
        for key, (code, name, type_) in ACCOUNTS.items():
            found = await conn.fetchval(
                "SELECT code FROM accounts WHERE lower(name) = lower($1) OR code = $2"
                " ORDER BY (lower(name) = lower($1)) DESC LIMIT 1", name, code)
            if found is None:
                await conn.execute("INSERT INTO accounts (code, name, type) VALUES ($1, $2, $3)",
                                   code, name, type_.value)
                found = code
                added += 1
            self.accounts[key] = found
        self.counts["accounts"] = added

        b_wh = await self.reserve("warehouses", len(d.warehouses))
        await self.copy("warehouses", ["id", "code", "name", "region", "latitude", "longitude"],
                        ((b_wh + i, *w) for i, w in enumerate(d.warehouses)), len(d.warehouses))
        b = await self.reserve("transit_lanes", len(d.lanes))
        await self.copy(
            "transit_lanes", ["id", "warehouse_id", "region", "transit_days", "carrier"],
            ((b + i, b_wh + w, r, days, c) for i, (w, r, days, c) in enumerate(d.lanes)),
            len(d.lanes))
        b = await self.reserve("suppliers", len(d.suppliers))
        await self.copy("suppliers", ["id", "code", "name", "country", "approved", "created_at"],
                        ((b + i, *s, ts) for i, s in enumerate(d.suppliers)), len(d.suppliers))
        b = await self.reserve("products", len(d.products))
        await self.copy(
            "products",
            ["id", "sku", "gtin", "name", "device_class", "tracking_mode", "shelf_life_days",
             "unit_price", "tax_rate", "sellable", "replenishment", "created_at"],
            ((b + i, *p, ts) for i, p in enumerate(d.products)), len(d.products))
        await self.copy("price_list_items", ["price_list_id", "product_id", "unit_price"],
                        ((self.price_list, b + p, price) for p, price in d.price_items),
                        len(d.price_items))
        b = await self.reserve("customers", len(d.customers))
        await self.copy(
            "customers",
            ["id", "code", "name", "kind", "region", "address", "latitude", "longitude",
             "credit_limit", "min_remaining_shelf_life_days", "payment_terms_days",
             "price_list_id", "created_at"],
            ((b + i, *c, self.price_list, ts) for i, c in enumerate(d.customers)),
            len(d.customers))
        if password is not None:
            from backend.auth.passwords import hash_password

            pw_hash = hash_password(password)
        else:
            pw_hash = "!no-login"  # not an argon2 hash: every password fails against it
        b_users = await self.reserve("users", len(d.users))
        b_cust = self.base["customers"]
        await self.copy(
            "users",
            ["id", "username", "display_name", "email", "password_hash", "is_active",
             "customer_id", "created_at"],
            ((b_users + i, name, display, email, pw_hash, True,
              None if c is None else b_cust + c, ts)
             for i, (name, display, email, c) in enumerate(d.users)),
            len(d.users))
        await self.copy("user_roles", ["user_id", "role"],
                        ((b_users + u, role) for u, role in d.user_roles), len(d.user_roles))

    # ---------------------------------------------------------------- big tables

    async def bulk(self) -> None:
        d = self.d
        # Reserve every range first: rows refer forwards (serials -> allocations, ...).
        sizes = {
            "lots": len(d.lots), "sales_orders": len(d.orders), "sales_order_lines": len(d.lines),
            "allocations": len(d.allocations), "serials": len(d.serials),
            "shipments": len(d.shipments), "shipment_lines": len(d.shipment_lines),
            "stock_moves": len(d.moves), "inspections": len(d.inspections),
            "signatures": len(d.signatures), "releases": len(d.releases),
            "approvals": len(d.approvals), "journal_entries": len(d.journal_entries),
            "journal_lines": len(d.journal_lines), "invoices": len(d.invoices),
            "invoice_lines": len(d.invoice_lines), "payments": len(d.payments),
        }
        for table, n in sizes.items():
            await self.reserve(table, n)
        B = self.base  # noqa: N806
        b_wh, b_sup, b_prod = B["warehouses"], B["suppliers"], B["products"]
        b_cust, b_user, b_lot = B["customers"], B["users"], B["lots"]
        b_ord, b_line, b_alloc = B["sales_orders"], B["sales_order_lines"], B.get("allocations", 0)
        b_ser, b_sh, b_sl = B.get("serials", 0), B.get("shipments", 0), B.get("shipment_lines", 0)
        b_sig, b_je = B.get("signatures", 0), B.get("journal_entries", 0)
        b_inv, b_pay = B.get("invoices", 0), B.get("payments", 0)

        await self.copy(
            "lots",
            ["id", "product_id", "lot_number", "supplier_id", "manufactured_on", "expires_on",
             "status", "created_at"],
            ((b_lot + i, b_prod + p, number, None if s is None else b_sup + s, made, exp, st,
              _dt(t)) for i, (p, number, s, made, exp, st, t) in enumerate(d.lots)),
            len(d.lots))
        await self.copy(
            "lot_components", ["lot_id", "component_lot_id", "quantity"],
            ((b_lot + lot, b_lot + comp, q) for lot, comp, q in d.lot_components),
            len(d.lot_components))
        await self.copy(
            "sales_orders",
            ["id", "number", "customer_id", "status", "created_at", "created_by_id",
             "customer_reference", "requested_delivery_date", "promised_delivery_date",
             "currency", "subtotal", "tax_total", "total", "needs_reallocation", "updated_at"],
            ((b_ord + i, number, b_cust + c, st, _dt(created), b_user + by, ref, req, prom,
              "EUR", sub, tax, total, False, _dt(upd))
             for i, (number, c, st, created, by, ref, req, prom, sub, tax, total, upd)
             in enumerate(d.orders)),
            len(d.orders))
        await self.copy(
            "sales_order_lines",
            ["id", "order_id", "line_number", "product_id", "quantity", "unit_price",
             "list_price", "discount_percent", "tax_rate", "line_total", "shipped_quantity"],
            ((b_line + i, b_ord + o, ln, b_prod + p, q, up, lp, disc, rate, total, shipped)
             for i, (o, ln, p, q, up, lp, disc, rate, total, shipped, _tax)
             in enumerate(d.lines)),
            len(d.lines))
        await self.copy(
            "allocations",
            ["id", "order_line_id", "warehouse_id", "lot_id", "quantity", "created_at"],
            ((b_alloc + i, b_line + li, b_wh + w, b_lot + lot, q, _dt(t))
             for i, (li, w, lot, q, t) in enumerate(d.allocations)),
            len(d.allocations))
        await self.copy(
            "serials",
            ["id", "product_id", "lot_id", "serial_number", "status", "warehouse_id",
             "allocation_id", "created_at"],
            ((b_ser + i, b_prod + p, b_lot + lot, number, st, None if w is None else b_wh + w,
              None if a is None else b_alloc + a, _dt(t))
             for i, (p, lot, number, st, w, t, a) in enumerate(d.serials)),
            len(d.serials))
        await self.copy(
            "shipments",
            ["id", "number", "order_id", "customer_id", "warehouse_id", "status", "carrier",
             "tracking_number", "created_at", "created_by_id", "shipped_at", "delivered_at"],
            ((b_sh + i, number, b_ord + o, b_cust + c, b_wh + w, st, carrier, tracking,
              _dt(created), b_user + by, _dt(shipped), None if dl is None else _dt(dl))
             for i, (number, o, c, w, st, carrier, tracking, created, by, shipped, dl)
             in enumerate(d.shipments)),
            len(d.shipments))
        await self.copy(
            "shipment_lines",
            ["id", "shipment_id", "order_line_id", "product_id", "lot_id", "quantity"],
            ((b_sl + i, b_sh + sh, b_line + li, b_prod + p, b_lot + lot, q)
             for i, (sh, li, p, lot, q) in enumerate(d.shipment_lines)),
            len(d.shipment_lines))
        await self.copy(
            "shipment_line_serials", ["shipment_line_id", "serial_id"],
            ((b_sl + sl, b_ser + s) for sl, s in d.shipment_line_serials),
            len(d.shipment_line_serials))
        shipment_numbers = [sh[0] for sh in d.shipments]
        b_move = B.get("stock_moves", 0)
        await self.copy(
            "stock_moves",
            ["id", "kind", "product_id", "lot_id", "serial_id", "warehouse_id", "quantity",
             "occurred_at", "actor_id", "reference", "shipment_id"],
            ((b_move + i, kind, b_prod + p, b_lot + lot, None if s is None else b_ser + s,
              b_wh + w, q, _dt(t), b_user + actor,
              ref if sh is None else shipment_numbers[sh], None if sh is None else b_sh + sh)
             for i, (kind, p, lot, s, w, q, t, actor, ref, sh) in enumerate(d.moves)),
            len(d.moves))
        b = B.get("inspections", 0)
        await self.copy(
            "inspections",
            ["id", "lot_id", "kind", "result", "sample_size", "defects_found", "notes",
             "inspected_at", "inspector_id"],
            ((b + i, b_lot + lot, kind, result, n, defects, notes, _dt(t), b_user + u)
             for i, (lot, kind, result, n, defects, notes, t, u) in enumerate(d.inspections)),
            len(d.inspections))
        record_base = {"Lot": b_lot, "SalesOrder": b_ord}
        await self.copy(
            "signatures",
            ["id", "signer_id", "meaning", "signed_at", "record_type", "record_id",
             "record_hash"],
            ((b_sig + i, b_user + u, meaning, _dt(t), rtype, record_base[rtype] + rid, digest)
             for i, (u, meaning, t, rtype, rid, digest) in enumerate(d.signatures)),
            len(d.signatures))
        b = B.get("releases", 0)
        await self.copy(
            "releases", ["id", "lot_id", "signature_id", "certificate_id", "released_at"],
            ((b + i, b_lot + lot, b_sig + sig, None, _dt(t))
             for i, (lot, sig, t) in enumerate(d.releases)),
            len(d.releases))
        b = B.get("approvals", 0)
        await self.copy(
            "approvals",
            ["id", "order_id", "rule", "required_role", "status", "requested_at",
             "decided_by_id", "decided_at", "signature_id", "comment"],
            ((b + i, b_ord + o, rule, role, st, _dt(req), None if by is None else b_user + by,
              None if dec is None else _dt(dec), None if sig is None else b_sig + sig, comment)
             for i, (o, rule, role, st, req, by, dec, sig, comment) in enumerate(d.approvals)),
            len(d.approvals))
        await self.copy(
            "journal_entries", ["id", "posted_at", "memo", "reference", "actor_id"],
            ((b_je + i, _dt(t), memo, ref, b_user + u)
             for i, (t, memo, ref, u) in enumerate(d.journal_entries)),
            len(d.journal_entries))
        b = B.get("journal_lines", 0)
        acc = self.accounts
        await self.copy(
            "journal_lines", ["id", "entry_id", "account_code", "debit", "credit"],
            ((b + i, b_je + e, acc[key], debit, credit)
             for i, (e, key, debit, credit) in enumerate(d.journal_lines)),
            len(d.journal_lines))
        await self.copy(
            "invoices",
            ["id", "number", "order_id", "customer_id", "issued_on", "due_on", "currency",
             "subtotal", "tax_total", "total", "amount_paid", "status", "journal_entry_id",
             "created_at"],
            ((b_inv + i, number, b_ord + o, b_cust + c, issued, due, "EUR", sub, tax, total,
              paid, st, b_je + je, _dt(t))
             for i, (number, o, c, issued, due, sub, tax, total, paid, st, je, t)
             in enumerate(d.invoices)),
            len(d.invoices))
        b = B.get("invoice_lines", 0)
        await self.copy(
            "invoice_lines",
            ["id", "invoice_id", "order_line_id", "description", "quantity", "unit_price",
             "discount_percent", "tax_rate", "net_amount", "tax_amount"],
            ((b + i, b_inv + inv, b_line + li, desc, q, up, disc, rate, net, tax)
             for i, (inv, li, desc, q, up, disc, rate, net, tax) in enumerate(d.invoice_lines)),
            len(d.invoice_lines))
        await self.copy(
            "payments",
            ["id", "customer_id", "amount", "unapplied_amount", "received_on", "reference",
             "journal_entry_id", "created_at"],
            ((b_pay + i, b_cust + c, amount, unapplied, received, ref, b_je + je, _dt(t))
             for i, (c, amount, unapplied, received, ref, je, t) in enumerate(d.payments)),
            len(d.payments))
        await self.copy(
            "payment_applications", ["payment_id", "invoice_id", "amount"],
            ((b_pay + p, b_inv + inv, amount) for p, inv, amount in d.payment_applications),
            len(d.payment_applications))

    async def balances(self) -> None:
        """Per (warehouse, lot) balances: the sum of the moves, reserved = allocations."""
        n_moves = len(self.d.moves)
        if not n_moves:
            self.counts["stock_balances"] = 0
            return
        first_move = self.base["stock_moves"]
        first_alloc = self.base.get("allocations", 0)
        bar = _bar("stock_balances", None, self.progress)
        status = await self.conn.execute(
            """
            WITH a AS (
                SELECT warehouse_id, lot_id, sum(quantity) AS quantity FROM allocations
                WHERE id BETWEEN $3 AND $4 GROUP BY warehouse_id, lot_id
            )
            INSERT INTO stock_balances (warehouse_id, lot_id, product_id, on_hand, reserved)
            SELECT m.warehouse_id, m.lot_id, m.product_id, sum(m.quantity),
                   coalesce(max(a.quantity), 0)
            FROM stock_moves m LEFT JOIN a USING (warehouse_id, lot_id)
            WHERE m.id BETWEEN $1 AND $2
            GROUP BY m.warehouse_id, m.lot_id, m.product_id
            """,
            first_move, first_move + n_moves - 1,
            first_alloc, first_alloc + len(self.d.allocations) - 1,
        )
        self.counts["stock_balances"] = int(status.split()[-1])
        bar.update(self.counts["stock_balances"])
        bar.close()

    async def verify_foreign_keys(self) -> None:
        """Check every foreign key of the new rows with one anti-join each.

        Used when the per-row checks were skipped during COPY: the same guarantee at a
        fraction of the cost. A dangling reference raises, and the load rolls back.
        """
        fks = await self.conn.fetch(
            """
            SELECT c.conname, c.conrelid::regclass::text AS child,
                   c.confrelid::regclass::text AS parent,
                   array_agg(ca.attname::text ORDER BY k.ord) AS columns,
                   array_agg(pa.attname::text ORDER BY k.ord) AS parent_columns
            FROM pg_constraint c
            CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(ck, pk, ord)
            JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.ck
            JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.pk
            WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1::text[])
            GROUP BY c.oid, c.conname, c.conrelid, c.confrelid
            """,
            [t for t, n in self.counts.items() if n],
        )
        bar = _bar("foreign key checks", len(fks), self.progress, unit=" keys")
        broken = []
        try:
            for fk in fks:
                child, cols, pcols = fk["child"], fk["columns"], fk["parent_columns"]
                where = " AND ".join(f"c.{col} IS NOT NULL" for col in cols)
                match = " AND ".join(
                    f"p.{pc} = c.{col}" for col, pc in zip(cols, pcols, strict=True))
                if child in self.base:
                    first = self.base[child]
                    last = first + self.counts[child] - 1
                    where += f" AND c.id BETWEEN {first} AND {last}"
                missing = await self.conn.fetchval(
                    f"SELECT count(*) FROM {child} c WHERE {where}"
                    f" AND NOT EXISTS (SELECT 1 FROM {fk['parent']} p WHERE {match})"
                )
                if missing:
                    broken.append(f"{fk['conname']}: {missing} rows")
                bar.update(1)
        finally:
            bar.close()
        if broken:
            raise RuntimeError("scale data has dangling references: " + "; ".join(broken))

    async def number_sequences(self) -> None:
        used = sorted(self.d.numbers_used.items())
        await self.conn.executemany(
            "INSERT INTO number_sequences (series, year, last_value) VALUES ($1, $2, $3)"
            " ON CONFLICT (series, year) DO UPDATE"
            " SET last_value = greatest(number_sequences.last_value, excluded.last_value)",
            [(series, year, value) for (series, year), value in used],
        )
        self.counts["number_sequences"] = len(used)


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def set_postfix_str(self, s: str, refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(table: str, total: int | None, enabled: bool, unit: str = " rows") -> Any:
    if not enabled or tqdm is None:
        return _NoBar()
    return tqdm(total=total, desc=f"{table:>22}", unit=unit, unit_scale=True, leave=True,
                dynamic_ncols=True)


__all__ = ["ScaleDataAlreadyLoaded", "load_scale"]
