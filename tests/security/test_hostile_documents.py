"""Hostile documents get a clear error each, while normal queries keep being answered."""

import asyncio
import time

import httpx
import pytest

from tests.helpers import gql, login

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
    "10000-aliases": ({"json": {"query": ALIASES}}, {"MAX_TOKENS_EXCEEDED"}),
    "1-mb-string": ({"json": {"query": HUGE_STRING}}, {"PAYLOAD_TOO_LARGE"}),
    "invalid-utf8": (
        {"content": b'{"query": "{ viewer { \xc3\x28 } }"}',
         "headers": {"content-type": "application/json"}},
        {"BAD_REQUEST"},
    ),
    "batch-of-1000": ({"json": [{"query": "{ viewer { username } }"}] * 1000}, {"BAD_REQUEST"}),
    "circular-fragments": ({"json": {"query": CIRCULAR}}, {"GRAPHQL_VALIDATION_FAILED"}),
    "huge-page": (
        {"json": {"query": "{ customers(first: 100) { edges { node { orders(first: 100) "
                  "{ edges { node { lines { product { customers: sku } } shipments { lots "
                  "{ serials(first: 100) { edges { node { serialNumber } } } } } } } } } } } }"}},
        {"MAX_COST_EXCEEDED"},
    ),
}


async def send(client: httpx.AsyncClient, token: str, name: str) -> httpx.Response:
    request, _ = HOSTILE[name]
    headers = {"authorization": f"Bearer {token}", **request.get("headers", {})}
    return await client.post("/graphql", **{k: v for k, v in request.items() if k != "headers"},
                             headers=headers)


@pytest.mark.parametrize("name", sorted(HOSTILE))
async def test_hostile_document_gets_a_clear_error(api: httpx.AsyncClient, name: str) -> None:
    response = await send(api, await login(api, "partner-a"), name)
    assert 200 <= response.status_code < 500, response.status_code
    body = response.json()
    assert body.get("data") is None
    errors = body["errors"]
    expected = HOSTILE[name][1] | {"BAD_USER_INPUT"}
    assert {e["extensions"]["code"] for e in errors} <= expected, errors
    assert all(e["message"] and len(e["message"]) < 500 for e in errors)
    assert "Traceback" not in response.text


async def test_normal_queries_are_answered_during_an_attack(api: httpx.AsyncClient) -> None:
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
