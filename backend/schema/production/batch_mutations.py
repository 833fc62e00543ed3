"""Root mutations and reads of the batch record: steps, verification, deviations, review."""

from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.api.pagination import SortKey
from backend.db import models as m
from backend.domain.actor import Actor
from backend.domain.production import batch, review
from backend.enums import BatchDeviationStatus
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.resolvers.reading import page
from backend.schema.common import Connection, payload
from backend.schema.permissions import requires, staff_only
from backend.schema.production.batch_types import BatchDeviation
from backend.schema.production.inputs import (
    CloseBatchDeviationInput,
    RecordBatchStepInput,
    ReviewBatchRecordInput,
    VerifyBatchStepInput,
)
from backend.schema.production.order_mutations import WORK_ORDER
from backend.schema.production.payloads import BatchDeviationPayload, BatchRecordPayload

deviations_t = m.BatchDeviation.__table__


@strawberry.mutation(extensions=requires("production.execute"),
                     description="The operator's e-signed step; an out-of-limit value raises "
                     "an OPEN deviation.")
async def record_batch_step(info: Info, input: RecordBatchStepInput) -> BatchRecordPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        record = await batch.record_step(
            session, actor=actor,
            work_order_id=input_pk(input.work_order_id, "WorkOrder", WORK_ORDER),
            step_sequence=input.step_sequence,
            values=[batch.Value(v.code, v.value) for v in input.values], comment=input.comment,
            password=input.signature.password, meaning=input.signature.meaning)
        return {"batch_record": ref("BatchRecord", record.id)}

    return payload(BatchRecordPayload, await run_mutation(
        info.context, action, operation="recordBatchStep"))


@strawberry.mutation(extensions=requires("batch.verify"))
async def verify_batch_step(info: Info, input: VerifyBatchStepInput) -> BatchRecordPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        record = await batch.verify_step(
            session, actor=actor,
            work_order_id=input_pk(input.work_order_id, "WorkOrder", WORK_ORDER),
            step_sequence=input.step_sequence,
            password=input.signature.password, meaning=input.signature.meaning)
        return {"batch_record": ref("BatchRecord", record.id)}

    return payload(BatchRecordPayload, await run_mutation(
        info.context, action, operation="verifyBatchStep"))


@strawberry.mutation(extensions=requires("batch.review"))
async def close_batch_deviation(info: Info, input: CloseBatchDeviationInput
                                ) -> BatchDeviationPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        deviation = await review.close_deviation(
            session, actor=actor,
            deviation_id=input_pk(input.deviation_id, "BatchDeviation",
                                  ("input", "deviationId")),
            disposition=input.disposition, rationale=input.rationale,
            password=input.signature.password, meaning=input.signature.meaning)
        return {"deviation": ref("BatchDeviation", deviation.id)}

    return payload(BatchDeviationPayload, await run_mutation(
        info.context, action, operation="closeBatchDeviation"))


@strawberry.mutation(extensions=requires("batch.review"),
                     description="QA_MANAGER, e-signed. Approving generates the DHR PDF and "
                     "closes the work order.")
async def review_batch_record(info: Info, input: ReviewBatchRecordInput) -> BatchRecordPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        record = await review.review_batch_record(
            session, actor=actor,
            work_order_id=input_pk(input.work_order_id, "WorkOrder", WORK_ORDER),
            approve=input.approve, comment=input.comment,
            password=input.signature.password, meaning=input.signature.meaning)
        return {"batch_record": ref("BatchRecord", record.id)}

    return payload(BatchRecordPayload, await run_mutation(
        info.context, action, operation="reviewBatchRecord"))


@strawberry.field(extensions=staff_only())
async def batch_deviations(info: Info, first: int | None = None, after: str | None = None,
                           status: list[BatchDeviationStatus] | None = None,
                           ) -> Connection[BatchDeviation]:
    stmt = select(deviations_t)
    if status:
        stmt = stmt.where(deviations_t.c.status.in_([str(s) for s in status]))
    found = await page(info.context, stmt, SortKey((deviations_t.c.id,), descending=True),
                       first, after)
    return Connection.of(found, BatchDeviation.from_row)
