"""When an order may be invoiced is a setting: DELIVERED by default, or SHIPPED."""

from sqlalchemy import update

from backend.db.models import SalesSetting
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance.invoicing import issue_invoice
from backend.domain.fulfilment.shipping import confirm_delivery, create_shipment
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales.allocation import allocate_sales_order
from backend.domain.sales.approvals import submit_sales_order
from backend.domain.sales.orders import create_sales_order
from backend.enums import OrderStatus
from tests.support import builders


async def test_invoicing_on_shipment_when_the_policy_says_so(sessionmaker, demo_data) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=2)
    customer = await builders.make_customer(sessionmaker)
    # One transaction, rolled back at the end: the policy change is never seen by others.
    async with sessionmaker() as s:
        sales = await builders.demo_actor(s, "sales")
        finance = await builders.demo_actor(s, "finance")
        order = await create_sales_order(
            s, actor=sales, customer_id=customer.id, lines=[LineRequest(product.id, 2)]
        )
        await submit_sales_order(s, actor=sales, order_id=order.id)
        await allocate_sales_order(s, actor=sales, order_id=order.id)
        shipment = await create_shipment(
            s, actor=await builders.demo_actor(s, "warehouse"), order_id=order.id
        )
        try:
            await issue_invoice(s, actor=finance, order_id=order.id)
        except DomainError as error:
            assert error.problems[0].code == ErrorCode.INVALID_TRANSITION
        else:
            raise AssertionError("a shipped order was invoiced under the DELIVERED policy")

        await s.execute(
            update(SalesSetting).where(SalesSetting.key == "invoice_on").values(value="SHIPPED")
        )
        invoice = await issue_invoice(s, actor=finance, order_id=order.id)
        assert invoice.total == order.total and order.status == OrderStatus.SHIPPED
        await confirm_delivery(s, actor=sales, shipment_id=shipment.id)
        assert order.status == OrderStatus.INVOICED
        await s.rollback()
