"""Root fields of webhook endpoints and the delivery log (ADMIN only)."""

import strawberry

from backend.api.ids import pk_of
from backend.db.models.integrations import DeliveryStatus
from backend.enums import Role
from backend.resolvers import webhooks as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.permissions import roles
from backend.schema.webhooks.types import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint


@strawberry.field(extensions=roles(Role.ADMIN))
async def webhook_endpoints(info: Info) -> list[WebhookEndpoint]:
    return [WebhookEndpoint.from_model(row) for row in await reads.endpoints(info.context)]


@strawberry.field(
    description="Deliveries, newest first, each with its attempts.", extensions=roles(Role.ADMIN)
)
async def webhook_deliveries(
    info: Info,
    endpoint_id: strawberry.ID | None = None,
    status: list[WebhookDeliveryStatus] | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[WebhookDelivery]:
    endpoint = None if endpoint_id is None else pk_of(endpoint_id, "WebhookEndpoint",
                                                      argument="endpointId")
    statuses = [DeliveryStatus(s).value for s in status or ()]
    page = await reads.deliveries(info.context, first, after, endpoint, statuses)
    return Connection.of(page, WebhookDelivery.of)
