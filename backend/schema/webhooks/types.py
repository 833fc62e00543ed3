"""Webhook endpoints, their deliveries and the attempts of each delivery (ADMIN only)."""

from datetime import datetime
from enum import Enum
from typing import Any, Self

import strawberry

from backend.db.models.integrations import DeliveryStatus
from backend.domain.trust import outbox
from backend.resolvers.webhooks import DeliveryRows
from backend.schema.base import FromRow, Node

strawberry.enum(DeliveryStatus, name="WebhookDeliveryStatus")
WebhookDeliveryStatus = DeliveryStatus


@strawberry.enum(description="Events an endpoint can receive; the value is the `type` sent.")
class WebhookEventType(Enum):
    STOCK_CHANGED = outbox.STOCK_CHANGED
    STOCK_RESERVED = outbox.STOCK_RESERVED
    ORDER_STATUS_CHANGED = outbox.ORDER_STATUS_CHANGED
    RECALL_INITIATED = outbox.RECALL_INITIATED


@strawberry.type
class WebhookEndpoint(FromRow, Node):
    url: str
    active: bool
    max_attempts: int = strawberry.field(
        description="Attempts before a delivery is dead-lettered (status DEAD)."
    )
    retry_delay_seconds: float = strawberry.field(
        description="Wait before the second attempt; it doubles after each further failure, "
        "up to an hour."
    )
    created_at: datetime
    topics: strawberry.Private[list[str]]

    @strawberry.field
    def event_types(self) -> list[WebhookEventType]:
        return [WebhookEventType(topic) for topic in self.topics]

    @classmethod
    def from_model(cls, endpoint: Any) -> Self:
        return cls.from_values(
            pk=endpoint.id,
            url=endpoint.url,
            active=endpoint.active,
            max_attempts=endpoint.max_attempts,
            retry_delay_seconds=endpoint.retry_delay_seconds,
            created_at=endpoint.created_at,
            topics=list(endpoint.event_types),
        )


@strawberry.type
class WebhookAttempt(FromRow):
    attempted_at: datetime
    succeeded: bool
    response_status: int | None = strawberry.field(
        description="The receiver's HTTP status; null when it did not answer."
    )
    error: str | None
    duration_ms: int


@strawberry.type
class WebhookDelivery(FromRow, Node):
    status: WebhookDeliveryStatus
    attempt_count: int
    event_id: str = strawberry.field(
        description="Sent as X-ERP-Event-Id; the same on every attempt."
    )
    event_type: WebhookEventType
    next_attempt_at: datetime | None = strawberry.field(description="Set while PENDING.")
    created_at: datetime
    delivered_at: datetime | None
    endpoint_id: strawberry.Private[int]
    attempts: list[WebhookAttempt] = strawberry.field(description="Oldest first.")

    @classmethod
    def of(cls, rows: DeliveryRows) -> Self:
        row = rows.delivery
        status = DeliveryStatus(row.status)
        return cls.from_values(
            pk=row.id,
            status=status,
            attempt_count=row.attempts,
            event_id=str(row.event_id),
            event_type=WebhookEventType(row.topic),
            next_attempt_at=row.next_attempt_at if status is DeliveryStatus.PENDING else None,
            created_at=row.created_at,
            delivered_at=row.delivered_at,
            endpoint_id=row.endpoint_id,
            attempts=WebhookAttempt.many(rows.attempts),
        )
