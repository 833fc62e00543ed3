"""The partner wall: row-level security filters a partner's reads even where the
application forgot its own predicate."""

import pytest
from sqlalchemy import text, true
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db import tenant
from backend.domain import access
from tests.support.client import Client

TENANT_TABLES = ("sales_orders", "shipments", "invoices", "recall_notices", "lots", "serials",
                 "documents")


async def _dist_a(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(text("SELECT id FROM customers WHERE code = 'DIST-A'")))


async def test_the_partner_role_without_a_customer_reads_no_tenant_row(
    engine: AsyncEngine, demo_data: object
) -> None:
    async with engine.connect() as conn:
        owner = {t: await conn.scalar(text(f"SELECT count(*) FROM {t}")) for t in TENANT_TABLES}
        await conn.execute(text(f"SET LOCAL ROLE {tenant.PARTNER_ROLE}"))
        walled = {t: await conn.scalar(text(f"SELECT count(*) FROM {t}")) for t in TENANT_TABLES}
        products = await conn.scalar(text("SELECT count(*) FROM products"))
    assert all(owner[t] > 0 for t in TENANT_TABLES), owner
    assert walled == dict.fromkeys(TENANT_TABLES, 0)
    assert products > 0  # the catalogue is not a tenant table


async def test_the_partner_role_reads_exactly_its_customers_rows(
    engine: AsyncEngine, demo_data: object
) -> None:
    dist_a = await _dist_a(engine)
    own = "SELECT count(*) FROM {} WHERE customer_id = :c"
    async with engine.connect() as conn:
        expected = {t: await conn.scalar(text(own.format(t)), {"c": dist_a})
                    for t in ("sales_orders", "shipments", "invoices")}
        await conn.execute(tenant.enter(dist_a))
        seen = {t: await conn.scalar(text(f"SELECT count(*) FROM {t}")) for t in expected}
        foreign = await conn.scalar(text(
            "SELECT count(*) FROM sales_orders WHERE customer_id <> :c"), {"c": dist_a})
        role = await conn.scalar(text("SELECT current_user"))
        await conn.rollback()
        after = await conn.scalar(text("SELECT current_user"))
    assert all(n > 0 for n in expected.values()), expected
    assert seen == expected
    assert foreign == 0
    assert role == tenant.PARTNER_ROLE
    assert after != tenant.PARTNER_ROLE  # the setting ends with the transaction


LISTS = """{
  salesOrders(first: 100) { edges { node { number customer { code } } } }
  invoices(first: 100) { edges { node { number customer { code } } } }
}"""


async def test_a_forgotten_predicate_still_shows_a_partner_only_its_own_records(
    client: Client, monkeypatch: pytest.MonkeyPatch, demo_data: object
) -> None:
    staff = await client.call("sales", LISTS)
    assert {e["node"]["customer"]["code"] for e in staff["salesOrders"]["edges"]} - {"DIST-A"}

    # As if every list and lookup had lost its partner filter.
    monkeypatch.setattr(access, "owned_by", lambda actor, column: true())
    data = await client.call("partner-a", LISTS)
    orders = {e["node"]["customer"]["code"] for e in data["salesOrders"]["edges"]}
    invoices = {e["node"]["customer"]["code"] for e in data["invoices"]["edges"]}
    assert orders == {"DIST-A"}
    assert invoices == {"DIST-A"}
