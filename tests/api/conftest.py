"""Fixtures for tests of the public graph: the demo data behind a live server, and tokens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests.helpers import gql, login


@pytest.fixture
async def api(http: httpx.AsyncClient, demo_data: object) -> httpx.AsyncClient:
    """An HTTP client for a live server whose database holds the demo data."""
    return http


@pytest.fixture
def token_for(api: httpx.AsyncClient) -> Callable[[str], Awaitable[str]]:
    async def token(username: str) -> str:
        return await login(api, username)

    return token


async def admin_query(api: httpx.AsyncClient, query: str, variables: dict | None = None) -> dict:
    return (await gql(api, query, variables, token=await login(api, "admin")))["data"]


@pytest.fixture(scope="session")
async def scale_data(database_url: str, demo_data: object) -> dict[str, int]:
    """About a hundred synthetic orders with shipments, lots and serials beside the demo data."""
    from backend.seed.scale import load_scale

    return await load_scale(database_url, scale=1, fraction=0.01, progress=False)
