"""Inputs of invoices and payments."""

from datetime import date
from decimal import Decimal

import strawberry


@strawberry.input
class IssueInvoiceInput:
    order_id: strawberry.ID
    idempotency_key: str | None = None
    shipment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Invoice these invoiceable shipments of the order; omit for all of them "
                    "(PER_SHIPMENT) or the whole order (PER_ORDER).",
    )



@strawberry.input
class RecordPaymentInput:
    customer_id: strawberry.ID
    amount: Decimal
    received_on: date
    reference: str
    invoice_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Invoices to settle, oldest first; omit to settle the oldest open invoices.",
    )
    idempotency_key: str | None = None
