"""Inputs of webhook endpoint mutations."""

import strawberry

from backend.domain import webhooks
from backend.schema.webhooks.types import WebhookEventType


@strawberry.input
class CreateWebhookEndpointInput:
    url: str
    secret: str = strawberry.field(
        description="Key of the HMAC-SHA256 signature (X-ERP-Signature); 16 characters or more. "
        "It is never shown again."
    )
    event_types: list[WebhookEventType]
    max_attempts: int = webhooks.DEFAULT_MAX_ATTEMPTS
    retry_delay_seconds: float = webhooks.DEFAULT_RETRY_DELAY_SECONDS


@strawberry.input
class UpdateWebhookEndpointInput:
    id: strawberry.ID
    url: str | None = None
    secret: str | None = None
    event_types: list[WebhookEventType] | None = None
    max_attempts: int | None = None
    retry_delay_seconds: float | None = None
    active: bool | None = None
