"""Inputs of production's mutations."""

from datetime import date
from decimal import Decimal

import strawberry

from backend.enums import BatchDeviationDisposition, BatchParameterKind
from backend.schema.common_inputs import SignatureInput


@strawberry.input
class CreateWorkCenterInput:
    code: str
    name: str
    warehouse_id: strawberry.ID
    hours_per_day: Decimal = strawberry.field(description="More than 0, at most 24.")
    idempotency_key: str | None = None


@strawberry.input
class UpdateWorkCenterInput:
    work_center_id: strawberry.ID
    name: str | None = None
    hours_per_day: Decimal | None = None
    active: bool | None = None


@strawberry.input
class BomComponentInput:
    product_id: strawberry.ID
    quantity_per: int
    scrap_percent: Decimal | None = strawberry.field(default=None,
                                                     description="0 when omitted.")


@strawberry.input
class RoutingOperationInput:
    sequence: int
    name: str
    work_center_id: strawberry.ID
    setup_minutes: int
    run_minutes_per_unit: Decimal


@strawberry.input
class BatchParameterInput:
    code: str
    name: str
    kind: BatchParameterKind
    unit: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None


@strawberry.input
class BatchStepTemplateInput:
    sequence: int
    title: str
    instructions: str
    operation_sequence: int | None = None
    parameters: list[BatchParameterInput] | None = None
    requires_verification: bool | None = None


@strawberry.input
class CreateBomVersionInput:
    product_id: strawberry.ID
    effective_from: date = strawberry.field(description="Today or later.")
    components: list[BomComponentInput] = strawberry.field(description="At least one.")
    operations: list[RoutingOperationInput] = strawberry.field(description="At least one.")
    batch_steps: list[BatchStepTemplateInput] = strawberry.field(description="At least one.")
    change_note: str | None = None
    idempotency_key: str | None = None


@strawberry.input
class ApproveBomVersionInput:
    bom_version_id: strawberry.ID
    signature: SignatureInput


@strawberry.input
class CreateWorkOrderInput:
    product_id: strawberry.ID
    due_date: date
    quantity: int | None = strawberry.field(
        default=None, description="Required unless it comes from a request (its quantity) or "
        "an order (its unreserved quantity of the product).")
    bom_version_id: strawberry.ID | None = strawberry.field(
        default=None, description="The APPROVED version in effect today when omitted.")
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None, description="The warehouse of the first operation's work centre when "
        "omitted.")
    replenishment_request_id: strawberry.ID | None = strawberry.field(
        default=None, description="A PRODUCTION replenishment request to fulfil.")
    sales_order_id: strawberry.ID | None = strawberry.field(
        default=None, description="An order it makes goods for (make to order); its promised "
        "date follows the schedule.")
    idempotency_key: str | None = None


@strawberry.input
class UpdateWorkOrderInput:
    work_order_id: strawberry.ID
    due_date: date | None = None
    quantity: int | None = strawberry.field(default=None, description="Only while PLANNED.")


@strawberry.input
class ReleaseWorkOrderInput:
    work_order_id: strawberry.ID


@strawberry.input
class CancelWorkOrderInput:
    work_order_id: strawberry.ID
    reason: str


@strawberry.input
class MaterialIssueLineInput:
    lot_id: strawberry.ID
    quantity: int
    serial_numbers: list[str] | None = strawberry.field(
        default=None, description="SERIAL components: exactly `quantity` serial numbers of "
        "that lot; lowest-numbered first when omitted.")


@strawberry.input
class IssueMaterialInput:
    work_order_id: strawberry.ID
    lines: list[MaterialIssueLineInput] | None = strawberry.field(
        default=None, description="Omit to issue every open reservation.")
    idempotency_key: str | None = None


@strawberry.input
class OutputUnitInput:
    serial_number: str
    component_serials: list[str] | None = strawberry.field(
        default=None, description="Serials of serial-tracked components issued to this work "
        "order that went into this unit.")


@strawberry.input
class RecordWorkOrderOutputInput:
    work_order_id: strawberry.ID
    lot_number: str
    quantity: int
    manufactured_on: date | None = strawberry.field(default=None,
                                                    description="Today when omitted.")
    expires_on: date | None = strawberry.field(
        default=None, description="From the product's shelf life when omitted.")
    units: list[OutputUnitInput] | None = strawberry.field(
        default=None, description="SERIAL products: exactly `quantity` units.")
    final: bool | None = strawberry.field(
        default=None, description="The last output: the work order becomes COMPLETED even if "
        "short.")
    idempotency_key: str | None = None


@strawberry.input
class BatchParameterValueInput:
    code: str
    value: str


@strawberry.input
class RecordBatchStepInput:
    work_order_id: strawberry.ID
    step_sequence: int
    values: list[BatchParameterValueInput] = strawberry.field(
        description="One per parameter of the step.")
    signature: SignatureInput
    comment: str | None = strawberry.field(default=None,
                                           description="Required when a value is out of limits.")


@strawberry.input
class VerifyBatchStepInput:
    work_order_id: strawberry.ID
    step_sequence: int
    signature: SignatureInput


@strawberry.input
class CloseBatchDeviationInput:
    deviation_id: strawberry.ID
    disposition: BatchDeviationDisposition
    rationale: str
    signature: SignatureInput


@strawberry.input
class ReviewBatchRecordInput:
    work_order_id: strawberry.ID
    approve: bool
    signature: SignatureInput
    comment: str | None = None
