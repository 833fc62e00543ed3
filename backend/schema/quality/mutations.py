"""Goods in, production, inspections, releases and documents."""

import dataclasses
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_node, input_pk, optional_input_pk
from backend.domain.actor import Actor
from backend.domain.inventory import production, receiving
from backend.domain.quality import documents, inspections, releases
from backend.domain.rules.content_types import MAX_DOCUMENT_BYTES
from backend.enums import Role
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires
from backend.schema.quality.inputs import (
    AttachDocumentInput,
    ReceiveGoodsInput,
    RecordInspectionInput,
    RecordProductionInput,
    ReleaseLotInput,
)
from backend.schema.quality.payloads import (
    DocumentPayload,
    InspectionPayload,
    LotPayload,
    ReceiveGoodsPayload,
)

STAFF = (Role.SALES, Role.SALES_MANAGER, Role.WAREHOUSE, Role.QA_INSPECTOR, Role.QA_MANAGER,
         Role.FINANCE)


def _request(input: Any) -> dict[str, Any]:
    return dataclasses.asdict(input)


@strawberry.mutation(extensions=requires("stock.receive"))
async def receive_goods(info: Info, input: ReceiveGoodsInput) -> ReceiveGoodsPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        lines = [
            receiving.ReceiptLine(
                product_id=input_pk(line.product_id, "Product",
                                    ("input", "lines", str(i), "productId")),
                lot_number=line.lot_number, quantity=line.quantity,
                manufactured_on=line.manufactured_on, expires_on=line.expires_on,
                serial_numbers=line.serial_numbers,
                purchase_order_line_id=optional_input_pk(
                    line.purchase_order_line_id, "PurchaseOrderLine",
                    ("input", "lines", str(i), "purchaseOrderLineId")),
                supplier_lot_number=line.supplier_lot_number,
                custom_fields=line.custom_fields,
            )
            for i, line in enumerate(input.lines)
        ]
        receipt, lots = await receiving.receive(
            session, actor=actor, lines=lines, reference=input.reference,
            supplier_id=input_pk(input.supplier_id, "Supplier", ("input", "supplierId")),
            warehouse_id=input_pk(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            purchase_order_id=optional_input_pk(input.purchase_order_id, "PurchaseOrder",
                                                ("input", "purchaseOrderId")),
            supplier_override_id=optional_input_pk(
                input.supplier_override_id, "SupplierOverride", ("input", "supplierOverrideId")),
        )
        return {"lots": [ref("Lot", lot.id) for lot in lots],
                "receipt": ref("GoodsReceipt", receipt.id)}

    return payload(ReceiveGoodsPayload, await run_mutation(
        info.context, action, operation="receiveGoods",
        idempotency_key=input.idempotency_key, request=_request(input),
    ))


@strawberry.mutation(extensions=requires("stock.produce"))
async def record_production(info: Info, input: RecordProductionInput) -> LotPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        lot = await production.record_production(
            session, actor=actor,
            product_id=input_pk(input.product_id, "Product", ("input", "productId")),
            warehouse_id=input_pk(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            lot_number=input.lot_number, manufactured_on=input.manufactured_on,
            expires_on=input.expires_on, quantity=input.quantity,
            serial_numbers=input.serial_numbers,
            components=[
                production.ComponentUse(
                    lot_id=input_pk(c.lot_id, "Lot", ("input", "components", str(i), "lotId")),
                    quantity=c.quantity,
                )
                for i, c in enumerate(input.components)
            ],
        )
        return {"lot": ref("Lot", lot.id)}

    return payload(LotPayload, await run_mutation(
        info.context, action, operation="recordProduction",
        idempotency_key=input.idempotency_key, request=_request(input),
    ))


@strawberry.mutation(extensions=requires("lot.inspect"))
async def record_inspection(info: Info, input: RecordInspectionInput) -> InspectionPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        inspection = await inspections.record_inspection(
            session, actor=actor, lot_id=input_pk(input.lot_id, "Lot", ("input", "lotId")),
            kind=input.kind, result=input.result,
            sample_size=input.sample_size, defects_found=input.defects_found,
            notes=input.notes,
        )
        return {"inspection": ref("Inspection", inspection.id)}

    return payload(InspectionPayload, await run_mutation(
        info.context, action, operation="recordInspection"
    ))


@strawberry.mutation(extensions=requires("lot.release"))
async def release_lot(info: Info, input: ReleaseLotInput) -> LotPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        lot = await releases.release_lot(
            session, actor=actor, lot_id=input_pk(input.lot_id, "Lot", ("input", "lotId")),
            password=input.signature.password, meaning=input.signature.meaning,
        )
        return {"lot": ref("Lot", lot.id)}

    return payload(LotPayload, await run_mutation(info.context, action, operation="releaseLot"))


@strawberry.mutation(extensions=requires("lot.reject"))
async def reject_lot(info: Info, lot_id: strawberry.ID, reason: str) -> LotPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        lot = await releases.reject_lot(
            session, actor=actor, lot_id=input_pk(lot_id, "Lot", ("lotId",)), reason=reason
        )
        return {"lot": ref("Lot", lot.id)}

    return payload(LotPayload, await run_mutation(info.context, action, operation="rejectLot"))


@strawberry.mutation(extensions=requires("document.attach"))
async def attach_document(info: Info, input: AttachDocumentInput) -> DocumentPayload:
    upload: Any = input.file  # a Starlette UploadFile at run time
    # Read one byte past the limit: enough to refuse a larger file without holding it all.
    content = await upload.read(MAX_DOCUMENT_BYTES + 1)

    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        document = await documents.attach_document(
            session, actor=actor, kind=input.kind, title=input.title,
            file_name=getattr(upload, "filename", None) or "", content=content,
            attach_to=[input_node(node, ("input", "attachTo", str(i)))
                       for i, node in enumerate(input.attach_to)],
        )
        return {"document": ref("Document", document.id)}

    return payload(DocumentPayload, await run_mutation(
        info.context, action, operation="attachDocument"
    ))
