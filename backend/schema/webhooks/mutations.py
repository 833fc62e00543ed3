"""Registering webhook endpoints and retrying dead-lettered deliveries (ADMIN only)."""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain import webhooks
from backend.domain.actor import Actor
from backend.resolvers import webhooks as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires
from backend.schema.webhooks.inputs import CreateWebhookEndpointInput, UpdateWebhookEndpointInput
from backend.schema.webhooks.payloads import (
    DeleteWebhookEndpointPayload,
    WebhookDeliveryPayload,
    WebhookEndpointPayload,
)
from backend.schema.webhooks.types import WebhookDelivery, WebhookEndpoint


@strawberry.mutation(extensions=requires("webhooks.manage"))
async def create_webhook_endpoint(
    info: Info, input: CreateWebhookEndpointInput
) -> WebhookEndpointPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        endpoint = await webhooks.create_endpoint(
            s, actor=actor, url=input.url, secret=input.secret,
            event_types=[t.value for t in input.event_types],
            max_attempts=input.max_attempts, retry_delay_seconds=input.retry_delay_seconds,
        )
        return {"endpoint": endpoint}

    outcome = await run_mutation(info.context, action, operation="createWebhookEndpoint")
    return payload(WebhookEndpointPayload, outcome, endpoint=WebhookEndpoint.from_model)


@strawberry.mutation(extensions=requires("webhooks.manage"))
async def update_webhook_endpoint(
    info: Info, input: UpdateWebhookEndpointInput
) -> WebhookEndpointPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        endpoint = await webhooks.update_endpoint(
            s, actor=actor, endpoint_id=input_pk(input.id, "WebhookEndpoint", ("input", "id")),
            url=input.url, secret=input.secret,
            event_types=None if input.event_types is None
            else [t.value for t in input.event_types],
            max_attempts=input.max_attempts, retry_delay_seconds=input.retry_delay_seconds,
            active=input.active,
        )
        return {"endpoint": endpoint}

    outcome = await run_mutation(info.context, action, operation="updateWebhookEndpoint")
    return payload(WebhookEndpointPayload, outcome, endpoint=WebhookEndpoint.from_model)


@strawberry.mutation(
    description="Removes the endpoint and its delivery history.",
    extensions=requires("webhooks.manage"),
)
async def delete_webhook_endpoint(info: Info, id: strawberry.ID) -> DeleteWebhookEndpointPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        endpoint_id = input_pk(id, "WebhookEndpoint", ("id",))
        await webhooks.delete_endpoint(s, actor=actor, endpoint_id=endpoint_id)
        return {"deleted_id": id}

    return payload(DeleteWebhookEndpointPayload, await run_mutation(
        info.context, action, operation="deleteWebhookEndpoint"
    ))


@strawberry.mutation(
    description="Sends a dead-lettered (DEAD) delivery once more.",
    extensions=requires("webhooks.manage"),
)
async def retry_webhook_delivery(info: Info, id: strawberry.ID) -> WebhookDeliveryPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        delivery_id = input_pk(id, "WebhookDelivery", ("id",))
        delivery = await webhooks.retry_delivery(s, actor=actor, delivery_id=delivery_id)
        return {"delivery": delivery.id}

    outcome = await run_mutation(info.context, action, operation="retryWebhookDelivery")
    if outcome.problems:
        return payload(WebhookDeliveryPayload, outcome)
    rows = await reads.delivery(info.context, outcome.values["delivery"])
    return WebhookDeliveryPayload(delivery=None if rows is None else WebhookDelivery.of(rows))
