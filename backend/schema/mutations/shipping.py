"""Shipments and deliveries."""

from datetime import datetime

import strawberry

from backend.schema.inputs import CreateShipmentInput
from backend.schema.mutations.pending import pending
from backend.schema.payloads import ShipmentPayload


@strawberry.type
class ShippingMutations:
    @strawberry.mutation
    async def create_shipment(
        self, info: strawberry.Info, input: CreateShipmentInput
    ) -> ShipmentPayload:
        return await pending(info, "createShipment")

    @strawberry.mutation
    async def confirm_delivery(
        self, info: strawberry.Info, shipment_id: strawberry.ID, delivered_at: datetime | None = None
    ) -> ShipmentPayload:
        return await pending(info, "confirmDelivery")
