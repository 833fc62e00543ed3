"""A real local HTTP server that receives webhooks, failing as told."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class Receiver:
    url: str = ""
    # Statuses answered to the first requests, in order; 204 after them.
    failures: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: Request) -> Response:
        status = self.failures.pop(0) if self.failures else 204
        self.requests.append(Received(dict(request.headers), await request.body(), status))
        self.arrived.set()
        return Response(status_code=status)

    async def wait_for(self, count: int, seconds: float = 15.0) -> list[Received]:
        async with asyncio.timeout(seconds):
            while len(self.requests) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.requests


@asynccontextmanager
async def receiver(failures: list[int] | None = None) -> AsyncIterator[Receiver]:
    target = Receiver(failures=list(failures or []))
    app = Starlette(routes=[Route("/hook", target.handle, methods=["POST"])])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    target.url = f"http://127.0.0.1:{sock.getsockname()[1]}/hook"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(1000):
        if server.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield target
    finally:
        server.should_exit = True
        await task
        sock.close()
