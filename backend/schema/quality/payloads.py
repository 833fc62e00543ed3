"""Payloads of goods-in, production, inspection, release and document mutations."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.schema.common import UserError
from backend.schema.quality.types import Document, Inspection, Lot

if TYPE_CHECKING:
    from backend.schema.purchasing.flow_types import GoodsReceipt

ReceiptT = Annotated["GoodsReceipt", strawberry.lazy("backend.schema.purchasing.flow_types")]


@strawberry.type
class ReceiveGoodsPayload:
    lots: list[Lot] = strawberry.field(default_factory=list)
    receipt: ReceiptT | None = None
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
