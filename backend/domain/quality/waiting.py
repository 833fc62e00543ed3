"""How long a lot has waited for QA: the quarantine queue's ageing."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from backend.enums import LotStatus, QualityHoldStatus

WAITING = (LotStatus.QUARANTINE, LotStatus.ON_HOLD)


def waiting_since(status: str, created_at: datetime, holds: Iterable[Any]) -> datetime | None:
    """When the lot began waiting: a lot is born in quarantine (receipt, production), so
    QUARANTINE counts from its creation; ON_HOLD from its oldest hold still active (its
    creation if none is on record). None for a lot that waits for nobody."""
    if status == LotStatus.QUARANTINE:
        return created_at
    if status == LotStatus.ON_HOLD:
        placed = [h.placed_at for h in holds if h.status == QualityHoldStatus.ACTIVE]
        return min(placed, default=created_at)
    return None


def whole_days(since: datetime | None, now: datetime | None = None) -> int | None:
    """Full days elapsed (0 on the first day)."""
    if since is None:
        return None
    return max(0, ((now or datetime.now(UTC)) - since).days)
