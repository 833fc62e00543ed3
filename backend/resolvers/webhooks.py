"""Root reads of webhook endpoints and the delivery log with every attempt."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from backend.api.pagination import Page, SortKey
from backend.db import models
from backend.resolvers.context import Context
from backend.resolvers.reading import page

endpoints_t = models.WebhookEndpoint.__table__
deliveries_t = models.WebhookDelivery.__table__
attempts_t = models.WebhookAttempt.__table__
events_t = models.OutboxEvent.__table__

# Newest first: the log is read to see what just happened.
DELIVERY_ORDER = SortKey((deliveries_t.c.id,), descending=True)
DELIVERY_ROWS = select(
    deliveries_t.c.id, deliveries_t.c.endpoint_id, deliveries_t.c.event_id,
    deliveries_t.c.status, deliveries_t.c.attempts, deliveries_t.c.next_attempt_at,
    deliveries_t.c.created_at, deliveries_t.c.delivered_at, events_t.c.topic,
).join(events_t, events_t.c.id == deliveries_t.c.event_id)


@dataclass(frozen=True)
class DeliveryRows:
    """A delivery's row and the rows of its attempts, oldest first."""

    delivery: Any
    attempts: list[Any]


async def endpoints(context: Context) -> list[Any]:
    return list(await context.loaders.rows(select(endpoints_t).order_by(endpoints_t.c.id)))


async def deliveries(
    context: Context,
    first: int | None,
    after: str | None,
    endpoint_id: int | None,
    statuses: list[str],
) -> Page:
    stmt = DELIVERY_ROWS
    if endpoint_id is not None:
        stmt = stmt.where(deliveries_t.c.endpoint_id == endpoint_id)
    if statuses:
        stmt = stmt.where(deliveries_t.c.status.in_(statuses))
    found = await page(context, stmt, DELIVERY_ORDER, first, after)
    attempts = await _attempts(context, [row.id for row in found.rows])
    return found.map_rows(lambda row: DeliveryRows(row, attempts[row.id]))


async def delivery(context: Context, delivery_id: int) -> DeliveryRows | None:
    rows = await context.loaders.rows(DELIVERY_ROWS.where(deliveries_t.c.id == delivery_id))
    if not rows:
        return None
    return DeliveryRows(rows[0], (await _attempts(context, [delivery_id]))[delivery_id])


async def _attempts(context: Context, delivery_ids: list[int]) -> dict[int, list[Any]]:
    """The attempts of a page of deliveries, in one query."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    if delivery_ids:
        stmt = (
            select(attempts_t)
            .where(attempts_t.c.delivery_id.in_(delivery_ids))
            .order_by(attempts_t.c.delivery_id, attempts_t.c.id)
        )
        for row in await context.loaders.rows(stmt):
            grouped[row.delivery_id].append(row)
    return grouped
