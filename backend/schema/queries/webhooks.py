"""Webhook endpoints and the delivery log with every attempt (ADMIN only)."""

from collections import defaultdict
from typing import Any

import strawberry
from sqlalchemy import select

from backend.db import models
from backend.db.models.integrations import DeliveryStatus
from backend.enums import Role
from backend.schema.ids import pk_of
from backend.schema.pagination import Connection, SortKey, paginate
from backend.schema.types.webhooks import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)

endpoints_t = models.WebhookEndpoint.__table__
deliveries_t = models.WebhookDelivery.__table__
attempts_t = models.WebhookAttempt.__table__
events_t = models.OutboxEvent.__table__

# Newest first: the log is read to see what just happened.
DELIVERY_ORDER = SortKey((deliveries_t.c.id,), descending=True)


@strawberry.type
class WebhookQueries:
    @strawberry.field
    async def webhook_endpoints(self, info: strawberry.Info) -> list[WebhookEndpoint]:
        info.context.require_roles(Role.ADMIN)
        rows = await info.context.loaders.rows(select(endpoints_t).order_by(endpoints_t.c.id))
        return [WebhookEndpoint.from_model(row) for row in rows]

    @strawberry.field(description="Deliveries, newest first, each with its attempts.")
    async def webhook_deliveries(
        self,
        info: strawberry.Info,
        endpoint_id: strawberry.ID | None = None,
        status: list[WebhookDeliveryStatus] | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[WebhookDelivery]:
        info.context.require_roles(Role.ADMIN)
        stmt = select(
            deliveries_t.c.id, deliveries_t.c.endpoint_id, deliveries_t.c.event_id,
            deliveries_t.c.status, deliveries_t.c.attempts, deliveries_t.c.next_attempt_at,
            deliveries_t.c.created_at, deliveries_t.c.delivered_at, events_t.c.topic,
        ).join(events_t, events_t.c.id == deliveries_t.c.event_id)
        if endpoint_id is not None:
            endpoint = pk_of(endpoint_id, "WebhookEndpoint", argument="endpointId")
            stmt = stmt.where(deliveries_t.c.endpoint_id == endpoint)
        if status:
            stmt = stmt.where(deliveries_t.c.status.in_([DeliveryStatus(s).value for s in status]))
        page = await paginate(
            info.context.engine, stmt, sort=DELIVERY_ORDER, first=first, after=after,
            node=lambda row: row,
        )
        attempts = await _attempts(info, [edge.node.id for edge in page.edges])
        for edge in page.edges:
            edge.node = WebhookDelivery.from_delivery_row(
                edge.node, attempts[edge.node.id]
            )
        return page  # type: ignore[return-value]


async def _attempts(info: Any, delivery_ids: list[int]) -> dict[int, list[Any]]:
    """The attempts of a page of deliveries, in one query."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    if delivery_ids:
        stmt = (
            select(attempts_t)
            .where(attempts_t.c.delivery_id.in_(delivery_ids))
            .order_by(attempts_t.c.delivery_id, attempts_t.c.id)
        )
        for row in await info.context.loaders.rows(stmt):
            grouped[row.delivery_id].append(WebhookAttempt.from_row(row))
    return grouped
