"""Shared fixtures: a fresh migrated database, settings, engine, a live server and a client.

The database is a new `erp_test_<random>` database on the server named by
TEST_DATABASE_URL or DATABASE_URL, or else on an embedded PostgreSQL started in
a temporary directory for this run. Either way it is dropped at the end.
What tests import (clients, builders, documents) lives in `tests/support/`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import warnings
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.db.embedded import to_async_url, to_libpq_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.settings import Environment, Settings
from tests.support.client import Client
from tests.support.database import drop_templates, fresh_database
from tests.support.server import TEST_JWT_SECRET, AppClient, LiveServer, serve

# When the session's demo data was loaded: tests about the demo look at what it made.
DEMO_LOADED_AT: list[datetime] = []
DEMO_LAST_SHIPMENT: list[int] = []


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL of a PostgreSQL server's maintenance database, for creating test databases."""

    external = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if external:
        yield to_libpq_url(external)
        asyncio.run(drop_templates(external))
        return

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR is unset
        import pgserver

    # A short directory: PostgreSQL's unix socket lives in it, and socket
    # paths are limited to about 100 bytes (pytest's own tmp dirs can be deep).
    pgdata = Path(tempfile.mkdtemp(prefix="erp-test-pg-", dir="/tmp"))
    server = pgserver.get_server(pgdata, cleanup_mode="delete")
    try:
        yield server.get_uri("postgres")
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
async def database_url(postgres_url: str) -> AsyncIterator[str]:
    """A fresh database, migrated to head, as a postgresql+asyncpg:// URL."""
    async with fresh_database(postgres_url, "erp_test") as url:
        yield to_async_url(url)


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=database_url,
        env=Environment.DEVELOPMENT,
        jwt_secret=TEST_JWT_SECRET,
        jwt_previous_keys=None,
        data_dir=tmp_path_factory.mktemp("data"),
    )


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=5)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture(scope="session")
async def demo_data(sessionmaker: async_sessionmaker[AsyncSession]):
    """The demo data set (DESIGN.md), loaded once per test run."""
    from backend.seed.demo import load_demo

    loaded = await load_demo(sessionmaker)
    DEMO_LOADED_AT.append(datetime.now(UTC))
    async with sessionmaker() as session:
        DEMO_LAST_SHIPMENT.append(await session.scalar(text("SELECT max(id) FROM shipments")))
    return loaded


@pytest.fixture(scope="session")
async def scale_data(database_url: str, demo_data: object) -> dict[str, int]:
    """About a hundred synthetic orders with shipments, lots and serials beside the demo data."""
    from backend.seed.scale import load_scale

    return await load_scale(database_url, scale=1, fraction=0.01, progress=False)


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[LiveServer]:
    """The app served by uvicorn on 127.0.0.1 in a background thread (its own event loop)."""
    app = create_app(settings)
    with serve(app) as base_url:
        yield LiveServer(base_url=base_url, app=app)


@pytest.fixture
async def http(live_server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as client:
        yield client


@pytest.fixture
async def api(http: httpx.AsyncClient, demo_data: object) -> httpx.AsyncClient:
    """An HTTP client for the live server, whose database holds the demo data."""
    return http


@pytest.fixture(scope="session")
def live_tokens() -> dict[str, str]:
    """Access tokens of the demo users for the live server, signed in once per run."""
    return {}


@pytest.fixture
def client(api: httpx.AsyncClient, live_tokens: dict[str, str]) -> Client:
    """Calls the live server's graph as the demo users (`await client.call("sales", ...)`)."""
    return Client(api, live_tokens)


@pytest.fixture
async def app_client(settings: Settings, demo_data: object) -> AsyncIterator[AppClient]:
    """`await app_client(**setting_overrides)`: an in-process client of a fresh app (its own
    limits and buckets) over the shared test database."""
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
