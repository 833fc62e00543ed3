"""Payloads of invoice and payment mutations."""

from decimal import Decimal

import strawberry

from backend.schema.common import UserError
from backend.schema.finance.payments import CustomerPayment
from backend.schema.finance.types import Invoice


@strawberry.type
class InvoicePayload:
    invoice: Invoice | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PaymentPayload:
    invoices: list[Invoice] = strawberry.field(default_factory=list)
    unapplied_amount: Decimal = Decimal("0.00")
    payment: CustomerPayment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
