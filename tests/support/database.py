"""Databases of their own, beside the shared test database, on the same server."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from backend.db import migrate
from backend.db.embedded import to_async_url, to_libpq_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.seed.demo import load_demo

# One migrated database per server and run (and one with a fresh demo install), copied for
# each such database asked for: a copy takes a fraction of a second, running every
# migration or loading the demo several seconds.
_templates: dict[tuple[str, bool], str] = {}
_template_lock = asyncio.Lock()


def with_database(url: str, name: str) -> str:
    """The same server's URL with another database name."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


async def _admin(server_url: str, sql: str) -> None:
    admin = await asyncpg.connect(to_libpq_url(server_url))
    try:
        await admin.execute(sql)
    finally:
        await admin.close()


async def _template(server_url: str, *, demo: bool) -> str:
    async with _template_lock:
        return await _made_template(to_libpq_url(server_url), demo)


async def _made_template(server_url: str, demo: bool) -> str:
    key = (server_url, demo)
    if key not in _templates:
        name = f"erp_template_{secrets.token_hex(4)}"
        if demo:
            migrated = await _made_template(server_url, False)
            await _admin(server_url, f'create database "{name}" template "{migrated}"')
            await _load_demo(with_database(server_url, name))
        else:
            await _admin(server_url, f'create database "{name}"')
            # Called from inside the running loop on purpose: migrate must cope with it.
            migrate.upgrade(with_database(server_url, name))
        _templates[key] = name
    return _templates[key]


async def _load_demo(url: str) -> None:
    engine = create_engine(to_async_url(url), pool_size=2)
    try:
        await load_demo(create_sessionmaker(engine))
    finally:
        await engine.dispose()  # a template must have no connections when it is copied


async def drop_templates(server_url: str) -> None:
    """Drop the templates made on `server_url` (at the end of the run)."""
    for key in [k for k in _templates if k[0] == to_libpq_url(server_url)]:
        await _admin(server_url, f'drop database if exists "{_templates.pop(key)}" with (force)')


@asynccontextmanager
async def fresh_database(
    server_url: str, prefix: str, *, migrated: bool = True, demo: bool = False
) -> AsyncIterator[str]:
    """A new database `<prefix>_<random>` (migrated to head unless told otherwise; with
    `demo`, holding a fresh demo install that no other test touches), as a libpq URL;
    dropped afterwards, connections and all."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    template = ""
    if migrated or demo:
        template = f' template "{await _template(server_url, demo=demo)}"'
    await _admin(server_url, f'create database "{name}"{template}')
    url = with_database(to_libpq_url(server_url), name)
    try:
        yield url
    finally:
        await _admin(server_url, f'drop database if exists "{name}" with (force)')
