"""Integrations: webhook endpoints, their deliveries and attempts, and outbox read positions."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    # Given up after the endpoint's maximum number of attempts; an admin may retry it.
    DEAD = "DEAD"


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        CheckConstraint("max_attempts BETWEEN 1 AND 50", name="max_attempts_range"),
        CheckConstraint("retry_delay_seconds > 0", name="retry_delay_positive"),
    )

    id: Mapped[int] = id_column()
    url: Mapped[str] = mapped_column(Text)
    # The HMAC key deliveries are signed with; never shown again after registration.
    secret: Mapped[str] = mapped_column(String(255))
    # Outbox topics sent to this endpoint.
    event_types: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    max_attempts: Mapped[int] = mapped_column(Integer)
    # The wait before the second attempt; it doubles after each further failure.
    retry_delay_seconds: Mapped[float] = mapped_column(Double)
    # Events up to this outbox id were committed before the endpoint existed and are not sent.
    starts_after_event_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class WebhookDelivery(Base):
    """One event for one endpoint: retried until delivered or dead."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        # What the delivery worker polls: due pending deliveries.
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("status = 'PENDING'"),
        ),
    )

    id: Mapped[int] = id_column()
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    # Pruning old events takes their delivery history along.
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox_events.id", ondelete="CASCADE"))
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus), server_default=DeliveryStatus.PENDING.value
    )
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = created_at_column()
    created_at: Mapped[datetime] = created_at_column()
    delivered_at: Mapped[datetime | None]


class WebhookAttempt(Base):
    __tablename__ = "webhook_attempts"

    id: Mapped[int] = id_column()
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE")
    )
    attempted_at: Mapped[datetime] = created_at_column()
    succeeded: Mapped[bool] = mapped_column(Boolean)
    # The receiver's HTTP status, or null when no answer came (refused, timed out).
    response_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer)


class OutboxPosition(Base):
    """How far a reader of the outbox has come, e.g. the webhook dispatcher; and pruning's mark."""

    __tablename__ = "outbox_positions"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(BigInteger)
