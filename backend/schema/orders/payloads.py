"""Payloads of order and quote mutations."""

import strawberry

from backend.schema.common import UserError
from backend.schema.orders.types import Quote, SalesOrder


@strawberry.type
class SalesOrderPayload:
    order: SalesOrder | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class QuotePayload:
    quote: Quote | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
