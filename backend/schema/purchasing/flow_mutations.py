"""Root mutations of reorder points, planning, requisitions, approvals and purchasing
settings."""

import dataclasses
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import Forbidden
from backend.api.ids import input_node, input_pk, optional_input_pk
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, NotAllowed
from backend.domain.purchasing import approval_decisions, approvals, planning, requisitions
from backend.domain.purchasing import settings as purchasing_settings
from backend.enums import Role
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires
from backend.schema.purchasing.flow_inputs import (
    CreatePurchaseRequisitionInput,
    DecidePurchaseApprovalInput,
    PurchaseRequisitionActionInput,
    RunPurchasePlanningInput,
    SetPurchaseApprovalRuleInput,
    SetReorderPointInput,
    UpdatePurchasingSettingsInput,
)
from backend.schema.purchasing.flow_payloads import (
    PurchaseApprovalPayload,
    PurchaseApprovalRulePayload,
    PurchasePlanningPayload,
    PurchaseRequisitionPayload,
    PurchasingSettingsPayload,
    ReorderPointPayload,
)
from backend.schema.purchasing.flow_types import PurchasingSettings

# Whoever an approval rule names may decide; the domain checks the rule's role.
APPROVERS = (Role.BUYER, Role.FINANCE, Role.SALES_MANAGER, Role.QA_MANAGER, Role.WAREHOUSE,
             Role.SALES, Role.QA_INSPECTOR)


@strawberry.mutation(extensions=requires("purchase.order"))
async def set_reorder_point(info: Info, input: SetReorderPointInput) -> ReorderPointPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        point = await planning.set_reorder_point(
            session, actor=actor,
            product_id=input_pk(input.product_id, "Product", ("input", "productId")),
            warehouse_id=input_pk(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            min_quantity=input.min_quantity, max_quantity=input.max_quantity)
        return {} if point is None else {"reorder_point": ref("ReorderPoint", point.id)}

    return payload(ReorderPointPayload, await run_mutation(
        info.context, action, operation="setReorderPoint"))


@strawberry.mutation(extensions=requires("purchase.order"))
async def run_purchase_planning(info: Info,
                                input: RunPurchasePlanningInput) -> PurchasePlanningPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        made = await planning.run_planning(
            session, actor=actor, warehouse_id=optional_input_pk(
                input.warehouse_id, "Warehouse", ("input", "warehouseId")))
        return {"requisitions": [ref("PurchaseRequisition", r.id) for r in made]}

    return payload(PurchasePlanningPayload, await run_mutation(
        info.context, action, operation="runPurchasePlanning"))


@strawberry.mutation(extensions=requires("purchase.order"))
async def create_purchase_requisition(
        info: Info, input: CreatePurchaseRequisitionInput) -> PurchaseRequisitionPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        def field(i: int, name: str) -> tuple[str, ...]:
            return ("input", "lines", str(i), name)

        made = await requisitions.create_requisition(
            session, actor=actor, note=input.note, lines=[
                requisitions.RequisitionLineRequest(
                    product_id=input_pk(line.product_id, "Product", field(i, "productId")),
                    warehouse_id=input_pk(line.warehouse_id, "Warehouse",
                                          field(i, "warehouseId")),
                    quantity=line.quantity, needed_by=line.needed_by,
                    supplier_id=optional_input_pk(line.supplier_id, "Supplier",
                                                  field(i, "supplierId")),
                    replenishment_request_id=optional_input_pk(
                        line.replenishment_request_id, "ReplenishmentRequest",
                        field(i, "replenishmentRequestId")),
                ) for i, line in enumerate(input.lines)])
        return {"requisition": ref("PurchaseRequisition", made.id)}

    return payload(PurchaseRequisitionPayload, await run_mutation(
        info.context, action, operation="createPurchaseRequisition",
        idempotency_key=input.idempotency_key, request=dataclasses.asdict(input)))


def _requisition_id(input: PurchaseRequisitionActionInput) -> int:
    return input_pk(input.requisition_id, "PurchaseRequisition", ("input", "requisitionId"))


@strawberry.mutation(extensions=requires("purchase.order"),
                     description="DRAFT -> APPROVED, or PENDING_APPROVAL where a rule applies.")
async def submit_purchase_requisition(
        info: Info, input: PurchaseRequisitionActionInput) -> PurchaseRequisitionPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        done = await requisitions.submit_requisition(session, actor=actor,
                                                     requisition_id=_requisition_id(input))
        return {"requisition": ref("PurchaseRequisition", done.id)}

    return payload(PurchaseRequisitionPayload, await run_mutation(
        info.context, action, operation="submitPurchaseRequisition"))


@strawberry.mutation(extensions=requires("purchase.order"))
async def cancel_purchase_requisition(
        info: Info, input: PurchaseRequisitionActionInput) -> PurchaseRequisitionPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        done = await requisitions.cancel_requisition(
            session, actor=actor, requisition_id=_requisition_id(input), reason=input.reason)
        return {"requisition": ref("PurchaseRequisition", done.id)}

    return payload(PurchaseRequisitionPayload, await run_mutation(
        info.context, action, operation="cancelPurchaseRequisition"))


@strawberry.mutation(extensions=requires("purchase.approve"))
async def decide_purchase_approval(info: Info,
                                   input: DecidePurchaseApprovalInput) -> PurchaseApprovalPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        field = ("input", "documentId")
        kind, pk = input_node(input.document_id, field)
        sign = input.signature
        if kind == "PurchaseRequisition":
            done = await approval_decisions.decide_requisition(
                session, actor=actor, requisition_id=pk, approve=input.approve,
                comment=input.comment, password=sign.password, meaning=sign.meaning)
            return {"requisition": ref("PurchaseRequisition", done.id)}
        if kind == "PurchaseOrder":
            order = await approval_decisions.decide_purchase_order(
                session, actor=actor, order_id=pk, approve=input.approve,
                comment=input.comment, password=sign.password, meaning=sign.meaning)
            return {"purchase_order": ref("PurchaseOrder", order.id)}
        raise DomainError.single(ErrorCode.INVALID, "Name a requisition or a purchase order.",
                                 field)

    try:
        outcome = await run_mutation(info.context, action, operation="decidePurchaseApproval")
    except NotAllowed as refusal:
        raise Forbidden(str(refusal)) from None
    return payload(PurchaseApprovalPayload, outcome)


@strawberry.mutation(extensions=requires("purchase.rules"))
async def set_purchase_approval_rule(
        info: Info, input: SetPurchaseApprovalRuleInput) -> PurchaseApprovalRulePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        rule = await approvals.set_rule(
            session, actor=actor, code=input.code, description=input.description,
            threshold=input.threshold, required_role=input.required_role, active=input.active)
        return {"rule": ref("PurchaseApprovalRule", rule.id)}

    return payload(PurchaseApprovalRulePayload, await run_mutation(
        info.context, action, operation="setPurchaseApprovalRule"))


def settings_of(values: purchasing_settings.PurchasingSettings) -> PurchasingSettings:
    return PurchasingSettings(
        currency=values.currency,
        over_receipt_tolerance_percent=values.over_receipt_tolerance_percent,
        price_tolerance_percent=values.price_tolerance_percent)


@strawberry.mutation(extensions=requires("purchase.settings"))
async def update_purchasing_settings(
        info: Info, input: UpdatePurchasingSettingsInput) -> PurchasingSettingsPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        return {"settings": await purchasing_settings.update(
            session, actor=actor,
            over_receipt_tolerance_percent=input.over_receipt_tolerance_percent,
            price_tolerance_percent=input.price_tolerance_percent)}

    return payload(PurchasingSettingsPayload, await run_mutation(
        info.context, action, operation="updatePurchasingSettings"), settings=settings_of)
