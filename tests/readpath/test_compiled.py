"""The compiled read path answers the benchmark's and the partner portal's queries."""

from __future__ import annotations

import httpx
import pytest

from backend.settings import Environment, Settings
from tests.readpath.paths import FORCE_RESOLVERS, both, post
from tests.support.client import Client, login
from tests.support.server import AppClient

DEEP = """query Deep($n: Int!) { salesOrders(first: $n) { edges { node { number
  customer { name } lines { product { sku } }
  shipments { lines { lot { lotNumber inspections { result inspector { username } }
    supplier { name } } serials { serialNumber } } } } } } }"""
STATUS = "query($n:String!){ salesOrder(number:$n){ number status shipments { status } } }"


@pytest.mark.usefixtures("scale_data")
async def test_deep_walk_compiles(client: Client, api: httpx.AsyncClient) -> None:
    path, body = await both(api, await client.token("admin"), DEEP, {"n": 50})
    assert path == "compiled", body
    assert len(body["data"]["salesOrders"]["edges"]) == 50


PEER_DEEP = """query DeepShipped { salesOrders(first: 50, filter: {status: [SHIPPED]}) { edges { node {
  number status lines { lineNumber quantity product { sku } }
  shipments { number status lines { quantity lot { lotNumber expiresOn inspections { result }
    supplier { name } } } } } } } }"""
PEER_STATUS = """query Status($number: String!) { salesOrder(number: $number) {
  number status customer { code } shipments { status } } }"""
PARTNER_ORDERS = """query($after: String) { salesOrders(first: 3, after: $after) {
  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  edges { cursor node { id number status createdAt total customer { id code }
    shipments { id number status shippedAt lines { quantity product { sku } lot { lotNumber } } }
  } } } }"""


@pytest.mark.usefixtures("scale_data")
async def test_peer_benchmark_queries_compile(client: Client, api: httpx.AsyncClient) -> None:
    token = await client.token("admin")
    path, body = await both(api, token, PEER_DEEP)
    assert path == "compiled"
    number = body["data"]["salesOrders"]["edges"][0]["node"]["number"]
    path, body = await both(api, token, PEER_STATUS, {"number": number})
    assert path == "compiled"
    assert body["data"]["salesOrder"]["number"] == number
    path, body = await both(api, token, PEER_STATUS, {"number": "SO-NONE"})
    assert (path, body["data"]) == ("compiled", {"salesOrder": None})


@pytest.mark.parametrize("user", ["partner-a", "partner-b", "sales"])
@pytest.mark.usefixtures("scale_data")
async def test_partner_pages_and_status_compile(client: Client, api: httpx.AsyncClient,
                                                user: str) -> None:
    token = await client.token(user)
    path, body = await both(api, token, PARTNER_ORDERS)
    assert path == "compiled", body
    page = body["data"]["salesOrders"]
    after = page["pageInfo"]["endCursor"]
    path, second = await both(api, token, PARTNER_ORDERS, {"after": after})
    assert path == "compiled"
    assert second["data"]["salesOrders"]["pageInfo"]["hasPreviousPage"] is True
    for edge in page["edges"]:
        path, status = await both(api, token, PEER_STATUS, {"number": edge["node"]["number"]})
        assert path == "compiled"
        assert status["data"]["salesOrder"]["customer"] == {"code": edge["node"]["customer"]["code"]}


async def test_a_connection_of_no_rows_without_an_aggregate_answers_one_object(
    client: Client, api: httpx.AsyncClient
) -> None:
    token = await client.token("partner-b")
    for query in ('{ salesOrders(filter: {search: "no-such-order"}) { totalCount } }',
                  '{ salesOrders(first: 2) { totalCount __typename } }'):
        path, body = await both(api, token, query)
        assert path == "compiled"
        assert isinstance(body["data"]["salesOrders"]["totalCount"], int)


async def test_the_read_path_is_shown_where_settings_say(app_client: AppClient) -> None:
    assert not Settings(env=Environment.PRODUCTION).shows_read_path
    assert Settings(env=Environment.DEVELOPMENT).shows_read_path
    query = "{ salesOrders(first: 1) { edges { node { number } } } }"
    hidden = await app_client(read_path_extension=False)
    token = await login(hidden, "admin")
    _, body = await post(hidden, token, query, None, FORCE_RESOLVERS)
    assert "readPath" not in body["extensions"] and body["data"]["salesOrders"]["edges"]
    shown = await app_client()
    token = await login(shown, "admin")
    _, body = await post(shown, token, query, None)
    assert body["extensions"]["readPath"] == "compiled"
    # Fields the declarations leave out run on the resolvers, for the whole operation.
    _, body = await post(shown, token, query.replace("number", "number availableActions"), None)
    assert body["extensions"]["readPath"] == "resolvers" and body["data"]["salesOrders"]
