"""Fixtures of the sales tests: tokens per demo user, a GraphQL caller, and invariant checks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.seed.invariants import check_invariants
from tests.helpers import gql, login

Call = Callable[..., Awaitable[dict[str, Any]]]
_tokens: dict[str, str] = {}


@pytest.fixture
async def api(http: httpx.AsyncClient, demo_data: object) -> httpx.AsyncClient:
    return http


@pytest.fixture
def call(api: httpx.AsyncClient) -> Call:
    """`await call(user, query, **variables)` -> data; top-level errors fail the test."""

    async def run(
        user: str, query: str, *, expect_errors: bool = False, **variables: Any
    ) -> dict[str, Any]:
        if user not in _tokens:
            _tokens[user] = await login(api, user)
        body = await gql(api, query, variables, token=_tokens[user], expect_errors=expect_errors)
        return body if expect_errors else body["data"]

    return run


@pytest.fixture
async def consistent(
    sessionmaker: async_sessionmaker[AsyncSession], demo_data: object
) -> AsyncIterator[None]:
    """After the test, the whole database still keeps the ledger and stock invariants."""
    yield
    async with sessionmaker() as session:
        assert await check_invariants(session) == []
