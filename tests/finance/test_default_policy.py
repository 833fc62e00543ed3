"""The global default invoicing policy governs customers without an override of their own."""

from decimal import Decimal

import pytest

from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import settings
from backend.enums import InvoicingPolicy, OrderStatus
from tests.support.finance import Desk, customer

D = Decimal


async def test_a_per_order_default_invoices_once_all_is_delivered(sessionmaker, stock) -> None:
    plain = await customer(sessionmaker)
    per_shipment = await customer(sessionmaker, policy=InvoicingPolicy.PER_SHIPMENT)
    # The setting changes inside this transaction only, rolled back at the end: the demo
    # database is shared by the whole run.
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        before = await settings.load(s)
        assert before.default_invoicing_policy == InvoicingPolicy.PER_SHIPMENT
        await settings.update_settings(s, actor=desk.finance,
                                       default_invoicing_policy=InvoicingPolicy.PER_ORDER,
                                       invoice_on=None, write_off_threshold=None)

        order = await desk.order(plain, [(stock.product.id, 4), (stock.other.id, 2)])
        first = await desk.ship(order, {1: 1, 2: 1})
        for named in (None, [first]):  # naming the delivered shipment changes nothing
            with pytest.raises(DomainError) as caught:
                await desk.invoice(order, named)
            assert caught.value.problems[0].code == ErrorCode.INVALID_TRANSITION
        await desk.ship(order)
        invoice = await desk.invoice(order)
        assert invoice.policy == InvoicingPolicy.PER_ORDER
        assert invoice.total == order.total and order.status == OrderStatus.INVOICED

        # An override of PER_SHIPMENT still invoices each delivery.
        own = await desk.order(per_shipment, [(stock.product.id, 3)])
        await desk.ship(own, {1: 1})
        partial = await desk.invoice(own)
        assert partial.policy == InvoicingPolicy.PER_SHIPMENT
        assert partial.subtotal == D("10.01")
        await s.rollback()
    async with sessionmaker() as s:
        assert (await settings.load(s)).default_invoicing_policy == InvoicingPolicy.PER_SHIPMENT
