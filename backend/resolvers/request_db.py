"""One database connection per request, checked out at its first statement.

Strawberry resolves sibling fields concurrently and one connection runs one
statement at a time, so the dataloaders' batches take turns on it (a lock);
they are short, and a request no longer takes a pool connection, a BEGIN and a
ROLLBACK per batch. Reads run in autocommit (no transaction for nothing); a
mutation's transaction (`session`) runs on the same connection, and its payload
is read inside it, before the commit.

A partner's reads run in a transaction that reads as the partner
(`backend.db.tenant`), so row-level security in PostgreSQL filters them too;
that transaction writes nothing and is rolled back when a mutation begins or the
request ends. A mutation itself works as the owner and reads its payload as the
partner.

The pool does not ping a connection at checkout. A connection that turns out to
be dead at its first statement (the database restarted since it was pooled) is
thrown away and the statement tried once more on a new one; SQLAlchemy then
recycles the rest of the pool too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from backend.db import tenant

log = logging.getLogger(__name__)

AUTOCOMMIT = "AUTOCOMMIT"


class RequestConnection:
    def __init__(self, engine: AsyncEngine, customer_scope: int | None = None) -> None:
        self.engine = engine
        # A partner's customer: reads run behind the partner wall (row-level security).
        self.customer_scope = customer_scope
        self._scoped = False
        self.lock = asyncio.Lock()
        self._conn: AsyncConnection | None = None
        self._autocommit = False
        # A statement has succeeded on the current connection: it is not a dead pooled one.
        self.proven = False
        self.in_transaction = False
        self._released = False

    async def connection(self) -> AsyncConnection:
        if self._conn is None:
            self._conn = await self.engine.connect()
            self._autocommit = False
            self._scoped = False
            self.proven = False
        return self._conn

    async def rows(self, stmt: Executable) -> Sequence[Any]:
        """All rows of one statement, in autocommit or in the open mutation's transaction."""
        if self._released:
            # A batch still running after the answer (a shielded load): a connection of its own.
            return await self._rows_on_own_connection(stmt)
        # A statement cut off half-way would leave the connection unusable for the rest of
        # the request, so a cancelled caller (graphql-core cancels the siblings of a failed
        # field) stops waiting but the statement completes.
        return await asyncio.shield(self._rows(stmt))

    async def walled_rows(self, stmt: Executable) -> Sequence[Any]:
        """All rows of one read statement that enters the partner wall itself
        (`tenant.read_as`), in autocommit: the statement is its own transaction."""
        if self._released or self.in_transaction:
            raise RuntimeError("a walled read runs before the answer, outside a mutation")
        return await asyncio.shield(self._rows(stmt, walled=True))

    async def _rows(self, stmt: Executable, *, walled: bool = False) -> Sequence[Any]:
        async with self.lock:
            if self._released:  # the answer went out while this batch waited its turn
                return await self._rows_on_own_connection(stmt)
            for attempt in (1, 2):
                conn = await self.connection()
                try:
                    if walled:
                        await self._prepare_walled(conn)
                    elif not self.in_transaction:
                        await self._prepare_read(conn)
                    rows = (await conn.execute(stmt)).all()
                except DBAPIError as error:
                    if not self.may_retry(error) or attempt == 2:
                        raise
                    await self.discard()
                    continue
                self.proven = True
                return rows
        raise AssertionError("unreachable")

    async def write_first(self, stmt: Executable) -> Sequence[Any]:
        """All rows of one statement that must persist whatever the request does next
        (shared rate limits), in autocommit. It runs before the request's reads; once the
        connection is in a transaction (a partner's reads, a mutation) it runs on one of its own."""
        async with self.lock:
            if self._released or self.in_transaction or self._scoped:
                async with self.engine.connect() as own:
                    own = await own.execution_options(isolation_level=AUTOCOMMIT)
                    return (await own.execute(stmt)).all()
            for attempt in (1, 2):
                conn = await self.connection()
                try:
                    if not self._autocommit:
                        await self._set_autocommit(conn, True)
                    rows = (await conn.execute(stmt)).all()
                except DBAPIError as error:
                    if not self.may_retry(error) or attempt == 2:
                        raise
                    await self.discard()
                    continue
                self.proven = True
                return rows
        raise AssertionError("unreachable")

    async def _prepare_read(self, conn: AsyncConnection) -> None:
        if self.customer_scope is None:
            if not self._autocommit:
                await self._set_autocommit(conn, True)
        elif not self._scoped:
            if self._autocommit:
                await self._set_autocommit(conn, False)
            await conn.execute(tenant.enter(self.customer_scope))
            self._scoped = True

    async def _prepare_walled(self, conn: AsyncConnection) -> None:
        if self._scoped:  # the partner's read transaction: it wrote nothing
            await conn.rollback()
            self._scoped = False
        if not self._autocommit:
            await self._set_autocommit(conn, True)

    async def _rows_on_own_connection(self, stmt: Executable) -> Sequence[Any]:
        async with self.engine.connect() as conn:
            if self.customer_scope is not None:
                await conn.execute(tenant.enter(self.customer_scope))
            rows = (await conn.execute(stmt)).all()
            await conn.rollback()
            return rows

    async def enter_scope(self, session: AsyncSession) -> None:
        """Read the rest of a mutation's payload as the partner (nothing for staff)."""
        if self.customer_scope is not None:
            await session.execute(tenant.enter(self.customer_scope))

    async def leave_scope(self, session: AsyncSession) -> None:
        """Back to the owner, whose commit writes the audit and outbox rows."""
        if self.customer_scope is not None:
            await session.execute(tenant.LEAVE)

    def may_retry(self, error: DBAPIError) -> bool:
        """A dead connection found by its first statement, outside a transaction."""
        return error.connection_invalidated and not self.proven and not self.in_transaction

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session on this connection for one transaction; the caller begins and ends it."""
        conn = await self.connection()
        if self._autocommit:
            await self._set_autocommit(conn, False)
        if self._scoped:  # the partner's read transaction: it wrote nothing
            await conn.rollback()
            self._scoped = False
        self.in_transaction = True
        session = AsyncSession(bind=conn, expire_on_commit=False)
        try:
            yield session
        finally:
            self.in_transaction = False
            await session.close()
            self._scoped = False  # whatever the session ended, it ended the transaction

    async def discard(self) -> None:
        """Give up the current connection (dead, or in an unknown state)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.invalidate()
                await conn.close()
            except Exception:  # it is gone either way
                log.debug("discarding a connection failed", exc_info=True)

    async def release(self) -> None:
        """Return the connection to the pool: the end of the request."""
        async with self.lock:  # after the statement in flight, if any
            self._released = True
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except Exception:  # a connection lost meanwhile: the pool replaces it
                log.warning("could not return a request's connection", exc_info=True)

    async def _set_autocommit(self, conn: AsyncConnection, on: bool) -> None:
        if conn.in_transaction():
            await conn.rollback()  # an autobegun, empty one: nothing is sent in autocommit
        level = AUTOCOMMIT if on else self.engine.dialect.default_isolation_level
        await conn.execution_options(isolation_level=level)
        self._autocommit = on
