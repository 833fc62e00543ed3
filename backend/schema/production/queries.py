"""Root fields of production, and the production fields of Product."""

from datetime import date
from typing import Annotated

import strawberry

from backend.api.ids import pk_of
from backend.enums import BatchRecordStatus, WorkOrderStatus
from backend.resolvers import production as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.permissions import staff_only
from backend.schema.production.orders import WorkOrder
from backend.schema.production.types import CapacityBooking, WorkCenter


@strawberry.input
class WorkOrderFilter:
    status: list[WorkOrderStatus] | None = None
    product_id: strawberry.ID | None = None
    work_center_id: strawberry.ID | None = None
    batch_record_status: list[BatchRecordStatus] | None = None
    due_before: date | None = None
    search: str | None = strawberry.field(default=None,
                                          description="Matches the work order number.")


@strawberry.field(extensions=staff_only())
async def work_centers(info: Info) -> list[WorkCenter]:
    return WorkCenter.many(await reads.work_centers(info.context))


@strawberry.field(extensions=staff_only())
async def work_order(info: Info, number: str) -> WorkOrder | None:
    return WorkOrder.maybe(await reads.work_order(info.context, number))


@strawberry.field(extensions=staff_only(), description="Newest first.")
async def work_orders(info: Info, first: int | None = None, after: str | None = None,
                      filter: WorkOrderFilter | None = None) -> Connection[WorkOrder]:
    f = filter or WorkOrderFilter()
    page = await reads.work_orders(
        info.context, first, after, statuses=f.status,
        product_id=None if f.product_id is None else pk_of(f.product_id, "Product",
                                                           argument="filter.productId"),
        work_center_id=None if f.work_center_id is None else pk_of(
            f.work_center_id, "WorkCenter", argument="filter.workCenterId"),
        batch_record_statuses=f.batch_record_status, due_before=f.due_before, search=f.search)
    return Connection.of(page, WorkOrder.from_row)


@strawberry.field(extensions=staff_only(),
                  description="Bookings between two days (inclusive) of released and "
                  "in-progress work orders: the planner's chart.")
async def production_schedule(info: Info, from_: Annotated[date, strawberry.argument(name="from")],
                              to: date, work_center_id: strawberry.ID | None = None,
                              ) -> list[CapacityBooking]:
    return CapacityBooking.many(await reads.schedule(
        info.context, from_, to,
        None if work_center_id is None else pk_of(work_center_id, "WorkCenter",
                                                  argument="workCenterId")))
