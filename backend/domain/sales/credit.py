"""A customer's credit: what it owes, what it has been promised, and the exposure of a new order.

Exposure = open receivables + approved orders not yet invoiced + the order at hand.
Approved but uninvoiced orders count because they become receivables without any
further decision; drafts and orders waiting for approval do not, they may still be
refused. The CREDIT_LIMIT approval rule and the order preview both use this.
The formula itself is `OrderFacts.credit_exposure_after` (rules/approval_rules.py).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.domain.finance.balances import receivables_by_customer
from backend.enums import InvoiceStatus, OrderStatus

invoices_t = m.Invoice.__table__
orders_t = m.SalesOrder.__table__

# Approved, and not yet turned into an invoice (an invoiced order is in the receivables).
UNINVOICED_STATUSES = (
    OrderStatus.APPROVED,
    OrderStatus.ALLOCATED,
    OrderStatus.PARTIALLY_SHIPPED,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
)


def uninvoiced_by_customer(excluding_order_id: int | None = None) -> Select[Any]:
    """(customer_id, amount): what approved orders still add beyond their (non-void)
    invoices; an order invoiced per shipment counts with its uninvoiced rest."""
    invoiced = (
        select(func.coalesce(func.sum(invoices_t.c.total), 0))
        .where(invoices_t.c.order_id == orders_t.c.id, invoices_t.c.status != InvoiceStatus.VOID)
        .scalar_subquery()
    )
    stmt = select(
        orders_t.c.customer_id,
        func.sum(func.greatest(orders_t.c.total - invoiced, 0)).label("amount"),
    ).where(orders_t.c.status.in_(UNINVOICED_STATUSES))
    if excluding_order_id is not None:
        stmt = stmt.where(orders_t.c.id != excluding_order_id)
    return stmt.group_by(orders_t.c.customer_id)


async def open_receivables(db: AsyncSession | AsyncConnection, customer_id: int) -> Decimal:
    stmt = receivables_by_customer()
    row = (await db.execute(stmt.where(stmt.selected_columns.customer_id == customer_id))).first()
    return Decimal(row.balance) if row is not None else Decimal(0)


__all__ = ["receivables_by_customer"]  # the definition lives in domain/finance/balances.py


async def uninvoiced_orders(
    db: AsyncSession | AsyncConnection, customer_id: int, *, excluding_order_id: int | None = None
) -> Decimal:
    stmt = uninvoiced_by_customer(excluding_order_id)
    row = (await db.execute(stmt.where(orders_t.c.customer_id == customer_id))).first()
    return Decimal(row.amount) if row is not None else Decimal(0)


@dataclass(frozen=True, slots=True)
class CreditPosition:
    open_receivables: Decimal
    uninvoiced_orders: Decimal
    credit_limit: Decimal


async def credit_position(
    db: AsyncSession | AsyncConnection,
    customer: m.Customer,
    *,
    excluding_order_id: int | None = None,
) -> CreditPosition:
    """What the customer owes and has been promised, before the order at hand."""
    return CreditPosition(
        open_receivables=await open_receivables(db, customer.id),
        uninvoiced_orders=await uninvoiced_orders(
            db, customer.id, excluding_order_id=excluding_order_id
        ),
        credit_limit=customer.credit_limit,
    )
