"""Automatic persisted queries, and partner tokens limited to registered operations."""

import hashlib
import secrets

import httpx

from tests.support.client import codes, login
from tests.support.server import AppClient

DIST_A_ORDERS = '{ customers(search: "DIST-A") { edges { node { code orders { totalCount } } } } }'


def persisted(query: str | None, sha256: str) -> dict:
    body: dict = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256}}}
    if query is not None:
        body["query"] = query
    return body


def digest(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


async def post(client: httpx.AsyncClient, body: dict, token: str) -> dict:
    headers = {"authorization": f"Bearer {token}"}
    return (await client.post("/graphql", json=body, headers=headers)).json()


async def test_a_query_is_sent_once_then_by_hash(api: httpx.AsyncClient) -> None:
    token = await login(api, "sales")
    # A comment makes the document new to this database.
    query = f"# {secrets.token_hex(8)}\n{{ viewer {{ username }} }}"
    unknown = await post(api, persisted(None, digest(query)), token)
    assert codes(unknown) == ["PERSISTED_QUERY_NOT_FOUND"]

    registered = await post(api, persisted(query, digest(query)), token)
    assert registered["data"]["viewer"]["username"] == "sales"
    by_hash = await post(api, persisted(None, digest(query)), token)
    assert by_hash["data"]["viewer"]["username"] == "sales"

    # Over GET too, which caches well.
    response = await api.get("/graphql", params={
        "extensions": f'{{"persistedQuery": {{"version": 1, "sha256Hash": "{digest(query)}"}}}}'
    }, headers={"authorization": f"Bearer {token}", "accept": "application/json"})
    assert response.json()["data"]["viewer"]["username"] == "sales"


async def test_a_hash_must_match_its_query(api: httpx.AsyncClient) -> None:
    token = await login(api, "sales")
    body = await post(api, persisted("{ viewer { username } }", "0" * 64), token)
    assert codes(body) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    body = await post(api, persisted(None, "not-a-hash"), token)
    assert codes(body) == ["PERSISTED_QUERY_INVALID"]


async def test_partners_run_registered_operations_only_when_so_configured(
    app_client: AppClient,
) -> None:
    client = await app_client(partner_persisted_only=True)
    partner, staff = await login(client, "partner-a"), await login(client, "sales")
    query = f"# {secrets.token_hex(8)}\nquery MyOrders {{ salesOrders(first: 5) {{ totalCount }} }}"

    plain = await post(client, {"query": query}, partner)
    assert codes(plain) == ["PERSISTED_QUERY_REQUIRED"] and plain["data"] is None
    registering = await post(client, persisted(query, digest(query)), partner)
    assert codes(registering) == ["PERSISTED_QUERY_REQUIRED"]
    assert codes(await post(client, persisted(None, digest(query)), partner)) == [
        "PERSISTED_QUERY_REQUIRED"
    ]

    # Staff register it (as a deployment would); then partners may run it, by hash or text.
    assert "errors" not in await post(client, persisted(query, digest(query)), staff)
    by_hash = await post(client, persisted(None, digest(query)), partner)
    own = await post(client, {"query": DIST_A_ORDERS}, staff)
    dist_a_orders = next(e["node"]["orders"]["totalCount"] for e in own["data"]["customers"]["edges"]
                         if e["node"]["code"] == "DIST-A")
    assert by_hash["data"]["salesOrders"]["totalCount"] == dist_a_orders > 0
    assert "errors" not in await post(client, {"query": query}, partner)
    # Staff keep sending plain queries.
    assert "errors" not in await post(client, {"query": "{ viewer { username } }"}, staff)
