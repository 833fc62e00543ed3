"""Inputs of orders and approvals."""

from datetime import date
from decimal import Decimal

import strawberry

from backend.schema.common_inputs import SignatureInput
from backend.schema.customfields.inputs import CustomFieldValueInput


@strawberry.input
class OrderLineInput:
    product_id: strawberry.ID
    quantity: int
    unit_price: Decimal | None = strawberry.field(
        default=None, description="Omit to take the price list's price."
    )
    discount_percent: Decimal | None = None



@strawberry.input
class CreateSalesOrderInput:
    customer_id: strawberry.ID
    lines: list[OrderLineInput]
    customer_reference: str | None = None
    requested_delivery_date: date | None = None
    idempotency_key: str | None = None
    custom_fields: list[CustomFieldValueInput] | None = None



@strawberry.input
class DecideApprovalInput:
    order_id: strawberry.ID
    approve: bool
    signature: SignatureInput
    comment: str | None = None


@strawberry.input
class CreateQuoteInput:
    customer_id: strawberry.ID
    valid_until: date
    lines: list[OrderLineInput]
    customer_reference: str | None = None
    idempotency_key: str | None = None


@strawberry.input
class ConvertQuoteInput:
    quote_id: strawberry.ID
    idempotency_key: str | None = None
