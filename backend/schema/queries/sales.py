"""Quotes, backorder replenishment requests and the approvals inbox."""

from typing import Any

import strawberry
from sqlalchemy import exists, select

from backend.db import models as m
from backend.enums import ApprovalStatus, OrderStatus, Role
from backend.resolvers import scoping
from backend.schema.ids import pk_of
from backend.schema.pagination import Connection, SortKey, paginate
from backend.schema.types.orders import SalesOrder
from backend.schema.types.sales import (
    REPLENISHMENT_ROWS,
    Quote,
    ReplenishmentRequest,
    ReplenishmentStatus,
    quotes_t,
    replenishment_t,
)

orders_t = m.SalesOrder.__table__
approvals_t = m.Approval.__table__


@strawberry.type
class SalesQueries:
    @strawberry.field
    async def quotes(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        customer_id: strawberry.ID | None = None,
    ) -> Connection[Quote]:
        context = info.context
        stmt = select(quotes_t).where(
            scoping.owned_by(quotes_t.c.customer_id, context.partner_customer_id)
        )
        if customer_id is not None:
            stmt = stmt.where(
                quotes_t.c.customer_id == pk_of(customer_id, "Customer", argument="customerId")
            )
        return await paginate(
            context.engine,
            stmt,
            sort=SortKey((quotes_t.c.created_at, quotes_t.c.id), True),
            first=first,
            after=after,
            node=Quote.from_row,
        )

    @strawberry.field(description="Backordered quantities to buy or make, newest first.")
    async def replenishment_requests(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        status: list[ReplenishmentStatus] | None = None,
        product_id: strawberry.ID | None = None,
    ) -> Connection[ReplenishmentRequest]:
        context = info.context
        context.require_staff()
        stmt: Any = REPLENISHMENT_ROWS
        if status:
            stmt = stmt.where(replenishment_t.c.status.in_([s.value for s in status]))
        if product_id is not None:
            stmt = stmt.where(
                replenishment_t.c.product_id == pk_of(product_id, "Product", argument="productId")
            )
        return await paginate(
            context.engine,
            stmt,
            sort=SortKey((replenishment_t.c.id,), True),
            first=first,
            after=after,
            node=ReplenishmentRequest.from_row,
        )

    @strawberry.field(description="Orders waiting for a decision the viewer may take.")
    async def approvals_inbox(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[SalesOrder]:
        context = info.context
        claims = context.require_staff()
        waiting = approvals_t.c.status == ApprovalStatus.PENDING
        if Role.ADMIN.value not in claims.roles:
            waiting = waiting & approvals_t.c.required_role.in_(sorted(claims.roles))
        stmt = select(orders_t).where(
            orders_t.c.status == OrderStatus.PENDING_APPROVAL,
            # Nobody decides on their own order.
            orders_t.c.created_by_id.is_distinct_from(claims.user_id),
            exists().where(approvals_t.c.order_id == orders_t.c.id, waiting),
        )
        return await paginate(
            context.engine,
            stmt,
            sort=SortKey((orders_t.c.created_at, orders_t.c.id)),
            first=first,
            after=after,
            node=SalesOrder.from_row,
        )
