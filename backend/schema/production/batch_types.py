"""The executed batch record in the graph: steps with their values and signatures,
deviations and the review."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend import enums
from backend.resolvers.context import Info
from backend.resolvers.nodes import load_row
from backend.schema.base import FromRow, Node, graph
from backend.schema.production.types import BatchParameter

strawberry.enum(enums.BatchRecordStatus)
strawberry.enum(enums.BatchStepStatus)
strawberry.enum(enums.BatchDeviationStatus)
strawberry.enum(enums.BatchDeviationDisposition)

from backend.enums import (  # noqa: E402 - registered above
    BatchDeviationDisposition,
    BatchDeviationStatus,
    BatchRecordStatus,
    BatchStepStatus,
)

if TYPE_CHECKING:
    from backend.schema.parties.types import User
    from backend.schema.production.orders import WorkOrder
    from backend.schema.quality.types import Document, Signature

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
SignatureT = Annotated["Signature", strawberry.lazy("backend.schema.quality.types")]
DocumentT = Annotated["Document", strawberry.lazy("backend.schema.quality.types")]
WorkOrderT = Annotated["WorkOrder", strawberry.lazy("backend.schema.production.orders")]


async def signature(info: Info, signature_id: int | None) -> Any:
    if signature_id is None:
        return None
    return graph("Signature", await info.context.loaders.signature_by_id.load(signature_id))


async def work_order(info: Info, work_order_id: int) -> Any:
    return graph("WorkOrder", await info.context.loaders.work_order_by_id.load(work_order_id))


@strawberry.type(description="Raised by an out-of-limit value: a nonconformance of source "
                 "production.")
class BatchDeviation(FromRow, Node):
    number: str = strawberry.field(description="DEV-YYYY-NNNNNN")
    step_sequence: int
    value: str
    status: BatchDeviationStatus
    raised_at: datetime
    disposition: BatchDeviationDisposition | None
    rationale: str | None
    parameter_row: strawberry.Private[dict[str, Any]]
    work_order_id: strawberry.Private[int]
    raised_by_id: strawberry.Private[int]
    closure_signature_id: strawberry.Private[int | None]
    nonconformance_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: Any) -> "BatchDeviation":
        obj = super().from_row(row)
        obj.__dict__["parameter_row"] = obj.__dict__.pop("parameter")
        return obj

    @strawberry.field
    def parameter(self) -> BatchParameter:
        return BatchParameter.of(self.parameter_row)

    @strawberry.field(name="workOrder")
    async def made_by(self, info: Info) -> WorkOrderT:
        return await work_order(info, self.work_order_id)

    @strawberry.field
    async def raised_by(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.raised_by_id))

    @strawberry.field(description="The QA_MANAGER's closing signature.")
    async def closure(self, info: Info) -> SignatureT | None:
        return await signature(info, self.closure_signature_id)

    @strawberry.field(description="The record in the quality nonconformance register, where "
                      "that register exists.")
    async def nonconformance(self, info: Info) -> Node | None:
        if self.nonconformance_id is None:
            return None
        return graph("Nonconformance", await load_row(info.context, "Nonconformance",
                                                      self.nonconformance_id))


@strawberry.type
class BatchParameterValue:
    parameter: BatchParameter
    value: str = strawberry.field(description="As entered: a decimal for NUMERIC, PASS or "
                                  "FAIL, or text.")
    within_limits: bool
    deviation_id: strawberry.Private[int | None]

    @strawberry.field(description="The deviation an out-of-limit value raised.")
    async def deviation(self, info: Info) -> BatchDeviation | None:
        if self.deviation_id is None:
            return None
        return BatchDeviation.maybe(
            await info.context.loaders.batch_deviation_by_id.load(self.deviation_id))


@strawberry.type
class BatchRecordStep(FromRow):
    sequence: int
    title: str
    instructions: str
    requires_verification: bool
    status: BatchStepStatus
    comment: str | None
    parameters: strawberry.Private[list[dict[str, Any]]]
    value_rows: strawberry.Private[list[dict[str, Any]]]
    performed_signature_id: strawberry.Private[int | None]
    verified_signature_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: Any) -> "BatchRecordStep":
        obj = super().from_row(row)
        obj.__dict__["value_rows"] = obj.__dict__.pop("values")
        return obj

    @strawberry.field
    def values(self) -> list[BatchParameterValue]:
        by_code = {p["code"]: p for p in self.parameters}
        return [BatchParameterValue(parameter=BatchParameter.of(by_code[v["code"]]),
                                    value=v["value"], within_limits=v["within_limits"],
                                    deviation_id=v.get("deviation_id"))
                for v in self.value_rows]

    @strawberry.field(description="The operator's signature.")
    async def performed(self, info: Info) -> SignatureT | None:
        return await signature(info, self.performed_signature_id)

    @strawberry.field(description="The verifier's signature.")
    async def verified(self, info: Info) -> SignatureT | None:
        return await signature(info, self.verified_signature_id)


@strawberry.type
class BatchRecordReview:
    approved: bool
    comment: str | None
    signature_id: strawberry.Private[int]

    @strawberry.field(name="signature")
    async def signed(self, info: Info) -> SignatureT:
        return await signature(info, self.signature_id)


@strawberry.type
class BatchRecord(FromRow, Node):
    status: BatchRecordStatus
    work_order_id: strawberry.Private[int]
    review_approved: strawberry.Private[bool | None]
    review_comment: strawberry.Private[str | None]
    review_signature_id: strawberry.Private[int | None]
    document_id: strawberry.Private[int | None]

    @strawberry.field(name="workOrder")
    async def made_by(self, info: Info) -> WorkOrderT:
        return await work_order(info, self.work_order_id)

    @strawberry.field
    async def steps(self, info: Info) -> list[BatchRecordStep]:
        return BatchRecordStep.many(await info.context.loaders.batch_steps_by_record_id.load(
            self.pk))

    @strawberry.field
    async def deviations(self, info: Info) -> list[BatchDeviation]:
        return BatchDeviation.many(
            await info.context.loaders.deviations_by_work_order_id.load(self.work_order_id))

    @strawberry.field
    def review(self) -> BatchRecordReview | None:
        if self.review_signature_id is None:
            return None
        return BatchRecordReview(approved=bool(self.review_approved),
                                 comment=self.review_comment,
                                 signature_id=self.review_signature_id)

    @strawberry.field(description="The device history record PDF (kind BATCH_RECORD), once "
                      "approved; also attached to every output lot.")
    async def document(self, info: Info) -> DocumentT | None:
        if self.document_id is None:
            return None
        return graph("Document", await info.context.loaders.document_by_id.load(
            self.document_id))
