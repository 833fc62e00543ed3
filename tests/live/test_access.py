"""Who may subscribe to what: the token at connection_init, roles, and partner scoping."""

import time

import jwt
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from websockets.exceptions import ConnectionClosed

from backend.api.ids import to_global_id
from backend.auth.tokens import issue_token
from backend.enums import OrderStatus
from backend.events import cursors
from tests.support.builders import draft_order, set_status
from tests.support.client import Client
from tests.support.server import LiveServer
from tests.support.ws import caught_up, ws_connect

ORDER_STATUS_CHANGED = """
subscription ($orderId: ID, $after: String) {
  orderStatusChanged(orderId: $orderId, after: $after) { cursor from to order { id number } }
}
"""
STOCK_CHANGED = "subscription { stockChanged { cursor delta } }"


async def _close_code(server: LiveServer, payload_token: str | None) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        async with ws_connect(server.ws_url, payload_token):
            pass
    return closed.value.rcvd.code


async def test_missing_token_closes_with_4401(server: LiveServer) -> None:
    assert await _close_code(server, None) == 4401


async def test_forged_token_closes_with_4403(server: LiveServer, client: Client) -> None:
    header, payload, _ = (await client.token("admin")).split(".")
    forged = jwt.encode(
        jwt.decode(f"{header}.{payload}.", options={"verify_signature": False}),
        "not-the-server-secret-" + "x" * 20,
        algorithm="HS256",
    )
    assert await _close_code(server, forged) == 4403


async def test_expired_token_closes_with_4403(server: LiveServer) -> None:
    settings = server.app.state.settings
    now = int(time.time())
    expired = jwt.encode(
        {"sub": "1", "username": "admin", "roles": ["ADMIN"], "cid": None, "iat": now - 7200,
         "exp": now - 3600, "iss": settings.jwt_issuer, "aud": settings.jwt_audience, "jti": "x"},
        server.app.state.jwt_secret, algorithm="HS256",
        headers={"kid": settings.jwt_kid, "typ": "at+jwt"},
    )
    assert await _close_code(server, expired) == 4403


async def test_subscribing_before_connection_init_closes_with_4401(server: LiveServer) -> None:
    with pytest.raises(ConnectionClosed) as closed:
        async with ws_connect(server.ws_url, None, init=False) as ws:
            await ws.subscribe(STOCK_CHANGED)
            await ws.receive()
    assert closed.value.rcvd.code == 4401


async def test_partners_get_no_stock_events(server: LiveServer, client: Client) -> None:
    async with ws_connect(server.ws_url, await client.token("partner-a")) as ws:
        await ws.subscribe(STOCK_CHANGED)
        message = await ws.receive()
    assert message["type"] in ("error", "next")
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_stream_ends_when_its_token_expires(server: LiveServer) -> None:
    app = server.app
    short = app.state.settings.model_copy(update={"token_ttl_seconds": 1})
    token, _ = issue_token(user_id=1, username="admin", roles=["ADMIN"], customer_id=None,
                           settings=short, secret=app.state.jwt_secret)
    async with ws_connect(server.ws_url, token) as ws:
        await ws.subscribe(STOCK_CHANGED)
        message = await ws.receive(wait=5)
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_partner_b_sees_none_of_dist_a_order_events(
    server: LiveServer, client: Client, engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with engine.connect() as conn:
        last = await conn.scalar(text("select coalesce(max(id), 0) from outbox_events"))
    before = cursors.encode(last)
    order_id = await draft_order(sessionmaker, "DIST-A")
    order_gid = to_global_id("SalesOrder", order_id)
    await caught_up(server.app, engine)  # the order's creation is not news to the sockets

    async with (
        ws_connect(server.ws_url, await client.token("partner-a")) as partner_a,
        ws_connect(server.ws_url, await client.token("partner-b")) as partner_b,
        ws_connect(server.ws_url, await client.token("sales")) as staff,
    ):
        await partner_a.subscribe(ORDER_STATUS_CHANGED)
        await partner_b.subscribe(ORDER_STATUS_CHANGED)
        await partner_b.subscribe(ORDER_STATUS_CHANGED, {"orderId": order_gid})
        await staff.subscribe(ORDER_STATUS_CHANGED, {"orderId": order_gid})
        await set_status(sessionmaker, order_id, OrderStatus.PENDING_APPROVAL)
        await set_status(sessionmaker, order_id, OrderStatus.CANCELLED)

        for ws in (partner_a, staff):
            changes = [d["orderStatusChanged"] for d in await ws.collect(2)]
            assert [(c["from"], c["to"]) for c in changes] == [
                ("DRAFT", "PENDING_APPROVAL"), ("PENDING_APPROVAL", "CANCELLED")]
            assert {c["order"]["id"] for c in changes} == {order_gid}
        assert await partner_b.silent(0.5)

    # Replaying from before the changes shows partner-b nothing either.
    async with ws_connect(server.ws_url, await client.token("partner-b")) as partner_b:
        await partner_b.subscribe(ORDER_STATUS_CHANGED, {"after": before})
        assert await partner_b.silent(1.0)
