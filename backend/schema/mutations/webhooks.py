"""Registering webhook endpoints and retrying dead-lettered deliveries (ADMIN only)."""

from typing import Any

import strawberry
from sqlalchemy import select

from backend.db import models
from backend.domain import webhooks
from backend.enums import Role
from backend.resolvers.mutations import run_mutation
from backend.schema.ids import pk_of
from backend.schema.payloads import UserError
from backend.schema.types.webhooks import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)

ADMIN = (Role.ADMIN,)


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


@strawberry.type
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteWebhookEndpointPayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookMutations:
    @strawberry.mutation
    async def create_webhook_endpoint(
        self, info: strawberry.Info, input: CreateWebhookEndpointInput
    ) -> WebhookEndpointPayload:
        async def action(s, actor):  # type: ignore[no-untyped-def]
            endpoint = await webhooks.create_endpoint(
                s, actor=actor, url=input.url, secret=input.secret,
                event_types=[t.value for t in input.event_types],
                max_attempts=input.max_attempts, retry_delay_seconds=input.retry_delay_seconds,
            )
            return {"endpoint": WebhookEndpoint.from_model(endpoint)}

        return await run_mutation(info, WebhookEndpointPayload, action, roles=ADMIN,
                                  operation="createWebhookEndpoint")

    @strawberry.mutation
    async def update_webhook_endpoint(
        self, info: strawberry.Info, input: UpdateWebhookEndpointInput
    ) -> WebhookEndpointPayload:
        endpoint_id = pk_of(input.id, "WebhookEndpoint", argument="input.id")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            endpoint = await webhooks.update_endpoint(
                s, actor=actor, endpoint_id=endpoint_id, url=input.url, secret=input.secret,
                event_types=None if input.event_types is None
                else [t.value for t in input.event_types],
                max_attempts=input.max_attempts, retry_delay_seconds=input.retry_delay_seconds,
                active=input.active,
            )
            return {"endpoint": WebhookEndpoint.from_model(endpoint)}

        return await run_mutation(info, WebhookEndpointPayload, action, roles=ADMIN,
                                  operation="updateWebhookEndpoint")

    @strawberry.mutation(description="Removes the endpoint and its delivery history.")
    async def delete_webhook_endpoint(
        self, info: strawberry.Info, id: strawberry.ID
    ) -> DeleteWebhookEndpointPayload:
        endpoint_id = pk_of(id, "WebhookEndpoint")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            await webhooks.delete_endpoint(s, actor=actor, endpoint_id=endpoint_id)
            return {"deleted_id": id}

        return await run_mutation(info, DeleteWebhookEndpointPayload, action, roles=ADMIN,
                                  operation="deleteWebhookEndpoint")

    @strawberry.mutation(description="Sends a dead-lettered (DEAD) delivery once more.")
    async def retry_webhook_delivery(
        self, info: strawberry.Info, id: strawberry.ID
    ) -> WebhookDeliveryPayload:
        delivery_id = pk_of(id, "WebhookDelivery")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            delivery = await webhooks.retry_delivery(s, actor=actor, delivery_id=delivery_id)
            return {"delivery": await _delivery(s, delivery.id)}

        return await run_mutation(info, WebhookDeliveryPayload, action, roles=ADMIN,
                                  operation="retryWebhookDelivery")


async def _delivery(session: Any, delivery_id: int) -> WebhookDelivery:
    d, e, a = models.WebhookDelivery, models.OutboxEvent, models.WebhookAttempt
    row = (await session.execute(
        select(d.id, d.endpoint_id, d.event_id, d.status, d.attempts, d.next_attempt_at,
               d.created_at, d.delivered_at, e.topic)
        .join(e, e.id == d.event_id).where(d.id == delivery_id)
    )).one()
    attempts = (await session.execute(
        select(a.__table__).where(a.delivery_id == delivery_id).order_by(a.id)
    )).all()
    return WebhookDelivery.from_delivery_row(row, [WebhookAttempt.from_row(r) for r in attempts])
