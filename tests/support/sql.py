"""Counting the SQL statements the server runs for a request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from starlette.applications import Starlette

# The server's own background work (outbox listener, webhook worker) shares the engine;
# requests never read those tables, so their statements are left out. So is the shared
# query-cost budget: a process takes a lease now and then, not a statement per request.
BACKGROUND = ("webhook", "outbox_", "rate_limit_buckets")


@contextmanager
def counting_statements(app: Starlette) -> Iterator[list[str]]:
    """The statements `app`'s engine runs inside the block, background work left out."""
    statements: list[str] = []
    engine = app.state.engine.sync_engine

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not any(word in statement for word in BACKGROUND):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
