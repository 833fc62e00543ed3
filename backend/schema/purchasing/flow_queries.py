"""Root fields of requisitions, reorder points, approval rules and purchasing settings."""

import strawberry

from backend.api.ids import pk_of
from backend.resolvers import purchasing_flow as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.permissions import staff_only
from backend.schema.purchasing.flow_types import (
    PurchaseApprovalRule,
    PurchaseRequisition,
    PurchaseRequisitionStatus,
    PurchasingSettings,
    ReorderPoint,
)


@strawberry.field(extensions=staff_only())
async def purchasing_settings(info: Info) -> PurchasingSettings:
    values = await reads.purchasing_settings(info.context)
    return PurchasingSettings(
        currency=values.currency,
        over_receipt_tolerance_percent=values.over_receipt_tolerance_percent,
        price_tolerance_percent=values.price_tolerance_percent)


@strawberry.field(extensions=staff_only())
async def purchase_approval_rules(info: Info) -> list[PurchaseApprovalRule]:
    return PurchaseApprovalRule.many(await reads.approval_rules(info.context))


@strawberry.field(extensions=staff_only())
async def reorder_points(info: Info, product_id: strawberry.ID | None = None,
                         warehouse_id: strawberry.ID | None = None) -> list[ReorderPoint]:
    return ReorderPoint.many(await reads.reorder_points(
        info.context,
        product_id=None if product_id is None else pk_of(product_id, "Product",
                                                         argument="productId"),
        warehouse_id=None if warehouse_id is None else pk_of(warehouse_id, "Warehouse",
                                                             argument="warehouseId")))


@strawberry.field(extensions=staff_only())
async def purchase_requisitions(
    info: Info, first: int | None = None, after: str | None = None,
    status: list[PurchaseRequisitionStatus] | None = None,
) -> Connection[PurchaseRequisition]:
    page = await reads.purchase_requisitions(info.context, first, after, statuses=status)
    return Connection.of(page, PurchaseRequisition.from_row)
