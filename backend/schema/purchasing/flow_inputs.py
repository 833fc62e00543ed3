"""Inputs of reorder points, planning, requisitions, approvals and purchasing settings."""

from datetime import date
from decimal import Decimal

import strawberry

from backend.enums import Role
from backend.schema.common_inputs import SignatureInput


@strawberry.input(description="minQuantity 0 and maxQuantity 0 remove it.")
class SetReorderPointInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    min_quantity: int
    max_quantity: int


@strawberry.input
class RunPurchasePlanningInput:
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None, description="All warehouses when omitted.")


@strawberry.input
class RequisitionLineInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    quantity: int
    needed_by: date | None = None
    supplier_id: strawberry.ID | None = None
    replenishment_request_id: strawberry.ID | None = strawberry.field(
        default=None, description="Covers this backorder; the source is then BACKORDER.")


@strawberry.input
class CreatePurchaseRequisitionInput:
    lines: list[RequisitionLineInput]
    note: str | None = None
    idempotency_key: str | None = None


@strawberry.input
class PurchaseRequisitionActionInput:
    requisition_id: strawberry.ID
    reason: str | None = strawberry.field(default=None, description="Required to cancel.")


@strawberry.input
class SetPurchaseApprovalRuleInput:
    code: str
    description: str
    threshold: Decimal
    required_role: Role
    active: bool


@strawberry.input
class DecidePurchaseApprovalInput:
    document_id: strawberry.ID = strawberry.field(
        description="A PurchaseRequisition or PurchaseOrder id.")
    approve: bool
    signature: SignatureInput
    comment: str | None = None


@strawberry.input
class UpdatePurchasingSettingsInput:
    over_receipt_tolerance_percent: Decimal | None = None
    price_tolerance_percent: Decimal | None = None
