"""On the compiled path the deep walk and the status query cost one SQL statement each, counted
on the server's engine (asyncpg's BEGIN and ROLLBACK included), for staff and partners."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

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
    # The partner wall: a transaction (BEGIN, ROLLBACK) that reads as the partner's role.
    assert sorted(s.split()[0].strip(";").upper() for s in scope) == ["BEGIN", "ROLLBACK"], sent
    entered = [s for s in work if "set_config('erp.customer_id'" in s]
    assert len(entered) == 1 and len(work) == 2, sent
