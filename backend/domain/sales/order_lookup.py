"""Finding the customer and the order a request names, in the actor's reach, locked for
the transaction: the first step of every order action (below orders and allocation both)."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, SalesOrder, SalesOrderLine
from backend.domain import access
from backend.domain.actor import Actor


async def customer_in_scope(
    session: AsyncSession, customer_id: int, *, actor: Actor, field: Sequence[str]
) -> Customer:
    """The customer, if the actor may act for it; a partner acts for its own customer only."""
    customer = await session.get(Customer, customer_id)
    access.ensure_owner(actor, customer, "customer", tuple(field))
    assert customer is not None
    return customer


async def order_for_update(
    session: AsyncSession, order_id: int, *, actor: Actor, field: Sequence[str] = ("orderId",)
) -> SalesOrder:
    """The order, row-locked for this transaction, if it is in the actor's scope.

    Every action on an order takes this lock first, so two actions on one order
    (approving twice, allocating twice) run one after the other and the second
    sees the first's result.
    """
    order = await session.scalar(
        select(SalesOrder).where(SalesOrder.id == order_id).with_for_update()
    )
    access.ensure_owner(actor, order, "sales order", tuple(field))
    assert order is not None
    return order


async def order_lines(session: AsyncSession, order_id: int) -> list[SalesOrderLine]:
    return list(
        await session.scalars(
            select(SalesOrderLine)
            .where(SalesOrderLine.order_id == order_id)
            .order_by(SalesOrderLine.line_number)
        )
    )
