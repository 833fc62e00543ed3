"""Payloads of shipping, transfer and return mutations."""

import strawberry

from backend.schema.common import UserError
from backend.schema.fulfilment.types import CustomerReturn, Shipment, StockTransfer


@strawberry.type
class ShipmentPayload:
    shipment: Shipment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class StockTransferPayload:
    transfer: StockTransfer | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CustomerReturnPayload:
    customer_return: CustomerReturn | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
