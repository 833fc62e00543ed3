"""The credit limit compares receivables plus approved, not yet invoiced orders plus the order."""

from decimal import Decimal

from sqlalchemy import select

from backend.db.models import Approval
from backend.domain.actor import SYSTEM
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales import approvals, credit, order_status, orders
from backend.enums import OrderStatus
from tests.support import builders
from tests.support.finance import Desk

D = Decimal


async def test_an_approved_uninvoiced_order_counts_towards_the_credit_limit(
    sessionmaker, stock
) -> None:
    # 10 x 10.01 at 21 % = 121.12 an order.
    buyer = await builders.make_customer(sessionmaker, credit_limit="300.00")
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        invoiced = await desk.order(buyer.id, [(stock.product.id, 10)])
        await desk.ship(invoiced)
        await desk.invoice(invoiced)
        assert await credit.open_receivables(s, buyer.id) == D("121.12")
        # 121.12 owed + 121.12: within the limit, approved at once, not invoiced.
        pending_invoice = await builders.approved(s, buyer.id, [(stock.product.id, 10)])
        assert await credit.uninvoiced_orders(s, buyer.id) == D("121.12")

        # Receivables and this order alone (242.24) are under 300.00; with the approved
        # order (363.36) they are over it.
        order = await orders.create_sales_order(s, actor=desk.sales, customer_id=buyer.id,
                                                lines=[LineRequest(stock.product.id, 10)])
        await approvals.submit_sales_order(s, actor=desk.sales, order_id=order.id)
        assert order.status == OrderStatus.PENDING_APPROVAL
        rules = set(await s.scalars(select(Approval.rule).where(Approval.order_id == order.id)))
        assert rules == {"CREDIT_LIMIT"}

        # Once the approved order is gone (cancelled), the same order passes.
        await order_status.change_status(s, pending_invoice, OrderStatus.CANCELLED, actor=SYSTEM)
        again = await orders.create_sales_order(s, actor=desk.sales, customer_id=buyer.id,
                                                lines=[LineRequest(stock.product.id, 10)])
        await approvals.submit_sales_order(s, actor=desk.sales, order_id=again.id)
        assert again.status == OrderStatus.APPROVED
        await s.rollback()
