"""Webhooks: registered by an admin, signed, retried with backoff, dead-lettered, sent once."""

import asyncio
import hashlib
import hmac
import json
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.api.ids import to_global_id
from backend.events.webhooks import WebhookWorker
from tests.live.receiver import receiver
from tests.support.builders import StockItem, move
from tests.support.client import Client, gql
from tests.support.server import LiveServer

SECRET = "whsec-test-0123456789abcdef"

CREATE = """
mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    endpoint { id url eventTypes active maxAttempts retryDelaySeconds }
    userErrors { field code message }
  }
}
"""
DELETE = "mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedId userErrors { code } } }"
DELIVERIES = """
query ($endpointId: ID) {
  webhookDeliveries(endpointId: $endpointId, first: 50) {
    edges { node {
      id status attemptCount eventId eventType deliveredAt
      attempts { succeeded responseStatus error durationMs }
    } }
  }
}
"""
RETRY = """
mutation ($id: ID!) {
  retryWebhookDelivery(id: $id) { delivery { status } userErrors { code message } }
}
"""

Register = Callable[..., Awaitable[str]]


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does (the README's snippet)."""
    message = headers["x-erp-timestamp"].encode() + b"." + body
    expected = "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["x-erp-signature"])


@pytest.fixture
async def admin(server: LiveServer, client: Client) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        base_url=server.base_url, headers={"authorization": f"Bearer {await client.token('admin')}"}
    ) as client:
        yield client


@pytest.fixture
async def register(admin: httpx.AsyncClient) -> AsyncIterator[Register]:
    """Registers endpoints for a test and removes them afterwards."""
    created: list[str] = []

    async def create(url: str, **options: object) -> str:
        variables = {"input": {"url": url, "secret": SECRET, "eventTypes": ["STOCK_CHANGED"],
                               "retryDelaySeconds": 0.2, **options}}
        payload = (await gql(admin, CREATE, variables))["data"]["createWebhookEndpoint"]
        assert payload["userErrors"] == []
        created.append(payload["endpoint"]["id"])
        return payload["endpoint"]["id"]

    yield create
    for endpoint_id in created:
        await gql(admin, DELETE, {"id": endpoint_id})


async def _deliveries(admin: httpx.AsyncClient, endpoint_id: str) -> list[dict]:
    data = (await gql(admin, DELIVERIES, {"endpointId": endpoint_id}))["data"]
    return [edge["node"] for edge in data["webhookDeliveries"]["edges"]]


async def test_only_admins_register_endpoints(client: Client) -> None:
    variables = {"input": {"url": "https://example.com/hook", "secret": SECRET,
                           "eventTypes": ["STOCK_CHANGED"]}}
    for user in ("sales", "partner-a"):
        body = await client.body(user, CREATE, variables)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_bad_endpoint_input_is_refused_field_by_field(admin: httpx.AsyncClient) -> None:
    variables = {"input": {"url": "ftp://example.com", "secret": "short", "eventTypes": [],
                           "maxAttempts": 0}}
    payload = (await gql(admin, CREATE, variables))["data"]["createWebhookEndpoint"]
    assert payload["endpoint"] is None
    assert {tuple(e["field"]) for e in payload["userErrors"]} == {
        ("input", "url"), ("input", "secret"), ("input", "eventTypes"), ("input", "maxAttempts")}


async def test_a_failing_receiver_gets_the_event_signed_after_two_retries(
    admin: httpx.AsyncClient, register: Register, item: StockItem,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with receiver(failures=[500, 503]) as hook:
        endpoint_id = await register(hook.url, maxAttempts=5)
        await move(sessionmaker, item, 12)
        requests = await hook.wait_for(3)

    assert [r.status for r in requests] == [500, 503, 204]
    assert len({r.headers["x-erp-event-id"] for r in requests}) == 1
    for request in requests:
        assert verify(SECRET, request.headers, request.body)
        assert not verify("another-secret-0123456789", request.headers, request.body)
    event = json.loads(requests[-1].body)
    assert event["type"] == "stock.changed"
    assert event["data"]["productId"] == to_global_id("Product", item.product_id)
    assert event["data"]["delta"] == 12

    deliveries = await _deliveries(admin, endpoint_id)
    assert len(deliveries) == 1
    delivery = deliveries[0]
    assert delivery["status"] == "DELIVERED" and delivery["attemptCount"] == 3
    assert [(a["succeeded"], a["responseStatus"]) for a in delivery["attempts"]] == [
        (False, 500), (False, 503), (True, 204)]


async def test_deliveries_are_dead_lettered_after_the_last_attempt_and_can_be_retried(
    admin: httpx.AsyncClient, register: Register, item: StockItem,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with receiver(failures=[500] * 3) as hook:
        endpoint_id = await register(hook.url, maxAttempts=2)
        await move(sessionmaker, item, 1)
        await hook.wait_for(2)
        for _ in range(50):
            [delivery] = await _deliveries(admin, endpoint_id)
            if delivery["status"] == "DEAD":
                break
            await asyncio.sleep(0.1)
        assert delivery["status"] == "DEAD" and delivery["attemptCount"] == 2

        retried = (await gql(admin, RETRY, {"id": delivery["id"]}))["data"]
        assert retried["retryWebhookDelivery"]["delivery"]["status"] == "PENDING"
        await hook.wait_for(3)  # one more attempt, which fails again
        for _ in range(50):
            [delivery] = await _deliveries(admin, endpoint_id)
            if delivery["status"] == "DEAD":
                break
            await asyncio.sleep(0.1)
    assert delivery["status"] == "DEAD" and delivery["attemptCount"] == 2
    assert len(delivery["attempts"]) == 3


async def test_several_workers_never_send_an_event_twice(
    register: Register, item: StockItem, engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # Two more workers beside the server's own, polling hard.
    workers = [WebhookWorker(engine, poll_seconds=0.01, batch=3) for _ in range(2)]
    tasks = [asyncio.create_task(w.run()) for w in workers]
    try:
        async with receiver() as hook:
            await register(hook.url)
            for n in range(30):
                await move(sessionmaker, item, n + 1)
            requests = await hook.wait_for(30)
            await asyncio.sleep(0.5)  # any duplicate would arrive by now
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    counts = Counter(r.headers["x-erp-event-id"] for r in requests)
    assert len(counts) == 30 and set(counts.values()) == {1}
    assert sorted(json.loads(r.body)["data"]["delta"] for r in requests) == list(range(1, 31))
