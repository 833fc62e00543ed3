"""Root fields of sales orders, quotes and the approvals inbox."""

import strawberry

from backend.api.ids import pk_of
from backend.resolvers import orders as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.orders.types import Quote, SalesOrder, SalesOrderFilter
from backend.schema.permissions import staff_only


@strawberry.field
async def sales_order(info: Info, number: str) -> SalesOrder | None:
    return SalesOrder.maybe(await reads.sales_order(info.context, number))


@strawberry.field
async def sales_orders(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    filter: SalesOrderFilter | None = None,
    order_by: reads.OrderSort | None = None,
) -> Connection[SalesOrder]:
    wanted = reads.OrderFilter() if filter is None else filter.to_query()
    page = await reads.sales_orders(info.context, first, after, wanted,
                                    order_by or reads.OrderSort.NEWEST_FIRST)
    return Connection.of(page, SalesOrder.from_row)


@strawberry.field
async def quotes(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    customer_id: strawberry.ID | None = None,
) -> Connection[Quote]:
    customer = None if customer_id is None else pk_of(customer_id, "Customer",
                                                      argument="customerId")
    page = await reads.quotes(info.context, first, after, customer)
    return Connection.of(page, Quote.from_row)


@strawberry.field(
    description="Orders waiting for a decision the viewer may take.", extensions=staff_only()
)
async def approvals_inbox(
    info: Info, first: int | None = None, after: str | None = None
) -> Connection[SalesOrder]:
    page = await reads.approvals_inbox(info.context, first, after)
    return Connection.of(page, SalesOrder.from_row)
