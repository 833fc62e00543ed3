"""Scheduled quality jobs: expiry (statuses, alerts, shelf life) and recall reminders.

The server runs them every `JOB_INTERVAL_SECONDS`; `erp jobs run-once` runs them once.
Several processes may run them at once: each takes a transaction-level advisory lock
and skips the round if another holds it, and the jobs lock their rows SKIP LOCKED.
"""

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.engine import create_sessionmaker
from backend.domain.inventory.expiry import ExpiryRun, run_expiry
from backend.domain.quality.reminders import remind_overdue
from backend.domain.tx import transaction

log = logging.getLogger(__name__)

JOBS_LOCK = 0x4A4F4253  # "JOBS"
JOB_INTERVAL_SECONDS = 3600.0


@dataclass(frozen=True)
class JobsRun:
    ran: bool
    expiry: ExpiryRun | None = None
    reminders: int = 0


async def run_once(engine: AsyncEngine) -> JobsRun:
    sessions = create_sessionmaker(engine)
    async with transaction(sessions) as session:
        locked = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"),
                                      {"k": JOBS_LOCK})
        if not locked:
            return JobsRun(ran=False)
        expiry = await run_expiry(session)
        reminders = await remind_overdue(session)
    return JobsRun(ran=True, expiry=expiry, reminders=reminders)


async def run_forever(engine: AsyncEngine, interval: float = JOB_INTERVAL_SECONDS) -> None:
    while True:
        try:
            result = await run_once(engine)
            if result.ran:
                log.info("quality jobs: %s, %d reminders", result.expiry, result.reminders)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("quality jobs failed; retrying next round")
        await asyncio.sleep(interval)
