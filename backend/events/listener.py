"""The one LISTEN connection of a process: wakes on NOTIFY and reads what was committed.

NOTIFY only says "something was committed"; what is read is every outbox row
after the listener's position. A notification lost while the connection is down
loses nothing: after reconnecting, the listener reads from where it stopped.
A periodic read doubles as the health check of the connection.
"""

import asyncio
import logging
from collections.abc import Callable, Sequence

import asyncpg
import orjson

from backend.domain.trust.outbox import NOTIFY_CHANNEL
from backend.events.store import PAGE, SQL_AFTER, SQL_LAST_ID, Event
from backend.events.waiting import wait_set

log = logging.getLogger(__name__)

APPLICATION_NAME = "erp-outbox-listener"
POLL_SECONDS = 5.0
QUERY_TIMEOUT_SECONDS = 10.0
RECONNECT_MIN_SECONDS = 0.05
RECONNECT_MAX_SECONDS = 5.0


class OutboxListener:
    def __init__(
        self,
        dsn: str,
        on_events: Callable[[Sequence[Event]], None],
        *,
        poll_seconds: float = POLL_SECONDS,
        on_notify: Callable[[], None] | None = None,
    ) -> None:
        self.dsn = dsn
        self.on_events = on_events
        # Called on every notification, events or not (a webhook delivery made due again).
        self.on_notify = on_notify
        self.poll_seconds = poll_seconds
        # The last event handed on; None until the first connection says where "now" is.
        self.position: int | None = None
        self.connected = asyncio.Event()
        # Set once the first connection attempt has succeeded or failed.
        self.attempted = asyncio.Event()
        self._wake = asyncio.Event()

    async def run(self) -> None:
        """Listen until cancelled, reconnecting whenever the connection is lost."""
        delay = RECONNECT_MIN_SECONDS
        while True:
            try:
                await self._listen()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                log.warning("outbox listener lost its connection (%s); reconnecting", exc)
            self.attempted.set()
            if self.connected.is_set():
                self.connected.clear()
                delay = RECONNECT_MIN_SECONDS  # it was up: try again at once
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX_SECONDS)

    async def _listen(self) -> None:
        conn = await asyncpg.connect(
            self.dsn,
            server_settings={"application_name": APPLICATION_NAME},
            timeout=QUERY_TIMEOUT_SECONDS,
        )
        try:
            await conn.set_type_codec(
                "jsonb", schema="pg_catalog", encoder=orjson.dumps, decoder=orjson.loads,
                format="text",
            )
            conn.add_termination_listener(lambda _conn: self._wake.set())
            await conn.add_listener(NOTIFY_CHANNEL, lambda *_args: self._notified())
            if self.position is None:
                self.position = await conn.fetchval(SQL_LAST_ID, timeout=QUERY_TIMEOUT_SECONDS)
            self.connected.set()
            self.attempted.set()
            log.info("outbox listener connected at event %s", self.position)
            while True:
                self._wake.clear()
                await self._read(conn)  # also whatever was committed while disconnected
                await wait_set(self._wake, self.poll_seconds)
        finally:
            if not conn.is_closed():
                await _close(conn)

    def _notified(self) -> None:
        self._wake.set()
        if self.on_notify is not None:
            self.on_notify()

    async def _read(self, conn: asyncpg.Connection) -> None:
        assert self.position is not None
        while True:
            rows = await conn.fetch(SQL_AFTER, self.position, PAGE, timeout=QUERY_TIMEOUT_SECONDS)
            if not rows:
                return
            events = [Event(**row) for row in rows]
            self.position = events[-1].id
            self.on_events(events)
            if len(rows) < PAGE:
                return


async def _close(conn: asyncpg.Connection) -> None:
    try:
        async with asyncio.timeout(2):
            await conn.close()
    except (OSError, asyncpg.InterfaceError, TimeoutError):
        conn.terminate()
