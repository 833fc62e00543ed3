"""EPCIS capture jobs (`POST /epcis/capture`) and the event ids they captured."""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column


class EpcisCapture(Base):
    """One captured EPCISDocument: running until its one transaction ends, then success or
    the errors (each naming its eventID)."""

    __tablename__ = "epcis_captures"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    running: Mapped[bool] = mapped_column(Boolean, default=True)
    success: Mapped[bool | None] = mapped_column(Boolean)
    event_count: Mapped[int] = mapped_column(Integer)
    captured_count: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)


class EpcisCapturedEvent(Base):
    """An eventID once captured: sending the same event again is skipped, not applied twice."""

    __tablename__ = "epcis_captured_events"

    event_id: Mapped[str] = mapped_column(Text, primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("epcis_captures.id", ondelete="CASCADE"))
