"""On the compiled path the deep walk and the status query cost one SQL statement each, counted
on the server's engine (asyncpg's BEGIN and ROLLBACK included), for staff and partners."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db import tenant
from backend.observability.sql_count import StatementCounter
from tests.readpath.paths import FORCE_RESOLVERS, post
from tests.readpath.test_compiled import DEEP, PEER_DEEP, PEER_STATUS
from tests.support.client import Client
from tests.support.server import LiveServer

# The server's own background work and asyncpg's one-off type look-ups are not the request's.
NOT_THE_REQUEST = ("webhook", "outbox_", "typeinfo_tree", "set_config('jit'")
SCOPE = ("BEGIN", "ROLLBACK", "COMMIT")
BUDGET = "rate_limit_buckets"


async def statements(server: LiveServer, http: httpx.AsyncClient, token: str, query: str,
                     variables: dict[str, Any] | None = None,
                     headers: dict[str, str] | None = None) -> tuple[list[str], dict]:
    await post(http, token, query, variables, headers)  # warm: plans and pool connections
    counter = StatementCounter(keep=True).attach(server.app.state.engine)
    try:
        status, body = await post(http, token, query, variables, headers)
    finally:
        counter.detach()
    assert status == 200 and not body.get("errors"), body
    assert counter.statements is not None
    kept = [s for _, s in counter.statements if not any(word in s for word in NOT_THE_REQUEST)]
    # The query-cost budget, shared by every process, is charged in PostgreSQL before either
    # path runs (backend.security.buckets): a limit, not the read; at most one statement.
    budget = [s for s in kept if BUDGET in s]
    assert len(budget) <= 1, budget
    return [s for s in kept if BUDGET not in s], body


def split(sent: list[str]) -> tuple[list[str], list[str]]:
    scope = [s for s in sent if s.strip().upper().startswith(SCOPE)]
    return [s for s in sent if s not in scope], scope


@pytest.mark.usefixtures("scale_data")
async def test_staff_deep_walk_and_status_cost_one_statement(
    client: Client, api: httpx.AsyncClient, live_server: LiveServer
) -> None:
    token = await client.token("admin")
    for query in (DEEP, PEER_DEEP):
        sent, body = await statements(live_server, api, token, query, {"n": 50})
        assert body["extensions"]["readPath"] == "compiled"
        assert len(sent) == 1, sent
        resolved, _ = await statements(live_server, api, token, query, {"n": 50},
                                       FORCE_RESOLVERS)
        assert len(resolved) > 5, resolved  # one per level and a BEGIN/ROLLBACK pair or more
    number = body["data"]["salesOrders"]["edges"][0]["node"]["number"]
    sent, body = await statements(live_server, api, token, PEER_STATUS, {"number": number})
    assert body["extensions"]["readPath"] == "compiled"
    assert len(sent) == 1, sent


@pytest.mark.usefixtures("scale_data")
async def test_partner_status_costs_one_statement_behind_the_wall(
    client: Client, api: httpx.AsyncClient, live_server: LiveServer
) -> None:
    token = await client.token("partner-a")
    _, orders = await post(api, token, "{ salesOrders(first: 1) { edges { node { number } } } }",
                           None)
    number = orders["data"]["salesOrders"]["edges"][0]["node"]["number"]
    sent, body = await statements(live_server, api, token, PEER_STATUS, {"number": number})
    assert body["extensions"]["readPath"] == "compiled"
    work, scope = split(sent)
    # The partner wall entered by the statement itself (erp_read_as_partner sets the customer
    # and the role, then plans the read): one statement, its own transaction.
    assert scope == [] and len(work) == 1, sent
    assert "erp_read_as_partner" in work[0], sent
    # Behind the wall: another partner's order is not there, on either path.
    token_b = await client.token("partner-b")
    for headers in (None, FORCE_RESOLVERS):
        _, other = await post(api, token_b, PEER_STATUS, {"number": number}, headers)
        assert other["data"]["salesOrder"] is None, other


@pytest.mark.parametrize("number", ["SO-1' OR '1'='1", "SO-1\\' OR true --", "SO-1; SELECT 1"])
async def test_a_value_that_is_not_plain_keeps_its_parameter_behind_the_wall(
    client: Client, api: httpx.AsyncClient, live_server: LiveServer, number: str
) -> None:
    token = await client.token("partner-a")
    sent, body = await statements(live_server, api, token, PEER_STATUS, {"number": number})
    assert body["data"]["salesOrder"] is None, body
    # Never written into the statement's text: the wall's own transaction and a bound value.
    assert not any("erp_read_as_partner" in s for s in sent), sent
    assert not any(number in s for s in sent), sent


async def test_a_walled_statement_reads_as_the_partner_and_the_wall_ends_with_it(
    engine: AsyncEngine, demo_data: object
) -> None:
    """tenant.read_as: row-level security filters the statement even without an application
    predicate, and in autocommit the partner's role and customer end with the statement."""
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        dist_a = int(await conn.scalar(text("SELECT id FROM customers WHERE code = 'DIST-A'")))
        everyone = await conn.scalar(text("SELECT count(*) FROM sales_orders"))
        own = await conn.scalar(text("SELECT count(*) FROM sales_orders WHERE customer_id = :c"),
                                {"c": dist_a})
        walled = await conn.scalar(tenant.read_as(
            dist_a, "SELECT count(*)::text FROM sales_orders"))
        after = (await conn.execute(text(
            "SELECT current_user, current_setting('erp.customer_id', true)"))).one()
    assert 0 < own < everyone
    assert int(walled) == own
    assert after[0] != tenant.PARTNER_ROLE and not after[1], after
