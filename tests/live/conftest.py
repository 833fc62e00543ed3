"""Fixtures for the live-update tests: a live server over the demo data, tokens, stock to change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import LiveServer
from tests.helpers import login
from tests.live.builders import StockItem, stock_item


@pytest.fixture
async def server(live_server: LiveServer, demo_data: object) -> LiveServer:
    """The in-process live server, its outbox listener connected, over the demo data."""
    listener = live_server.app.state.outbox_listener
    assert listener.connected.is_set()
    return live_server


@pytest.fixture
async def token(server: LiveServer) -> Callable[[str], Awaitable[str]]:
    async def for_user(username: str) -> str:
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            return await login(client, username)

    return for_user


@pytest.fixture
async def item(sessionmaker: async_sessionmaker[AsyncSession]) -> StockItem:
    return await stock_item(sessionmaker)
