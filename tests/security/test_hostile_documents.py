"""Hostile documents get a clear error each, while normal queries keep being answered.

They run against a server of their own: refused documents spend the sender's
budget, which the shared test server's users must keep.
"""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from backend.app import create_app
from backend.settings import Settings
from tests.support.client import codes, gql, login
from tests.support.server import AppClient, serve

NESTED = "{ viewer { customer { " + "orders(first: 1) { edges { node { customer { " * 25 + "code" \
    + " } } } }" * 25 + " } } }"
ALIASES = "{ " + " ".join(f"a{i}: viewer {{ username }}" for i in range(10_000)) + " }"
HUGE_STRING = '{ salesOrder(number: "' + "x" * 1_000_000 + '") { number } }'
CIRCULAR = "fragment A on Customer { orders(first: 1) { edges { node { customer { ...B } } } } }" \
    " fragment B on Customer { ...A } { viewer { customer { ...A } } }"

HOSTILE = {
    "nested-100-deep": (
        {"json": {"query": NESTED}}, {"MAX_DEPTH_EXCEEDED"},
    ),
    "10000-aliases": ({"json": {"query": ALIASES}}, {"MAX_SIZE_EXCEEDED"}),
    "1-mb-string": ({"json": {"query": HUGE_STRING}}, {"PAYLOAD_TOO_LARGE"}),
    "invalid-utf8": (
        {"content": b'{"query": "{ viewer { \xc3\x28 } }"}',
         "headers": {"content-type": "application/json"}},
        {"BAD_REQUEST"},
    ),
    "batch-of-1000": ({"json": [{"query": "{ viewer { username } }"}] * 1000}, {"BAD_REQUEST"}),
    "circular-fragments": ({"json": {"query": CIRCULAR}}, {"GRAPHQL_VALIDATION_FAILED"}),
    "circular-introspection": (
        {"json": {"query": "{ __schema { types { fields { type { fields { type { fields "
                  "{ name } } } } } } } }"}},
        {"MAX_DEPTH_EXCEEDED"},
    ),
    "huge-page": (
        {"json": {"query": "{ customers(first: 100) { edges { node { orders(first: 100) "
                  "{ edges { node { lines { product { customers: sku } } shipments { lots "
                  "{ serials(first: 100) { edges { node { serialNumber } } } } } } } } } } } }"}},
        {"MAX_COST_EXCEEDED"},
    ),
}


@pytest.fixture
async def hostile_target(settings: Settings, demo_data: object) -> AsyncIterator[httpx.AsyncClient]:
    with serve(create_app(settings), log_level="critical") as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            yield client


async def send(client: httpx.AsyncClient, token: str, name: str) -> httpx.Response:
    request, _ = HOSTILE[name]
    headers = {"authorization": f"Bearer {token}", **request.get("headers", {})}
    return await client.post("/graphql", **{k: v for k, v in request.items() if k != "headers"},
                             headers=headers)


@pytest.mark.parametrize("name", sorted(HOSTILE))
async def test_hostile_document_gets_a_clear_error(
    hostile_target: httpx.AsyncClient, name: str
) -> None:
    response = await send(hostile_target, await login(hostile_target, "partner-a"), name)
    assert 200 <= response.status_code < 500, response.status_code
    body = response.json()
    assert body.get("data") is None
    errors = body["errors"]
    expected = HOSTILE[name][1] | {"BAD_USER_INPUT"}
    assert errors and {e["extensions"]["code"] for e in errors} <= expected, errors
    assert all(e["message"] and len(e["message"]) < 500 for e in errors)
    assert "Traceback" not in response.text


async def test_normal_queries_are_answered_during_an_attack(
    hostile_target: httpx.AsyncClient,
) -> None:
    api = hostile_target
    attacker, user = await login(api, "partner-a"), await login(api, "sales")
    stop = asyncio.Event()

    async def attack() -> int:
        sent = 0
        while not stop.is_set():
            for name in HOSTILE:
                response = await send(api, attacker, name)
                assert response.status_code < 500
                sent += 1
        return sent

    attackers = [asyncio.create_task(attack()) for _ in range(3)]
    latencies = []
    try:
        for _ in range(20):
            started = time.perf_counter()
            body = await gql(api, "{ salesOrders(first: 5) { edges { node { number } } } }",
                             token=user)
            latencies.append(time.perf_counter() - started)
            assert body["data"]["salesOrders"]["edges"]
    finally:
        stop.set()
        sent = sum(await asyncio.gather(*attackers))
    assert sent >= len(HOSTILE)
    assert max(latencies) < 5, latencies


async def test_a_flood_of_refused_documents_is_turned_away_at_the_door(
    app_client: AppClient,
) -> None:
    client = await app_client(cost_budget=5000, cost_restore_rate=1)
    token = await login(client, "partner-b")
    seen = []
    for _ in range(8):
        body = (await send(client, token, "nested-100-deep")).json()
        seen += codes(body)
    # Each refusal cost 1,000 points: the sixth document is not even parsed.
    assert seen[:5] == ["MAX_DEPTH_EXCEEDED"] * 5
    assert set(seen[5:]) == {"THROTTLED"}
    assert body["errors"][0]["extensions"]["retryAfterSeconds"] > 0
    # Another partner is not affected.
    await gql(client, "{ viewer { username } }", token=await login(client, "partner-a"))
