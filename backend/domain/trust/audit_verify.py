"""Walking the audit chain from its first event and naming the first one that does not fit.

A changed row no longer matches its own hash; a deleted, inserted or reordered
row breaks the link to its neighbour's hash; a row appended with a valid link but
an earlier date than its predecessor's is a back-dated insertion (events are dated
when they are chained, so dates never fall along the chain; see `audit`). Either
way the walk stops there.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import AuditEvent
from backend.domain.rules.hashchain import GENESIS, link_problem
from backend.domain.trust.audit import audit_fields

BATCH = 2000


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


async def verify_chain(session: AsyncSession) -> ChainReport:
    expected_prev = GENESIS
    previous_at = None
    checked = 0
    last_id = 0
    while True:
        batch = select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id)
        events = (await session.scalars(batch.limit(BATCH))).all()
        if not events:
            return ChainReport(checked)
        for event in events:
            problem = link_problem(expected_prev, event.prev_hash, event.hash, audit_fields(event))
            if problem is None and previous_at is not None and event.occurred_at < previous_at:
                problem = ("it is dated before the event preceding it "
                           "(an event was inserted back-dated)")
            if problem is not None:
                return ChainReport(checked, event.id, problem)
            expected_prev, previous_at = event.hash, event.occurred_at
            checked += 1
        last_id = events[-1].id
        session.expunge_all()  # keep memory flat on long chains
