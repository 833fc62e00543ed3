"""Fields that purchase orders, requisitions and goods receipts share: who supplies, where,
what, under which supplier override, and who approved."""

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend.enums import ApprovalStatus, Role
from backend.resolvers.context import Info
from backend.schema.base import graph

if TYPE_CHECKING:
    from backend.schema.catalog.types import Product, Warehouse
    from backend.schema.orders.types import Approval
    from backend.schema.parties.types import Supplier, User
    from backend.schema.purchasing.types import SupplierOverride

ProductT = Annotated["Product", strawberry.lazy("backend.schema.catalog.types")]
WarehouseT = Annotated["Warehouse", strawberry.lazy("backend.schema.catalog.types")]
SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.parties.types")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
ApprovalT = Annotated["Approval", strawberry.lazy("backend.schema.orders.types")]
OverrideT = Annotated["SupplierOverride", strawberry.lazy("backend.schema.purchasing.types")]


def approvals_of(rows: list[Any]) -> list[Any]:
    """Purchase approvals as the graph's Approval: one level, no order versions."""
    out = []
    for row in rows:
        approval = graph("Approval", row)
        approval.__dict__.update(
            required_role=Role(row.required_role), status=ApprovalStatus(row.status), level=1,
            order_version=1, on_behalf_of_id=None)
        out.append(approval)
    return out


async def user_of(info: Info, user_id: int | None) -> Any:
    return None if user_id is None else graph(
        "User", await info.context.loaders.user_by_id.load(user_id))


@strawberry.type
class OfProduct:
    product_id: strawberry.Private[int]

    @strawberry.field
    async def product(self, info: Info) -> ProductT:
        return graph("Product", await info.context.loaders.product_by_id.load(self.product_id))


@strawberry.type
class AtWarehouse:
    warehouse_id: strawberry.Private[int]

    @strawberry.field
    async def warehouse(self, info: Info) -> WarehouseT:
        return graph("Warehouse",
                     await info.context.loaders.warehouse_by_id.load(self.warehouse_id))


@strawberry.type
class FromSupplier:
    supplier_id: strawberry.Private[int]

    @strawberry.field
    async def supplier(self, info: Info) -> SupplierT:
        return graph("Supplier", await info.context.loaders.supplier_by_id.load(self.supplier_id))


@strawberry.type
class UnderSupplierOverride:
    supplier_override_id: strawberry.Private[int | None]

    @strawberry.field
    async def supplier_override(self, info: Info) -> OverrideT | None:
        if self.supplier_override_id is None:
            return None
        return graph("SupplierOverride",
                     await info.context.loaders.override_by_id.load(self.supplier_override_id))
