"""Retention: removing old outbox events that every reader is done with.

Only a prefix of the outbox is removed (ids up to a horizon), and the horizon is
recorded, so a subscription resuming from a newer cursor reads on as before
while one resuming from a pruned cursor is told so instead of silently missing
events.
"""

from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.events.store import PRUNED
from backend.events.webhooks import DISPATCH_POSITION

# The highest id such that every event up to it is older than the cutoff, has been
# passed by the webhook dispatcher, and has no delivery still pending.
HORIZON = text(
    """
    SELECT least(
        (SELECT coalesce(min(id) - 1, (SELECT coalesce(max(id), 0) FROM outbox_events))
           FROM outbox_events WHERE occurred_at >= :cutoff),
        coalesce((SELECT event_id FROM outbox_positions WHERE name = :dispatch),
                 (SELECT min(starts_after_event_id) FROM webhook_endpoints WHERE active),
                 (SELECT coalesce(max(id), 0) FROM outbox_events)),
        (SELECT coalesce(min(event_id) - 1, 9223372036854775807)
           FROM webhook_deliveries WHERE status = 'PENDING')
    )
    """
)
DELETE_THROUGH = text("DELETE FROM outbox_events WHERE id <= :horizon")
RECORD_HORIZON = text(
    """
    INSERT INTO outbox_positions (name, event_id) VALUES (:name, :horizon)
    ON CONFLICT (name) DO UPDATE SET event_id = greatest(outbox_positions.event_id, :horizon)
    """
)


def parse_age(value: str) -> timedelta:
    """"30d", "12h", "90m", "45s" or "2w" as a duration."""
    units = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    number, unit = value[:-1], value[-1:].lower()
    if unit not in units or not number.isdigit():
        raise ValueError(f"{value!r} is not a duration like 30d, 12h, 90m or 45s")
    return timedelta(**{units[unit]: int(number)})


async def prune(engine: AsyncEngine, *, older_than: timedelta, now: datetime) -> tuple[int, int]:
    """Delete what retention allows; (events deleted, horizon id)."""
    async with engine.begin() as conn:
        horizon = int(
            await conn.scalar(
                HORIZON, {"cutoff": now - older_than, "dispatch": DISPATCH_POSITION}
            )
        )
        deleted = (await conn.execute(DELETE_THROUGH, {"horizon": horizon})).rowcount
        if deleted:
            await conn.execute(RECORD_HORIZON, {"name": PRUNED, "horizon": horizon})
        return deleted, horizon
