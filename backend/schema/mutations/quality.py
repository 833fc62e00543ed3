"""Goods in, production, inspections, releases and documents."""

import dataclasses
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain import documents, inspections, production, receiving, releases
from backend.domain.actor import Actor
from backend.domain.rules.content_types import MAX_DOCUMENT_BYTES
from backend.enums import Role
from backend.resolvers.input_ids import node_of, pk_in
from backend.resolvers.mutations import actor_of, ref, run_mutation
from backend.schema.inputs import (
    AttachDocumentInput,
    ReceiveGoodsInput,
    RecordInspectionInput,
    RecordProductionInput,
    ReleaseLotInput,
)
from backend.schema.payloads import (
    DocumentPayload,
    InspectionPayload,
    LotPayload,
    ReceiveGoodsPayload,
)

STAFF = (Role.SALES, Role.SALES_MANAGER, Role.WAREHOUSE, Role.QA_INSPECTOR, Role.QA_MANAGER,
         Role.FINANCE)


def _request(input: Any) -> dict[str, Any]:
    return dataclasses.asdict(input)


@strawberry.type
class QualityMutations:
    @strawberry.mutation
    async def receive_goods(
        self, info: strawberry.Info, input: ReceiveGoodsInput
    ) -> ReceiveGoodsPayload:
        async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
            lines = [
                receiving.ReceiptLine(
                    product_id=pk_in(line.product_id, "Product",
                                     ("input", "lines", str(i), "productId")),
                    lot_number=line.lot_number, quantity=line.quantity,
                    manufactured_on=line.manufactured_on, expires_on=line.expires_on,
                    serial_numbers=line.serial_numbers,
                )
                for i, line in enumerate(input.lines)
            ]
            lots = await receiving.receive_goods(
                session, actor=actor, lines=lines, reference=input.reference,
                supplier_id=pk_in(input.supplier_id, "Supplier", ("input", "supplierId")),
                warehouse_id=pk_in(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            )
            return {"lots": [ref("Lot", lot.id) for lot in lots]}

        return await run_mutation(
            info, ReceiveGoodsPayload, action, roles=(Role.WAREHOUSE,), operation="receiveGoods",
            idempotency_key=input.idempotency_key, request=_request(input),
        )

    @strawberry.mutation
    async def record_production(
        self, info: strawberry.Info, input: RecordProductionInput
    ) -> LotPayload:
        async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
            lot = await production.record_production(
                session, actor=actor,
                product_id=pk_in(input.product_id, "Product", ("input", "productId")),
                warehouse_id=pk_in(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
                lot_number=input.lot_number, manufactured_on=input.manufactured_on,
                expires_on=input.expires_on, quantity=input.quantity,
                serial_numbers=input.serial_numbers,
                components=[
                    production.ComponentUse(
                        lot_id=pk_in(c.lot_id, "Lot", ("input", "components", str(i), "lotId")),
                        quantity=c.quantity,
                    )
                    for i, c in enumerate(input.components)
                ],
            )
            return {"lot": ref("Lot", lot.id)}

        return await run_mutation(
            info, LotPayload, action, roles=(Role.WAREHOUSE,), operation="recordProduction",
            idempotency_key=input.idempotency_key, request=_request(input),
        )

    @strawberry.mutation
    async def record_inspection(
        self, info: strawberry.Info, input: RecordInspectionInput
    ) -> InspectionPayload:
        async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
            inspection = await inspections.record_inspection(
                session, actor=actor, lot_id=pk_in(input.lot_id, "Lot", ("input", "lotId")),
                kind=input.kind, result=input.result,
                sample_size=input.sample_size, defects_found=input.defects_found,
                notes=input.notes,
            )
            return {"inspection": ref("Inspection", inspection.id)}

        return await run_mutation(
            info, InspectionPayload, action, roles=(Role.QA_INSPECTOR,),
            operation="recordInspection",
        )

    @strawberry.mutation
    async def release_lot(self, info: strawberry.Info, input: ReleaseLotInput) -> LotPayload:
        async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
            lot = await releases.release_lot(
                session, actor=actor, lot_id=pk_in(input.lot_id, "Lot", ("input", "lotId")),
                password=input.signature.password, meaning=input.signature.meaning,
            )
            return {"lot": ref("Lot", lot.id)}

        return await run_mutation(
            info, LotPayload, action, roles=(Role.QA_MANAGER,), operation="releaseLot"
        )

    @strawberry.mutation
    async def reject_lot(
        self, info: strawberry.Info, lot_id: strawberry.ID, reason: str
    ) -> LotPayload:
        async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
            lot = await releases.reject_lot(
                session, actor=actor, lot_id=pk_in(lot_id, "Lot", ("lotId",)), reason=reason
            )
            return {"lot": ref("Lot", lot.id)}

        return await run_mutation(
            info, LotPayload, action, roles=(Role.QA_MANAGER,), operation="rejectLot"
        )

    @strawberry.mutation
    async def attach_document(
        self, info: strawberry.Info, input: AttachDocumentInput
    ) -> DocumentPayload:
        actor_of(info, STAFF)  # refuse before reading the upload
        upload = input.file
        # Read one byte past the limit: enough to refuse a larger file without holding it all.
        content = await upload.read(MAX_DOCUMENT_BYTES + 1)

        async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
            document = await documents.attach_document(
                session, actor=actor, kind=input.kind, title=input.title,
                file_name=getattr(upload, "filename", None) or "", content=content,
                attach_to=[node_of(node, ("input", "attachTo", str(i)))
                           for i, node in enumerate(input.attach_to)],
            )
            return {"document": ref("Document", document.id)}

        return await run_mutation(
            info, DocumentPayload, action, roles=STAFF, operation="attachDocument"
        )
