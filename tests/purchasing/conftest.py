"""Fixtures for the purchasing tests: receipts through the API at the demo site."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.support.client import Client
from tests.support.flows import Quality


@pytest.fixture
async def quality(client: Client, sessionmaker: async_sessionmaker[AsyncSession]) -> Quality:
    return await Quality.at_demo_site(client, sessionmaker)
