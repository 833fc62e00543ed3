"""Mutation inputs, as the public contract names them."""

from datetime import date
from decimal import Decimal

import strawberry
from strawberry.file_uploads import Upload

from backend.schema.enums import DocumentKind, InspectionKind, InspectionResult, RecallClass


@strawberry.input
class SignatureInput:
    password: str = strawberry.field(
        description="The signer's password, checked again at signing time."
    )
    meaning: str


@strawberry.input
class OrderLineInput:
    product_id: strawberry.ID
    quantity: int
    unit_price: Decimal | None = strawberry.field(
        default=None, description="Omit to take the price list's price."
    )
    discount_percent: Decimal | None = None


@strawberry.input
class CreateSalesOrderInput:
    customer_id: strawberry.ID
    lines: list[OrderLineInput]
    customer_reference: str | None = None
    requested_delivery_date: date | None = None
    idempotency_key: str | None = None


@strawberry.input
class DecideApprovalInput:
    order_id: strawberry.ID
    approve: bool
    signature: SignatureInput
    comment: str | None = None


@strawberry.input
class ShipmentLineInput:
    lot_id: strawberry.ID
    quantity: int
    serial_numbers: list[str] | None = strawberry.field(
        default=None,
        description="Required for SERIAL-tracked products: exactly `quantity` serial numbers.",
    )


@strawberry.input
class CreateShipmentInput:
    order_id: strawberry.ID
    warehouse_id: strawberry.ID | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    lines: list[ShipmentLineInput] | None = strawberry.field(
        default=None, description="Omit to ship everything allocated and not yet shipped."
    )
    idempotency_key: str | None = None


@strawberry.input
class ReceiptLineInput:
    product_id: strawberry.ID
    lot_number: str
    quantity: int
    manufactured_on: date | None = None
    expires_on: date | None = None
    serial_numbers: list[str] | None = None


@strawberry.input
class ReceiveGoodsInput:
    supplier_id: strawberry.ID
    warehouse_id: strawberry.ID
    lines: list[ReceiptLineInput]
    reference: str | None = None
    idempotency_key: str | None = None


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


@strawberry.input
class IssueInvoiceInput:
    order_id: strawberry.ID
    idempotency_key: str | None = None


@strawberry.input
class RecordPaymentInput:
    customer_id: strawberry.ID
    amount: Decimal
    received_on: date
    reference: str
    invoice_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Invoices to settle, oldest first; omit to settle the oldest open invoices.",
    )
    idempotency_key: str | None = None


@strawberry.input
class InitiateRecallInput:
    lot_ids: list[strawberry.ID]
    reason: str
    recall_class: RecallClass
    signature: SignatureInput
