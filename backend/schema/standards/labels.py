"""printLabels: GS1 labels for a lot, serials or a shipment's cartons, as a LABEL document."""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, optional_input_pk
from backend.domain.actor import Actor
from backend.domain.standards import labels
from backend.enums import Role
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import UserError, payload
from backend.schema.permissions import requires
from backend.schema.quality.types import Document

LabelSymbology = strawberry.enum(labels.Symbology, name="LabelSymbology")
PRINTERS = (Role.WAREHOUSE, Role.QA_INSPECTOR, Role.QA_MANAGER)


@strawberry.input(description="Exactly one of lotId, serialIds, shipmentId.")
class PrintLabelsInput:
    lot_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="One label per lot (per serial in stock for serial-tracked lots).",
    )
    serial_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="One label per serial."
    )
    shipment_id: strawberry.ID | None = strawberry.field(
        default=None, description="One SSCC label per carton (GS1-128 only)."
    )
    symbology: LabelSymbology | None = strawberry.field(  # type: ignore[valid-type]
        default=None,
        description="Default GS1_DATAMATRIX for lots and serials, GS1_128 for cartons.",
    )
    copies: int | None = strawberry.field(
        default=None, description="Copies of each label, 1 to 50 (default 1)."
    )


@strawberry.type
class LabelsPayload:
    document: Document | None = strawberry.field(
        default=None, description="A LABEL document attached to the lot, serials' lot or shipment."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.mutation(description="WAREHOUSE, QA_INSPECTOR or QA_MANAGER.",
                     extensions=requires("label.print"))
async def print_labels(info: Info, input: PrintLabelsInput) -> LabelsPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        request = labels.LabelRequest(
            lot_id=optional_input_pk(input.lot_id, "Lot", ("input", "lotId")),
            serial_ids=[input_pk(pk, "Serial", ("input", "serialIds", str(n)))
                        for n, pk in enumerate(input.serial_ids or ())],
            shipment_id=optional_input_pk(input.shipment_id, "Shipment", ("input", "shipmentId")),
            symbology=labels.Symbology(input.symbology) if input.symbology else None,
            copies=input.copies,
        )
        document = await labels.print_labels(session, actor=actor, request=request)
        return {"document": ref("Document", document.id)}

    return payload(LabelsPayload, await run_mutation(info.context, action,
                                                     operation="printLabels"))
