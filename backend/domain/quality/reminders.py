"""Reminding customers of recall notices past their due time: at most once a day each."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import RecallNotice
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction

NOTICE_OVERDUE = "recall.notice_overdue"
REMIND_EVERY = timedelta(days=1)


async def remind_overdue(session: AsyncSession, *, now: datetime | None = None) -> int:
    """Count a reminder on every overdue notice not reminded in the last day; announce each.
    Rows another process is reminding are skipped (SKIP LOCKED)."""
    now = now or datetime.now(UTC)
    notices = list(await session.scalars(
        select(RecallNotice).where(
            RecallNotice.acknowledged_at.is_(None), RecallNotice.due_at < now,
            (RecallNotice.last_reminded_at.is_(None))
            | (RecallNotice.last_reminded_at <= now - REMIND_EVERY),
        ).order_by(RecallNotice.id).with_for_update(skip_locked=True)
    ))
    for notice in notices:
        before = notice.reminders_sent
        notice.reminders_sent, notice.last_reminded_at = before + 1, now
        await session.flush()
        await audit.record(session, actor_id=None, action=AuditAction.RECALL_REMINDED,
                           entity_type="Recall", entity_id=notice.recall_id,
                           changes={"reminders_sent": (before, notice.reminders_sent),
                                    **audit.created(customer_id=notice.customer_id)})
        await outbox.emit(session, topic=NOTICE_OVERDUE, aggregate_type="Recall",
                          aggregate_id=notice.recall_id, customer_id=notice.customer_id,
                          payload={"notice_id": notice.id, "recall_id": notice.recall_id,
                                   "reminders_sent": notice.reminders_sent})
    return len(notices)
