"""Sales order lists: the one filter shared by `salesOrders` and `Customer.orders`."""

from typing import Any

from sqlalchemy import or_, select

from backend.db import models as m
from backend.resolvers import scoping
from backend.resolvers.search import contains
from backend.schema.ids import pk_of
from backend.schema.pagination import Connection, SortKey, paginate

orders_t = m.SalesOrder.__table__
ORDER_SORT = SortKey((orders_t.c.created_at, orders_t.c.id), descending=True)


async def sales_orders_connection(
    info: Any,
    *,
    first: int | None,
    after: str | None,
    filter: Any | None,
    customer_id: int | None = None,
) -> Connection[Any]:
    from backend.schema.types.orders import SalesOrder

    context = info.context
    stmt = select(orders_t).where(
        scoping.owned_by(orders_t.c.customer_id, context.partner_customer_id)
    )
    if customer_id is not None:
        stmt = stmt.where(orders_t.c.customer_id == customer_id)
    if filter is not None:
        if filter.status:
            stmt = stmt.where(orders_t.c.status.in_(list(filter.status)))
        if filter.customer_id is not None:
            wanted = pk_of(filter.customer_id, "Customer", argument="filter.customerId")
            stmt = stmt.where(orders_t.c.customer_id == wanted)
        if filter.created_from is not None:
            stmt = stmt.where(orders_t.c.created_at >= filter.created_from)
        if filter.created_to is not None:
            stmt = stmt.where(orders_t.c.created_at < filter.created_to)
        if filter.search:
            stmt = stmt.where(
                or_(
                    contains(orders_t.c.number, filter.search),
                    contains(orders_t.c.customer_reference, filter.search),
                )
            )
    return await paginate(
        context.engine, stmt, sort=ORDER_SORT, first=first, after=after, node=SalesOrder.from_row
    )
