"""The request path does each costly thing once: parse and validate per document, cost per
document and page sizes, key preparation per keyring, one connection per request, and no
ping per checkout (a dead pooled connection is replaced when its first statement fails)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from jwt.algorithms import HMACAlgorithm
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from backend.app import create_app
from backend.auth import tokens
from backend.security import query_cost
from backend.security.document_cache import MAX_DOCUMENTS, CachedParse
from backend.settings import Settings
from tests.support.client import DEMO_PASSWORD, gql, login

ORDERS = """query Orders($n: Int!) { salesOrders(first: $n) { edges { node {
    number customer { code } lines { quantity product { sku } } } } } }"""


@pytest.fixture
async def app(settings: Settings, demo_data: object) -> AsyncIterator[Starlette]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def test_the_parse_cache_is_bounded() -> None:
    parse = CachedParse().cached_parse_document
    for i in range(MAX_DOCUMENTS + 50):
        parse(f"{{ a{i}: viewer {{ username }} }}")
    info = parse.cache_info()
    assert info.maxsize == MAX_DOCUMENTS and info.currsize == MAX_DOCUMENTS


async def test_cost_is_computed_once_per_document_and_page_size(
    http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed: list[Any] = []
    real = query_cost.operation_cost

    def counting(*args: Any, **kwargs: Any) -> int:
        computed.append(kwargs.get("variables"))
        return real(*args, **kwargs)

    monkeypatch.setattr(query_cost, "operation_cost", counting)
    token = await login(http, "sales")
    costs = []
    for n in (3, 3, 7, 3, 7):
        body = await gql(http, ORDERS, {"n": n}, token=token)
        costs.append(body["extensions"]["cost"]["requestedQueryCost"])
    assert len(computed) == 2  # n=3 and n=7; the repeats came from the cache
    assert costs[0] == costs[1] == costs[3] and costs[2] == costs[4] > costs[0]
    # A variable the cost does not depend on does not make a new shape.
    named = "query V($n: Int!, $s: String) { products(first: $n, search: $s) { edges { node { sku } } } }"
    await gql(http, named, {"n": 2, "s": "a"}, token=token)
    await gql(http, named, {"n": 2, "s": "b"}, token=token)
    assert len(computed) == 3


def test_token_keys_are_prepared_once_per_keyring(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared: list[object] = []
    real = HMACAlgorithm.prepare_key

    def counting(self: HMACAlgorithm, key: Any) -> bytes:
        prepared.append(key)
        return real(self, key)

    monkeypatch.setattr(HMACAlgorithm, "prepare_key", counting)
    secret = "lean-path-" + "f" * 40  # a keyring of its own: no verifier made for it yet
    keys = tokens.keyring(settings, secret)
    issued = [tokens.issue_token(user_id=n, username=f"u{n}", roles=["SALES"], customer_id=None,
                                 settings=settings, secret=secret)[0] for n in range(5)]
    prepared.clear()  # signing prepared its key each time; verifying is what is measured
    for token in issued * 2:
        tokens.decode_token(token, settings=settings, secret=secret, keys=keys)
    assert len(prepared) == len(keys)  # once per key, when the verifier was built


async def test_a_request_reads_through_one_connection_without_pings(
    app: Starlette, http: httpx.AsyncClient
) -> None:
    engine: AsyncEngine = app.state.engine
    token = await login(http, "sales")
    await gql(http, ORDERS, {"n": 5}, token=token)  # warm: the pool has its connections
    checkouts: list[object] = []
    statements: list[str] = []
    sync = engine.sync_engine
    on_checkout = lambda *args: checkouts.append(args)  # noqa: E731
    on_statement = lambda conn, cursor, stmt, *rest: statements.append(stmt)  # noqa: E731
    event.listen(sync, "checkout", on_checkout)
    event.listen(sync, "before_cursor_execute", on_statement)
    try:
        # The resolver path: several loader batches (the compiled path runs one statement).
        response = await http.post("/graphql", json={"query": ORDERS, "variables": {"n": 5}},
                                   headers={"authorization": f"Bearer {token}",
                                            "x-read-path": "resolvers"})
        body = response.json()
    finally:
        event.remove(sync, "checkout", on_checkout)
        event.remove(sync, "before_cursor_execute", on_statement)
    assert body["data"]["salesOrders"]["edges"] and "errors" not in body
    # The budget, the orders, then batches for customers, lines and products: one connection.
    assert len(statements) >= 4
    assert len(checkouts) == 1
    assert not sync.pool._pre_ping  # type: ignore[attr-defined]
    assert not any(s.strip().upper() in ("SELECT 1", ";", "") for s in statements)


async def test_the_shared_budget_costs_a_statement_per_lease_not_per_request(
    app: Starlette, http: httpx.AsyncClient
) -> None:
    sync = app.state.engine.sync_engine
    token = await login(http, "partner-a")
    statements: list[str] = []
    on_statement = lambda conn, cursor, stmt, *rest: statements.append(stmt)  # noqa: E731
    event.listen(sync, "before_cursor_execute", on_statement)
    try:
        for _ in range(12):
            await gql(http, ORDERS, {"n": 5}, token=token)
    finally:
        event.remove(sync, "before_cursor_execute", on_statement)
    # The first take leased points for the next ones: one statement for twelve requests.
    assert len([s for s in statements if "rate_limit_buckets" in s]) == 1


async def test_a_dead_pooled_connection_is_replaced_and_the_request_succeeds(
    app: Starlette, http: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    app_engine: AsyncEngine = app.state.engine
    token = await login(http, "sales")
    await gql(http, ORDERS, {"n": 2}, token=token)
    for what in ("query", "login"):
        # Every connection the app's pool holds is terminated behind its back.
        pids: set[int] = set()
        async with contextlib.AsyncExitStack() as stack:
            for _ in range(max(1, app_engine.pool.checkedin())):  # type: ignore[attr-defined]
                conn = await stack.enter_async_context(app_engine.connect())
                pids.add(await conn.scalar(text("select pg_backend_pid()")))
        async with engine.connect() as admin:
            killed = await admin.scalar(
                text("select count(pg_terminate_backend(pid)) from unnest(cast(:pids as int[])) as pid"),
                {"pids": list(pids)},
            )
        assert killed == len(pids) > 0
        if what == "query":
            body = await gql(http, ORDERS, {"n": 2}, token=token)
            assert body["data"]["salesOrders"]["edges"] and "errors" not in body
        else:
            response = await http.post(
                "/auth/token", json={"username": "sales", "password": DEMO_PASSWORD}
            )
            assert response.status_code == 200, response.text
