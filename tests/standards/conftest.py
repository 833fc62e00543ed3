"""Fixtures of the standards tests: the standards' own validators (see validators.py), and
goods in through the API at the demo site."""

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.standards.validators import epcis_schema, node_validators
from tests.support.client import Client
from tests.support.flows import Quality

__all__ = ["epcis_schema", "node_validators", "quality"]


@pytest.fixture
async def quality(client: Client, sessionmaker: async_sessionmaker[AsyncSession]) -> Quality:
    return await Quality.at_demo_site(client, sessionmaker)
