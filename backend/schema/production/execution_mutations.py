"""Root mutations of the shop floor: material issue and output."""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.production import issue, output
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires
from backend.schema.production.inputs import IssueMaterialInput, RecordWorkOrderOutputInput
from backend.schema.production.mutations import request_of
from backend.schema.production.order_mutations import WORK_ORDER
from backend.schema.production.payloads import WorkOrderOutputPayload, WorkOrderPayload


@strawberry.mutation(extensions=requires("material.issue"),
                     description="CONSUMPTION moves out of the work order's warehouse; "
                     "RELEASED -> IN_PROGRESS.")
async def issue_material(info: Info, input: IssueMaterialInput) -> WorkOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        lines = None if input.lines is None else [
            issue.IssueLine(lot_id=input_pk(line.lot_id, "Lot", ("input", "lines", str(i),
                                                                 "lotId")),
                            quantity=line.quantity, serial_numbers=line.serial_numbers)
            for i, line in enumerate(input.lines)]
        order = await issue.issue_material(
            session, actor=actor,
            work_order_id=input_pk(input.work_order_id, "WorkOrder", WORK_ORDER), lines=lines)
        return {"work_order": ref("WorkOrder", order.id)}

    return payload(WorkOrderPayload, await run_mutation(
        info.context, action, operation="issueMaterial",
        idempotency_key=input.idempotency_key, request=request_of(input)))


@strawberry.mutation(extensions=requires("production.execute"),
                     description="A lot in QUARANTINE with a PRODUCTION move and genealogy to "
                     "the issued lots (and serials).")
async def record_work_order_output(info: Info, input: RecordWorkOrderOutputInput
                                   ) -> WorkOrderOutputPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        order, lot = await output.record_output(
            session, actor=actor,
            work_order_id=input_pk(input.work_order_id, "WorkOrder", WORK_ORDER),
            lot_number=input.lot_number, quantity=input.quantity,
            manufactured_on=input.manufactured_on, expires_on=input.expires_on,
            units=None if input.units is None else [
                output.OutputUnit(u.serial_number, tuple(u.component_serials or ()))
                for u in input.units],
            final=bool(input.final))
        return {"work_order": ref("WorkOrder", order.id), "lot": ref("Lot", lot.id)}

    return payload(WorkOrderOutputPayload, await run_mutation(
        info.context, action, operation="recordWorkOrderOutput",
        idempotency_key=input.idempotency_key, request=request_of(input)))
