"""Payloads of reorder points, planning, requisitions, approvals and purchasing settings."""

import strawberry

from backend.schema.common import UserError
from backend.schema.purchasing.flow_types import (
    PurchaseApprovalRule,
    PurchaseRequisition,
    PurchasingSettings,
    ReorderPoint,
)
from backend.schema.purchasing.orders import PurchaseOrder


@strawberry.type
class ReorderPointPayload:
    reorder_point: ReorderPoint | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PurchaseRequisitionPayload:
    requisition: PurchaseRequisition | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PurchasePlanningPayload:
    requisitions: list[PurchaseRequisition] = strawberry.field(
        default_factory=list, description="DRAFT requisitions created for open PURCHASE "
        "backorders not yet covered and for reorder points below min.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PurchaseApprovalRulePayload:
    rule: PurchaseApprovalRule | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PurchaseApprovalPayload:
    requisition: PurchaseRequisition | None = None
    purchase_order: PurchaseOrder | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PurchasingSettingsPayload:
    settings: PurchasingSettings | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
