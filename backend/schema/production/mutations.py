"""Root mutations of work centres and BOM versions."""

import dataclasses
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.production import boms, work_centers
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires
from backend.schema.production.inputs import (
    ApproveBomVersionInput,
    CreateBomVersionInput,
    CreateWorkCenterInput,
    UpdateWorkCenterInput,
)
from backend.schema.production.payloads import BomVersionPayload, WorkCenterPayload


def request_of(input: Any) -> dict[str, Any]:
    request = dataclasses.asdict(input)
    request.pop("signature", None)  # the password never reaches the idempotency store
    return request


@strawberry.mutation(extensions=requires("production.plan"))
async def create_work_center(info: Info, input: CreateWorkCenterInput) -> WorkCenterPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        center = await work_centers.create_work_center(
            session, actor=actor, code=input.code, name=input.name,
            warehouse_id=input_pk(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            hours_per_day=input.hours_per_day)
        return {"work_center": ref("WorkCenter", center.id)}

    return payload(WorkCenterPayload, await run_mutation(
        info.context, action, operation="createWorkCenter",
        idempotency_key=input.idempotency_key, request=request_of(input)))


@strawberry.mutation(extensions=requires("production.plan"),
                     description="A capacity change reschedules.")
async def update_work_center(info: Info, input: UpdateWorkCenterInput) -> WorkCenterPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        center = await work_centers.update_work_center(
            session, actor=actor,
            work_center_id=input_pk(input.work_center_id, "WorkCenter",
                                    ("input", "workCenterId")),
            name=input.name, hours_per_day=input.hours_per_day, active=input.active)
        return {"work_center": ref("WorkCenter", center.id)}

    return payload(WorkCenterPayload, await run_mutation(
        info.context, action, operation="updateWorkCenter"))


def _components(input: CreateBomVersionInput) -> list[boms.ComponentSpec]:
    return [boms.ComponentSpec(
        product_id=input_pk(c.product_id, "Product", ("input", "components", str(i),
                                                       "productId")),
        quantity_per=c.quantity_per, scrap_percent=c.scrap_percent)
        for i, c in enumerate(input.components)]


def _operations(input: CreateBomVersionInput) -> list[boms.OperationSpec]:
    return [boms.OperationSpec(
        sequence=o.sequence, name=o.name, setup_minutes=o.setup_minutes,
        run_minutes_per_unit=o.run_minutes_per_unit,
        work_center_id=input_pk(o.work_center_id, "WorkCenter",
                                ("input", "operations", str(i), "workCenterId")))
        for i, o in enumerate(input.operations)]


def _steps(input: CreateBomVersionInput) -> list[boms.StepSpec]:
    return [boms.StepSpec(
        sequence=s.sequence, title=s.title, instructions=s.instructions,
        operation_sequence=s.operation_sequence,
        requires_verification=bool(s.requires_verification),
        parameters=[boms.ParameterSpec(code=p.code, name=p.name, kind=p.kind, unit=p.unit,
                                       min=p.min, max=p.max) for p in s.parameters or []])
        for s in input.batch_steps]


@strawberry.mutation(extensions=requires("production.plan"),
                     description="A DRAFT version, numbered after the product's last one.")
async def create_bom_version(info: Info, input: CreateBomVersionInput) -> BomVersionPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        version = await boms.create_bom_version(
            session, actor=actor,
            product_id=input_pk(input.product_id, "Product", ("input", "productId")),
            effective_from=input.effective_from, change_note=input.change_note,
            components=_components(input), operations=_operations(input), steps=_steps(input))
        return {"bom_version": ref("BomVersion", version.id)}

    return payload(BomVersionPayload, await run_mutation(
        info.context, action, operation="createBomVersion",
        idempotency_key=input.idempotency_key, request=request_of(input)))


@strawberry.mutation(extensions=requires("bom.approve"),
                     description="DRAFT -> APPROVED (QA_MANAGER, e-signed); the version in "
                     "effect before ends the day before effectiveFrom.")
async def approve_bom_version(info: Info, input: ApproveBomVersionInput) -> BomVersionPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        version = await boms.approve_bom_version(
            session, actor=actor,
            bom_version_id=input_pk(input.bom_version_id, "BomVersion",
                                    ("input", "bomVersionId")),
            password=input.signature.password, meaning=input.signature.meaning)
        return {"bom_version": ref("BomVersion", version.id)}

    return payload(BomVersionPayload, await run_mutation(
        info.context, action, operation="approveBomVersion"))
