"""The in-server document signer: signs field safety notices and documents shipments after
their transactions commit (see `backend.domain.standards.pending_documents`).

Woken by committed outbox events, and on a slow poll for whatever a stopped process left.
"""

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.engine import create_engine, create_sessionmaker
from backend.domain.standards.pending_documents import Round, run_round
from backend.domain.tx import transaction
from backend.events.waiting import wait_set

log = logging.getLogger(__name__)

POLL_SECONDS = 60.0


async def run_until_done(engine: AsyncEngine, *, rounds: int = 1000) -> int:
    """Rounds until nothing waits (or `rounds` ran); how many documents were made or signed."""
    sessions = create_sessionmaker(engine)
    total = 0
    for _ in range(rounds):
        async with transaction(sessions) as session:
            done: Round = await run_round(session)
        total += done.done
        if not done.done:
            break
    return total


class DocumentSigner:
    """Runs on a one-connection engine of its own: background signing never takes a
    request's pooled connection (nor shows in a request's statements)."""

    def __init__(self, engine: AsyncEngine, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.url = engine.url.render_as_string(hide_password=False)
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        engine = create_engine(self.url, pool_size=1)
        try:
            while True:
                self._wake.clear()
                try:
                    await run_until_done(engine)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("document signer failed; trying again on the next event")
                await wait_set(self._wake, self.poll_seconds)
        finally:
            await engine.dispose()
