"""Fixtures of the sales tests: invariant checks over the whole database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.seed.invariants import check_invariants


@pytest.fixture
async def consistent(
    sessionmaker: async_sessionmaker[AsyncSession], demo_data: object
) -> AsyncIterator[None]:
    """After the test, the whole database still keeps the ledger and stock invariants."""
    yield
    async with sessionmaker() as session:
        assert await check_invariants(session) == []
