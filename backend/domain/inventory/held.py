"""Which serials an active quality hold covers: they stay in stock, never allocated."""

from sqlalchemy import ColumnElement, exists, select

from backend.db.models import QualityHold, QualityHoldSerial, Serial
from backend.enums import QualityHoldStatus


def not_held() -> ColumnElement[bool]:
    """True for a `Serial` row no active hold names."""
    return ~exists(
        select(QualityHoldSerial.serial_id)
        .join(QualityHold, QualityHold.id == QualityHoldSerial.hold_id)
        .where(QualityHoldSerial.serial_id == Serial.id,
               QualityHold.status == QualityHoldStatus.ACTIVE)
    )
