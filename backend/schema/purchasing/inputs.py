"""Inputs of the approved supplier list."""

from datetime import date
from decimal import Decimal

import strawberry

from backend.enums import SupplierQualificationStatus
from backend.schema.common_inputs import SignatureInput


@strawberry.input
class RegisterSupplierInput:
    code: str
    name: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2.")
    payment_terms_days: int | None = None
    idempotency_key: str | None = None


@strawberry.input(description="QA_MANAGER, e-signed. The product list replaces the previous one.")
class SetSupplierQualificationInput:
    supplier_id: strawberry.ID
    status: SupplierQualificationStatus
    product_ids: list[strawberry.ID]
    signature: SignatureInput
    valid_until: date | None = strawberry.field(
        default=None, description="Required for QUALIFIED and CONDITIONAL; not in the past.")
    note: str | None = None


@strawberry.input
class GrantSupplierOverrideInput:
    supplier_id: strawberry.ID
    product_id: strawberry.ID
    max_quantity: int
    valid_until: date
    reason: str
    signature: SignatureInput
    idempotency_key: str | None = None


@strawberry.input(description="Creates the price, or replaces the one with the same supplier, "
                  "product and validFrom.")
class SetSupplierPriceInput:
    supplier_id: strawberry.ID
    product_id: strawberry.ID
    unit_price: Decimal
    lead_time_days: int
    currency: str | None = None
    minimum_order_quantity: int | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@strawberry.input
class PurchaseOrderLineInput:
    quantity: int
    product_id: strawberry.ID | None = None
    unit_price: Decimal | None = strawberry.field(
        default=None, description="Omit to take the supplier's valid price.")
    expected_on: date | None = strawberry.field(
        default=None, description="Omit for today + the supplier's lead time.")
    requisition_line_id: strawberry.ID | None = None


@strawberry.input
class CreatePurchaseOrderInput:
    supplier_id: strawberry.ID
    warehouse_id: strawberry.ID
    lines: list[PurchaseOrderLineInput]
    supplier_override_id: strawberry.ID | None = None
    note: str | None = None
    idempotency_key: str | None = None


@strawberry.input
class PurchaseOrderActionInput:
    purchase_order_id: strawberry.ID
    reason: str | None = strawberry.field(default=None, description="Required to cancel or close.")
