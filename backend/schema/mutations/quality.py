"""Goods in, production, inspections, releases and documents."""

import strawberry

from backend.schema.inputs import (
    AttachDocumentInput,
    ReceiveGoodsInput,
    RecordInspectionInput,
    RecordProductionInput,
    ReleaseLotInput,
)
from backend.schema.mutations.pending import pending
from backend.schema.payloads import (
    DocumentPayload,
    InspectionPayload,
    LotPayload,
    ReceiveGoodsPayload,
)


@strawberry.type
class QualityMutations:
    @strawberry.mutation
    async def receive_goods(
        self, info: strawberry.Info, input: ReceiveGoodsInput
    ) -> ReceiveGoodsPayload:
        return await pending(info, "receiveGoods")

    @strawberry.mutation
    async def record_production(
        self, info: strawberry.Info, input: RecordProductionInput
    ) -> LotPayload:
        return await pending(info, "recordProduction")

    @strawberry.mutation
    async def record_inspection(
        self, info: strawberry.Info, input: RecordInspectionInput
    ) -> InspectionPayload:
        return await pending(info, "recordInspection")

    @strawberry.mutation
    async def release_lot(self, info: strawberry.Info, input: ReleaseLotInput) -> LotPayload:
        return await pending(info, "releaseLot")

    @strawberry.mutation
    async def reject_lot(
        self, info: strawberry.Info, lot_id: strawberry.ID, reason: str
    ) -> LotPayload:
        return await pending(info, "rejectLot")

    @strawberry.mutation
    async def attach_document(
        self, info: strawberry.Info, input: AttachDocumentInput
    ) -> DocumentPayload:
        return await pending(info, "attachDocument")
