"""A small graphql-transport-ws client for the subscription tests."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.asyncio.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"


class Socket:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self._ids = itertools.count(1)

    async def receive(self, wait: float = 10.0) -> dict[str, Any]:
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), wait))
            if message["type"] == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))
                continue
            return message

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        op_id = str(next(self._ids))
        payload: dict[str, Any] = {"query": query}
        if variables:
            payload["variables"] = variables
        await self.ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": payload}))
        return op_id

    async def next_data(self, wait: float = 10.0) -> dict[str, Any]:
        """The data of the next `next` message; fails on anything else."""
        message = await self.receive(wait)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        return message["payload"]["data"]

    async def collect(self, count: int, wait: float = 10.0) -> list[dict[str, Any]]:
        return [await self.next_data(wait) for _ in range(count)]

    async def silent(self, seconds: float) -> bool:
        """True if nothing arrives within `seconds`."""
        try:
            message = await self.receive(seconds)
        except TimeoutError:
            return True
        raise AssertionError(f"expected nothing, got {message}")


@asynccontextmanager
async def ws_connect(
    url: str, token: str | None, *, init: bool = True
) -> AsyncIterator[Socket]:
    async with connect(url + "/graphql", subprotocols=[PROTOCOL], open_timeout=10) as ws:
        socket = Socket(ws)
        if init:
            payload = {"authorization": f"Bearer {token}"} if token else {}
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            ack = await socket.receive()
            assert ack["type"] == "connection_ack", ack
        yield socket


async def caught_up(app: Any, engine: AsyncEngine, wait: float = 10.0) -> None:
    """Until the server `app` has published every event committed so far (read through the
    test's own `engine`): a subscription started now, without a cursor, sees only what
    commits from here on."""
    async with engine.connect() as conn:
        latest = await conn.scalar(text("select coalesce(max(id), 0) from outbox_events"))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while app.state.events.position < latest:
        assert loop.time() < deadline, "the server did not publish the committed events"
        await asyncio.sleep(0.01)
