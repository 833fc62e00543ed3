"""GET /metrics: per-operation latency histograms, error counts, pool use, WebSocket clients."""

import asyncio
import json

import httpx
import websockets
from prometheus_client.parser import text_string_to_metric_families

from tests.support.client import gql, login
from tests.support.server import AppClient


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


async def test_operations_errors_and_pool_are_measured(app_client: AppClient) -> None:
    client: httpx.AsyncClient = await app_client()
    token = await login(client, "sales")
    for _ in range(3):
        await gql(client, "query Products { products(first: 2) { totalCount } }", token=token)
    await gql(client, "query Broken { products { nope } }", token=token, expect_errors=True)
    await gql(client, "query Anonymous { salesOrders { totalCount } }", expect_errors=True)

    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = samples(response.text)
    count = found[("erp_graphql_operation_seconds_count",
                   frozenset({("operation", "Products"), ("type", "query")}))]
    assert count == 3
    assert ("erp_graphql_operation_seconds_bucket", frozenset(
        {("operation", "Products"), ("type", "query"), ("le", "0.05")})) in found
    assert found[("erp_graphql_errors_total", frozenset(
        {("operation", "Broken"), ("code", "GRAPHQL_VALIDATION_FAILED")}))] == 1
    assert found[("erp_graphql_errors_total", frozenset(
        {("operation", "Anonymous"), ("code", "UNAUTHENTICATED")}))] == 1
    posts = frozenset({("method", "POST"), ("status", "200")})
    assert found[("erp_http_requests_total", posts)] >= 3
    assert found[("erp_db_pool_connections", frozenset({("state", "size")}))] > 0
    assert ("erp_db_pool_connections", frozenset({("state", "checked_out")})) in found


async def test_client_chosen_operation_names_cannot_flood_the_metrics(
    app_client: AppClient,
) -> None:
    client = await app_client()
    token = await login(client, "sales")
    await gql(client, "query Über { viewer { username } }", token=token, expect_errors=True)
    await gql(client, "query ok_name { viewer { username } }", token=token)
    text = (await client.get("/metrics")).text
    assert 'operation="ok_name"' in text and "Über" not in text


async def test_open_websockets_and_subscriptions_are_counted(
    api: httpx.AsyncClient, live_server
) -> None:
    token = await login(api, "warehouse")

    def connections(text: str) -> float:
        return samples(text)[("erp_graphql_websocket_connections", frozenset())]

    before = connections((await api.get("/metrics")).text)
    async with websockets.connect(
        live_server.ws_url + "/graphql", subprotocols=["graphql-transport-ws"]
    ) as socket:
        await socket.send(json.dumps(
            {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
        ))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        assert connections((await api.get("/metrics")).text) == before + 1
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {
            "query": "subscription WatchStock { stockChanged { delta } }"}}))
        key = ("erp_graphql_subscriptions", frozenset({("operation", "WatchStock")}))
        for _ in range(50):  # the subscription starts right after the message is read
            if samples((await api.get("/metrics")).text).get(key) == 1:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the subscription was not counted")
        await socket.send(json.dumps({"id": "1", "type": "complete"}))
        for _ in range(50):
            if samples((await api.get("/metrics")).text).get(key) == 0:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the finished subscription was still counted")
    assert connections((await api.get("/metrics")).text) == before
