"""Mutation payloads: the changed object, or `userErrors` naming what refused it."""

from decimal import Decimal

import strawberry

from backend.domain.errors import DomainError
from backend.schema.enums import ErrorCode
from backend.schema.types.finance import Invoice
from backend.schema.types.orders import SalesOrder, Shipment
from backend.schema.types.quality import Document, Inspection, Lot
from backend.schema.types.recalls import Recall


@strawberry.type
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "lines", "0", "quantity"].'
    )
    message: str
    code: ErrorCode

    @classmethod
    def from_domain(cls, error: DomainError) -> list["UserError"]:
        return [
            cls(field=list(p.field) if p.field else None, message=p.message, code=p.code)
            for p in error.problems
        ]


@strawberry.type
class SalesOrderPayload:
    order: SalesOrder | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ShipmentPayload:
    shipment: Shipment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ReceiveGoodsPayload:
    lots: list[Lot] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LotPayload:
    lot: Lot | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InspectionPayload:
    inspection: Inspection | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DocumentPayload:
    document: Document | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InvoicePayload:
    invoice: Invoice | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PaymentPayload:
    invoices: list[Invoice] = strawberry.field(default_factory=list)
    unapplied_amount: Decimal = Decimal("0.00")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RecallPayload:
    recall: Recall | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
