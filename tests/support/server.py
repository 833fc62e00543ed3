"""Serving the app for tests: the signing secret and a uvicorn server in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn
from starlette.applications import Starlette

# Every test application signs and checks tokens with this secret.
TEST_JWT_SECRET = "test-secret-" + "0123456789abcdef" * 3


@dataclass
class LiveServer:
    """The app served over real sockets: its base URL and the app (for its state)."""

    base_url: str
    app: Starlette

    @property
    def ws_url(self) -> str:
        return "ws" + self.base_url.removeprefix("http")


@contextmanager
def serve(app: Starlette, *, log_level: str = "warning") -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 in a background thread (its own event loop);
    yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # the kernel picks a free port; no race to claim it
    server = uvicorn.Server(uvicorn.Config(app, log_level=log_level, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the test server failed to start; see the log above")
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start within 30 seconds")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()



AppClient = Callable[..., Awaitable[httpx.AsyncClient]]
"""`await app_client(**setting_overrides)`: an in-process client of an app of its own."""
