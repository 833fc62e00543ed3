"""Applications of our own (own limits and buckets) over the shared test database."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from backend.app import create_app
from backend.settings import Settings
from tests.api.conftest import api  # noqa: F401  (the live server with the demo data)

AppClient = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def app_client(settings: Settings, demo_data: object) -> AsyncIterator[AppClient]:
    """`await app_client(**setting_overrides)`: an in-process client of a fresh app."""
    async with contextlib.AsyncExitStack() as stack:

        async def make(**overrides: Any) -> httpx.AsyncClient:
            app = create_app(settings.model_copy(update=overrides))
            await stack.enter_async_context(app.router.lifespan_context(app))
            return await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                    base_url="http://testserver",
                    timeout=30,
                )
            )

        yield make


@contextlib.contextmanager
def serve(app: Starlette) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 in a thread; yield its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def codes(body: dict) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]
