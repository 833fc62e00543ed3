"""An application of our own per test (own limits and buckets) over the shared test database."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

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


def codes(body: dict) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]
