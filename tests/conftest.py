"""Shared fixtures: a fresh migrated database, settings, engine and a live server.

The database is a new `erp_test_<random>` database on the server named by
TEST_DATABASE_URL or DATABASE_URL, or else on an embedded PostgreSQL started in
a temporary directory for this run. Either way it is dropped at the end.
"""

from __future__ import annotations

import os
import secrets
import socket
import tempfile
import threading
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
import uvicorn
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from backend.app import create_app
from backend.db import migrate
from backend.db.embedded import to_async_url, to_libpq_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.settings import Environment, Settings

TEST_JWT_SECRET = "test-secret-" + "0123456789abcdef" * 3


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _asyncpg_dsn(url: str) -> str:
    """asyncpg.connect() takes libpq URLs only, host=/socket/dir included."""
    return to_libpq_url(url)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL of a PostgreSQL server's maintenance database, for creating test databases."""

    external = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if external:
        yield to_libpq_url(external)
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
    name = f"erp_test_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(_asyncpg_dsn(postgres_url))
    try:
        await admin.execute(f'create database "{name}"')
    finally:
        await admin.close()
    url = _with_database(postgres_url, name)
    # Called from inside the running loop on purpose: migrate must cope with it.
    migrate.upgrade(url)
    try:
        yield to_async_url(url)
    finally:
        admin = await asyncpg.connect(_asyncpg_dsn(postgres_url))
        try:
            await admin.execute(f'drop database if exists "{name}" with (force)')
        finally:
            await admin.close()


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

    return await load_demo(sessionmaker)


@dataclass
class LiveServer:
    base_url: str
    app: Starlette
    server: uvicorn.Server

    @property
    def ws_url(self) -> str:
        return "ws" + self.base_url.removeprefix("http")


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[LiveServer]:
    """The app served by uvicorn on 127.0.0.1 in a background thread (its own event loop)."""
    app = create_app(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # the kernel picks a free port; no race to claim it
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the test server failed to start; see the log above")
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 30 seconds")
        time.sleep(0.02)
    try:
        yield LiveServer(base_url=f"http://127.0.0.1:{port}", app=app, server=server)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture
async def http(live_server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as client:
        yield client
