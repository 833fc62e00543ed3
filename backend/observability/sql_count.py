"""Counting the SQL statements an engine sends, for benchmarks and tests.

Every statement that reaches PostgreSQL over the engine's connections is
counted: SQLAlchemy's statements by its cursor hook, and BEGIN, COMMIT,
ROLLBACK and pool pings (which asyncpg sends outside any cursor) by asyncpg's
query loggers, added to each connection while it is checked out.

A server counts only when `ERP_SQL_COUNT_DIR` names a directory
(`bench/order_flow.py` sets it); the count is then written to `<dir>/<pid>` a
few times a second, so that a benchmark can sum the figures of every worker
process. Tests attach a `StatementCounter` to an engine for a while.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

ENV = "ERP_SQL_COUNT_DIR"
WRITE_EVERY_SECONDS = 0.2


class StatementCounter:
    """Counts the statements of one engine; with `keep`, keeps (connection, text) of each."""

    def __init__(self, *, keep: bool = False) -> None:
        self.count = 0
        self.statements: list[tuple[int, str]] | None = [] if keep else None
        self._engine: AsyncEngine | None = None
        self._loggers: dict[int, Any] = {}

    def _add(self, connection: int, statement: str) -> None:
        self.count += 1
        if self.statements is not None:
            self.statements.append((connection, statement))

    def _cursor(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self._add(id(conn.connection.driver_connection), statement)

    def _checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        driver = dbapi_connection.driver_connection
        key = id(driver)
        if key not in self._loggers:
            self._loggers[key] = logger = functools.partial(self._logged, key)
            driver.add_query_logger(logger)

    def _logged(self, key: int, record: Any) -> None:
        self._add(key, record.query)

    def _checkin(self, dbapi_connection: Any, _record: Any) -> None:
        if dbapi_connection is not None:
            driver = dbapi_connection.driver_connection
            logger = self._loggers.pop(id(driver), None)
            if logger is not None:
                driver.remove_query_logger(logger)

    def attach(self, engine: AsyncEngine) -> StatementCounter:
        self._engine = engine
        sync = engine.sync_engine
        event.listen(sync, "before_cursor_execute", self._cursor)
        event.listen(sync.pool, "checkout", self._checkout)
        event.listen(sync.pool, "checkin", self._checkin)
        return self

    def detach(self) -> None:
        if self._engine is None:
            return
        sync = self._engine.sync_engine
        event.remove(sync, "before_cursor_execute", self._cursor)
        event.remove(sync.pool, "checkout", self._checkout)
        event.remove(sync.pool, "checkin", self._checkin)
        self._engine = None


def install(engine: AsyncEngine) -> None:
    """Count a server's statements into `$ERP_SQL_COUNT_DIR/<pid>`, if that is set."""
    directory = os.environ.get(ENV)
    if not directory:
        return
    counter = StatementCounter().attach(engine)
    path = Path(directory) / str(os.getpid())

    def write_forever() -> None:
        written = -1
        stop = threading.Event()
        while not stop.wait(WRITE_EVERY_SECONDS):
            if counter.count != written:
                written = counter.count
                tmp = path.with_suffix(".tmp")
                tmp.write_text(str(written))
                tmp.replace(path)

    threading.Thread(target=write_forever, name="sql-count", daemon=True).start()
