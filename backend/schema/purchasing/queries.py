"""Root fields of purchase orders."""

import strawberry

from backend.api.ids import pk_of
from backend.resolvers import purchasing as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.permissions import staff_only
from backend.schema.purchasing.orders import PurchaseOrder, PurchaseOrderStatus


@strawberry.field(extensions=staff_only())
async def purchase_orders(
    info: Info, first: int | None = None, after: str | None = None,
    supplier_id: strawberry.ID | None = None, status: list[PurchaseOrderStatus] | None = None,
    search: str | None = None,
) -> Connection[PurchaseOrder]:
    page = await reads.purchase_orders(
        info.context, first, after,
        supplier_id=None if supplier_id is None else pk_of(supplier_id, "Supplier",
                                                           argument="supplierId"),
        statuses=status, search=search)
    return Connection.of(page, PurchaseOrder.from_row)


@strawberry.field(extensions=staff_only())
async def purchase_order(info: Info, number: str) -> PurchaseOrder | None:
    return PurchaseOrder.maybe(await reads.purchase_order(info.context, number))
