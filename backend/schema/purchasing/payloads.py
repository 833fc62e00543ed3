"""Payloads of the approved supplier list's mutations."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.schema.common import UserError
from backend.schema.purchasing.orders import PurchaseOrder, SupplierPrice
from backend.schema.purchasing.types import SupplierOverride

if TYPE_CHECKING:
    from backend.schema.parties.types import Supplier

SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.parties.types")]


@strawberry.type
class RegisterSupplierPayload:
    supplier: SupplierT | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SupplierQualificationPayload:
    supplier: SupplierT | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SupplierOverridePayload:
    supplier_override: SupplierOverride | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SupplierPricePayload:
    price: SupplierPrice | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PurchaseOrderPayload:
    purchase_order: PurchaseOrder | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
