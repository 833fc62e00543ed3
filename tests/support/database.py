"""Databases of their own, beside the shared test database, on the same server."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from backend.db import migrate
from backend.db.embedded import to_libpq_url


def with_database(url: str, name: str) -> str:
    """The same server's URL with another database name."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@asynccontextmanager
async def fresh_database(
    server_url: str, prefix: str, *, migrated: bool = True
) -> AsyncIterator[str]:
    """A new database `<prefix>_<random>` (migrated to head unless told otherwise), as a
    libpq URL; dropped afterwards, connections and all."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(to_libpq_url(server_url))
    try:
        await admin.execute(f'create database "{name}"')
    finally:
        await admin.close()
    url = with_database(to_libpq_url(server_url), name)
    try:
        if migrated:
            # Called from inside the running loop on purpose: migrate must cope with it.
            migrate.upgrade(url)
        yield url
    finally:
        admin = await asyncpg.connect(to_libpq_url(server_url))
        try:
            await admin.execute(f'drop database if exists "{name}" with (force)')
        finally:
            await admin.close()
