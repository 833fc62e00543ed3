"""Root mutations of work orders: create, change, release, cancel."""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, optional_input_pk
from backend.domain.actor import Actor
from backend.domain.production import release, work_orders
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires
from backend.schema.production.inputs import (
    CancelWorkOrderInput,
    CreateWorkOrderInput,
    ReleaseWorkOrderInput,
    UpdateWorkOrderInput,
)
from backend.schema.production.mutations import request_of
from backend.schema.production.payloads import WorkOrderPayload

WORK_ORDER = ("input", "workOrderId")


def _work_order(global_id: str) -> int:
    return input_pk(global_id, "WorkOrder", WORK_ORDER)


@strawberry.mutation(extensions=requires("production.plan"), description="A PLANNED work order.")
async def create_work_order(info: Info, input: CreateWorkOrderInput) -> WorkOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        order = await work_orders.create_work_order(
            session, actor=actor,
            product_id=input_pk(input.product_id, "Product", ("input", "productId")),
            quantity=input.quantity, due_date=input.due_date,
            bom_version_id=optional_input_pk(input.bom_version_id, "BomVersion",
                                             ("input", "bomVersionId")),
            warehouse_id=optional_input_pk(input.warehouse_id, "Warehouse",
                                           ("input", "warehouseId")),
            replenishment_request_id=optional_input_pk(
                input.replenishment_request_id, "ReplenishmentRequest",
                ("input", "replenishmentRequestId")),
            sales_order_id=optional_input_pk(input.sales_order_id, "SalesOrder",
                                             ("input", "salesOrderId")))
        return {"work_order": ref("WorkOrder", order.id)}

    return payload(WorkOrderPayload, await run_mutation(
        info.context, action, operation="createWorkOrder",
        idempotency_key=input.idempotency_key, request=request_of(input)))


@strawberry.mutation(extensions=requires("production.plan"),
                     description="Reschedules; a quantity change only while PLANNED.")
async def update_work_order(info: Info, input: UpdateWorkOrderInput) -> WorkOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        order = await work_orders.update_work_order(
            session, actor=actor, work_order_id=_work_order(input.work_order_id),
            due_date=input.due_date, quantity=input.quantity)
        return {"work_order": ref("WorkOrder", order.id)}

    return payload(WorkOrderPayload, await run_mutation(
        info.context, action, operation="updateWorkOrder"))


@strawberry.mutation(
    extensions=requires("production.plan"),
    description="PLANNED -> RELEASED: reserves every component from released lots of its "
    "warehouse, earliest expiry first, and schedules it; or refuses with INSUFFICIENT_STOCK and "
    "reserves nothing.")
async def release_work_order(info: Info, input: ReleaseWorkOrderInput) -> WorkOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        order = await release.release_work_order(
            session, actor=actor, work_order_id=_work_order(input.work_order_id))
        return {"work_order": ref("WorkOrder", order.id)}

    return payload(WorkOrderPayload, await run_mutation(
        info.context, action, operation="releaseWorkOrder"))


@strawberry.mutation(extensions=requires("production.plan"),
                     description="PLANNED or RELEASED -> CANCELLED; frees its reservations and "
                     "reschedules.")
async def cancel_work_order(info: Info, input: CancelWorkOrderInput) -> WorkOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        order = await work_orders.cancel_work_order(
            session, actor=actor, work_order_id=_work_order(input.work_order_id),
            reason=input.reason)
        return {"work_order": ref("WorkOrder", order.id)}

    return payload(WorkOrderPayload, await run_mutation(
        info.context, action, operation="cancelWorkOrder"))
