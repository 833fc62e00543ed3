"""Starting and stopping the live-update machinery of a process.

A server process runs one outbox listener feeding the in-process hub (for
subscriptions) and a webhook worker; `erp worker` runs a listener and the
webhook worker without serving HTTP. Any number of either may share a database.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from backend.auth.sessions import forget_changed
from backend.db.embedded import to_libpq_url
from backend.domain.access_control import grants
from backend.events import jobs
from backend.events.document_signer import DocumentSigner
from backend.events.hub import EventHub
from backend.events.listener import OutboxListener
from backend.events.store import Event
from backend.events.waiting import wait_set
from backend.events.webhooks import WebhookWorker

log = logging.getLogger(__name__)

# How long startup waits for the listener before serving anyway (it keeps retrying).
CONNECT_WAIT_SECONDS = 10.0


def listener_dsn(engine: AsyncEngine) -> str:
    return to_libpq_url(engine.url.render_as_string(hide_password=False))


@contextlib.asynccontextmanager
async def running(*tasks: asyncio.Task[None]) -> AsyncIterator[None]:
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    """The per-process listener, the subscription hub and the in-server webhook worker."""
    engine: AsyncEngine = app.state.engine
    hub = EventHub(engine)
    worker = WebhookWorker(engine)
    signer = DocumentSigner(engine)

    def on_events(events: Sequence[Event]) -> None:
        # permissions as data: another process changed role permissions
        if any(e.topic == grants.ACCESS_CHANGED for e in events):
            grants.invalidate()
        # user administration: forget the changed users' cached account state
        forget_changed(app.state, events)
        hub.publish(events)
        worker.wake()
        signer.wake()

    listener = OutboxListener(listener_dsn(engine), on_events, on_notify=worker.wake)
    listening = asyncio.create_task(listener.run(), name="outbox-listener")
    delivering = asyncio.create_task(worker.run(), name="webhook-worker")
    # expiry and recall reminders on a schedule
    scheduled = asyncio.create_task(jobs.run_forever(engine), name="quality-jobs")
    signing = asyncio.create_task(signer.run(), name="document-signer")
    async with running(listening, delivering, scheduled, signing):
        # A database that refuses the first attempt is not waited for: the listener
        # keeps retrying in the background while the server starts.
        await wait_set(listener.attempted, CONNECT_WAIT_SECONDS)
        hub.start_at(listener.position or 0)
        await _load_grants(engine)
        app.state.events = hub
        app.state.outbox_listener = listener
        try:
            yield
        finally:
            # The cache is the process's: another app in it (tests run several, each on a
            # database of its own) reads its own tables again at its next check.
            grants.invalidate()


async def _load_grants(engine: AsyncEngine) -> None:
    """Role permissions read before the first request (which then costs no statement);
    a database not there yet leaves it to the first permission check."""
    try:
        async with engine.connect() as conn:
            await grants.ensure_fresh(conn)
    except (OSError, DBAPIError) as exc:
        log.warning("role permissions not read at startup (%s)", exc)


async def run_worker(engine: AsyncEngine) -> None:
    """`erp worker`: deliver webhooks until cancelled, woken by the outbox listener."""
    worker = WebhookWorker(engine)
    listener = OutboxListener(
        listener_dsn(engine), lambda _events: worker.wake(), on_notify=worker.wake
    )
    listening = asyncio.create_task(listener.run(), name="outbox-listener")
    try:
        await worker.run()
    finally:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening
