"""Operations registered by their sha256 (automatic persisted queries), and the shared
rate-limit buckets (backend/security/buckets.py)."""

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column


class PersistedQuery(Base):
    """A GraphQL document clients may run by hash; for partners, the list of what they may run."""

    __tablename__ = "persisted_queries"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()


class RateLimitBucket(Base):
    """A token bucket every server process shares: a cost budget or a login-failure limit.

    UNLOGGED (cheap updates; emptied after a crash, which only refills every bucket).
    """

    __tablename__ = "rate_limit_buckets"
    __table_args__ = {"prefixes": ["UNLOGGED"]}

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    # What the bucket's last take got (read back by RETURNING): 0 when refused.
    granted: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
