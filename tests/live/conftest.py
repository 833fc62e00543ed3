"""Fixtures for the live-update tests: a live server over the demo data, stock to change."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.support.builders import StockItem, stock_item
from tests.support.server import LiveServer


@pytest.fixture
async def server(live_server: LiveServer, demo_data: object) -> LiveServer:
    """The in-process live server, its outbox listener connected, over the demo data."""
    listener = live_server.app.state.outbox_listener
    assert listener.connected.is_set()
    return live_server


@pytest.fixture
async def item(sessionmaker: async_sessionmaker[AsyncSession]) -> StockItem:
    return await stock_item(sessionmaker)
