"""Inputs of goods in, production, inspections, releases and documents."""

from datetime import date

import strawberry
from strawberry.file_uploads import Upload

from backend.schema.common_inputs import SignatureInput
from backend.schema.customfields.inputs import CustomFieldValueInput
from backend.schema.enums import DocumentKind, InspectionKind, InspectionResult


@strawberry.input
class ReceiptLineInput:
    product_id: strawberry.ID
    lot_number: str
    quantity: int
    manufactured_on: date | None = None
    expires_on: date | None = None
    serial_numbers: list[str] | None = None
    purchase_order_line_id: strawberry.ID | None = None
    supplier_lot_number: str | None = strawberry.field(
        default=None, description="The supplier's own lot number, printed on its certificate.")
    custom_fields: list[CustomFieldValueInput] | None = strawberry.field(
        default=None, description="Values for the lot the line creates.")



@strawberry.input
class ReceiveGoodsInput:
    supplier_id: strawberry.ID
    warehouse_id: strawberry.ID
    lines: list[ReceiptLineInput]
    reference: str | None = None
    idempotency_key: str | None = None
    purchase_order_id: strawberry.ID | None = strawberry.field(
        default=None, description="Receive against this SENT or PARTIALLY_RECEIVED order; each "
        "line names its PO line.")
    supplier_override_id: strawberry.ID | None = None



@strawberry.input
class ComponentInput:
    lot_id: strawberry.ID
    quantity: int



@strawberry.input
class RecordProductionInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    lot_number: str
    manufactured_on: date
    quantity: int
    components: list[ComponentInput]
    expires_on: date | None = None
    serial_numbers: list[str] | None = None
    idempotency_key: str | None = None



@strawberry.input
class RecordInspectionInput:
    lot_id: strawberry.ID
    kind: InspectionKind
    result: InspectionResult
    sample_size: int
    defects_found: int
    notes: str | None = None



@strawberry.input
class ReleaseLotInput:
    lot_id: strawberry.ID
    signature: SignatureInput



@strawberry.input
class AttachDocumentInput:
    file: Upload
    kind: DocumentKind
    title: str
    attach_to: list[strawberry.ID] = strawberry.field(
        description="Nodes to attach it to: lots, orders, shipments, suppliers, inspections."
    )
