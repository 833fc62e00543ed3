"""Root reads of sales orders, quotes and the approvals inbox."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Date, Select, func, literal, or_, select

from backend.api.ids import input_pk
from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain import access
from backend.domain.actor import Actor
from backend.domain.customfields.matching import matches_all
from backend.domain.errors import DomainError
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales import approval_policy
from backend.domain.sales.order_lookup import shipped_lot_or_serial
from backend.domain.sales.order_preview import SalesOrderPreview, preview_sales_order
from backend.enums import CustomFieldEntity, OrderStatus
from backend.resolvers.context import Context
from backend.resolvers.reading import first_row, page
from backend.resolvers.search import contains

orders_t = m.SalesOrder.__table__
quotes_t = m.Quote.__table__
ORDER_SORT = SortKey((orders_t.c.created_at, orders_t.c.id), descending=True)
# The day the customer counts on: the promise, else the request; undated orders sort last
# (a far date rather than NULL, so the keyset comparison of cursors stays total).
DUE_ON = func.coalesce(orders_t.c.promised_delivery_date, orders_t.c.requested_delivery_date,
                       literal(date(9999, 12, 31), Date)).label("due_on")
DUE_SORT = SortKey((DUE_ON, orders_t.c.number, orders_t.c.id))


class OrderSort(Enum):
    NEWEST_FIRST = "NEWEST_FIRST"
    PROMISED_DATE = "PROMISED_DATE"


@dataclass(frozen=True)
class OrderFilter:
    """The one filter shared by `salesOrders` and `Customer.orders`."""

    statuses: tuple[OrderStatus, ...] = ()
    customer_id: int | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str | None = None
    # Set by `Customer.orders`: the list of one customer, whatever else the filter says.
    only_customer: int | None = None
    # (key, value) of custom fields that must all match, compared by type.
    custom_fields: tuple[tuple[str, str], ...] = ()

    def for_customer(self, customer_id: int) -> "OrderFilter":
        return dataclasses.replace(self, only_customer=customer_id)


def order_numbered(actor: Actor, number: str) -> Select[Any]:
    """The order of that number the actor may see (the compiled read path shares it)."""
    return select(orders_t).where(
        orders_t.c.number == number, access.owned_by(actor, orders_t.c.customer_id)
    )


async def sales_order(context: Context, number: str) -> Any:
    return await first_row(context, order_numbered(context.actor, number))


async def sales_orders(
    context: Context, first: int | None, after: str | None, wanted: OrderFilter,
    order: OrderSort = OrderSort.NEWEST_FIRST,
) -> Page:
    rows = order_list(context.actor, wanted)
    if order is OrderSort.PROMISED_DATE:
        return await page(context, rows.add_columns(DUE_ON), DUE_SORT, first, after)
    return await page(context, rows, ORDER_SORT, first, after)


def order_list(actor: Actor, wanted: OrderFilter) -> Select[Any]:
    """The orders of `salesOrders` (unordered), as the compiled read path reads them too."""
    stmt = select(orders_t).where(access.owned_by(actor, orders_t.c.customer_id))
    if wanted.statuses:
        stmt = stmt.where(orders_t.c.status.in_(list(wanted.statuses)))
    if wanted.customer_id is not None:
        stmt = stmt.where(orders_t.c.customer_id == wanted.customer_id)
    if wanted.only_customer is not None:
        stmt = stmt.where(orders_t.c.customer_id == wanted.only_customer)
    if wanted.created_from is not None:
        stmt = stmt.where(orders_t.c.created_at >= wanted.created_from)
    if wanted.created_to is not None:
        stmt = stmt.where(orders_t.c.created_at < wanted.created_to)
    if wanted.search:
        stmt = stmt.where(
            or_(
                contains(orders_t.c.number, wanted.search),
                contains(orders_t.c.customer_reference, wanted.search),
                # Traceability: the order a lot or a serial number went out with.
                shipped_lot_or_serial(wanted.search),
            )
        )
    if wanted.custom_fields:
        stmt = stmt.where(matches_all(CustomFieldEntity.SALES_ORDER, orders_t.c.id,
                                      wanted.custom_fields, partner=actor.is_partner))
    return stmt


async def approvals_inbox(context: Context, first: int | None, after: str | None) -> Page:
    """Orders with an approval the viewer may decide: the same rule decideApproval applies."""
    stmt = select(orders_t).where(approval_policy.awaiting_decision_by(context.actor))
    return await page(context, stmt, SortKey((orders_t.c.created_at, orders_t.c.id)), first, after)


async def preview(
    context: Context,
    customer_id: str,
    lines: Callable[[], list[LineRequest]],
    customer_reference: str | None,
    requested_delivery_date: date | None,
) -> SalesOrderPreview:
    """The order as createSalesOrder would make it, in a transaction that writes nothing."""
    actor = context.actor
    try:
        customer = input_pk(customer_id, "Customer", ("input", "customerId"))
        requested = lines()
    except DomainError as error:
        return SalesOrderPreview(problems=error.problems)
    async with context.state.sessionmaker() as session:
        try:
            return await preview_sales_order(
                session, actor=actor, customer_id=customer, lines=requested,
                customer_reference=customer_reference,
                requested_delivery_date=requested_delivery_date,
            )
        finally:
            await session.rollback()


async def quotes(
    context: Context, first: int | None, after: str | None, customer_id: int | None
) -> Page:
    stmt = select(quotes_t).where(access.owned_by(context.actor, quotes_t.c.customer_id))
    if customer_id is not None:
        stmt = stmt.where(quotes_t.c.customer_id == customer_id)
    sort = SortKey((quotes_t.c.created_at, quotes_t.c.id), True)
    return await page(context, stmt, sort, first, after)
