"""One transaction per use case: the entry point (resolver, CLI, importer) owns it.

Domain functions flush and raise but never commit; a raise anywhere rolls back
everything, audit and outbox rows included.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


@asynccontextmanager
async def transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session, session.begin():
        yield session
