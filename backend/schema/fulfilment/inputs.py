"""Inputs of shipments."""

import strawberry

from backend.schema.customfields.inputs import CustomFieldValueInput


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
    carton_count: int | None = strawberry.field(
        default=None, description="Cartons the goods are packed in (default 1); each gets an SSCC."
    )
    custom_fields: list[CustomFieldValueInput] | None = None


@strawberry.input
class TransferStockInput:
    lot_id: strawberry.ID
    from_warehouse_id: strawberry.ID
    to_warehouse_id: strawberry.ID
    quantity: int
    serial_numbers: list[str] | None = strawberry.field(
        default=None, description="Required for SERIAL-tracked products: exactly `quantity`."
    )
    reference: str | None = None
    idempotency_key: str | None = None


@strawberry.input
class ReturnLineInput:
    lot_id: strawberry.ID
    quantity: int
    serial_numbers: list[str] | None = None


@strawberry.input
class RecordCustomerReturnInput:
    shipment_id: strawberry.ID
    reason: str
    lines: list[ReturnLineInput]
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None, description="Where the goods come back; the shipping warehouse if omitted."
    )
    idempotency_key: str | None = None
