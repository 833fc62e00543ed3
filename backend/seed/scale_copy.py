"""Writing the scale data set: id ranges reserved on the tables' sequences, binary COPY
with progress bars, the small reference tables, balances, key checks and numbering.
The big tables are copied by `scale_bulk.copy_bulk`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import asyncpg

from backend.enums import AccountType, Role
from backend.seed import scale_gen
from backend.seed.scale_catalog import PRICE_LIST_CODE

try:  # a declared dependency; the loader still works without bars if it is missing
    from tqdm import tqdm
except ImportError:  # pragma: no cover
    tqdm = None

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
     '{"discountAbovePercent": "10.00"}', f'[["{Role.SALES_MANAGER}"]]', "discountAbovePercent"),
    ("CREDIT_LIMIT", "Open receivables, approved orders not yet invoiced and the order "
     "above the customer's credit limit",
     '{"exceedsCreditLimit": true}', f'[["{Role.FINANCE}"]]', "exceedsCreditLimit"),
]


class Writer:
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
        bar = progress_bar(table, total, self.progress)

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
        ts = dt(now.timestamp() - 800 * 86400)
        has_default = await conn.fetchval("SELECT EXISTS (SELECT 1 FROM price_lists"
                                          " WHERE is_default)")
        self.price_list = await conn.fetchval(
            "INSERT INTO price_lists (code, name, currency, is_default, valid_from)"
            " VALUES ($1, 'Scale benchmark list prices', 'EUR', $2, $3) RETURNING id",
            PRICE_LIST_CODE, not has_default, ts.date(),
        )
        self.counts["price_lists"] = 1
        rules = 0
        for code, description, conditions, levels, condition in APPROVAL_RULES:
            exists = await conn.fetchval(
                "SELECT EXISTS (SELECT 1 FROM approval_rules WHERE code = $1 OR conditions ? $2)",
                code, condition)
            if not exists:
                await conn.execute(
                    "INSERT INTO approval_rules (code, description, conditions, levels, active)"
                    " VALUES ($1, $2, $3::jsonb, $4::jsonb, true)",
                    code, description, conditions, levels)
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
        await self.copy("suppliers", ["id", "code", "name", "country", "approved",
                                      "qualification_status", "created_at"],
                        ((b + i, *s, "QUALIFIED" if s[3] else "PENDING", ts)
                         for i, s in enumerate(d.suppliers)), len(d.suppliers))
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
        # Licensed for every class, as the demo's customers are: the licence requirement
        # would otherwise refuse every order of theirs.
        await self.conn.execute(
            """
            INSERT INTO customer_licences (customer_id, number, issuer, device_classes,
                                           valid_from, valid_until)
            SELECT id, 'LIC-' || code, 'National competent authority',
                   ARRAY['I', 'IIA', 'IIB', 'III'], current_date - 365, current_date + 730
            FROM customers WHERE id BETWEEN $1 AND $2
            """,
            b, b + len(d.customers) - 1)
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

    async def balances(self) -> None:
        """Per (warehouse, lot) balances: the sum of the moves, reserved = allocations."""
        n_moves = len(self.d.moves)
        if not n_moves:
            self.counts["stock_balances"] = 0
            return
        first_move = self.base["stock_moves"]
        first_alloc = self.base.get("allocations", 0)
        bar = progress_bar("stock_balances", None, self.progress)
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
        bar = progress_bar("foreign key checks", len(fks), self.progress, unit=" keys")
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


def dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def set_postfix_str(self, s: str, refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(table: str, total: int | None, enabled: bool, unit: str = " rows") -> Any:
    if not enabled or tqdm is None:
        return _NoBar()
    return tqdm(total=total, desc=f"{table:>22}", unit=unit, unit_scale=True, leave=True,
                dynamic_ncols=True)
