"""The preview prices, totals and approvals exactly as create and submit do, and writes nothing."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from backend.db.models import Approval, AuditEvent, SalesOrder, SalesOrderLine
from backend.domain.errors import ErrorCode
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales import approvals, orders
from backend.domain.sales.order_preview import preview_sales_order
from backend.enums import Role
from tests.domain.conftest import ActorOf
from tests.support import builders as f

D = Decimal


async def _counts(sessionmaker) -> tuple[int, int, int]:
    async with sessionmaker() as s:
        return (
            await s.scalar(select(func.count()).select_from(SalesOrder)),
            await s.scalar(select(func.count()).select_from(SalesOrderLine)),
            await s.scalar(select(func.count()).select_from(AuditEvent)),
        )


async def test_the_preview_is_what_create_and_submit_make(sessionmaker, actor_of: ActorOf) -> None:
    sales = await actor_of("sales")
    customer = await f.make_customer(sessionmaker, credit_limit="500.00")
    cheap = await f.make_product(sessionmaker, price="40.00", tax_rate="0.09")
    dear = await f.make_product(sessionmaker, price="100.00")
    await f.make_lot(sessionmaker, cheap, quantity=7,
                     warehouse_id=(await f.warehouses(sessionmaker))["NL-RTM"])
    lines = [LineRequest(cheap.id, 3), LineRequest(dear.id, 2, discount_percent=D("12.5"))]

    before = await _counts(sessionmaker)
    async with sessionmaker() as s:
        preview = await preview_sales_order(s, actor=sales, customer_id=customer.id, lines=lines)
    assert await _counts(sessionmaker) == before  # nothing written, not even an audit event

    assert preview.problems == []
    assert [(p.index, p.product_id, p.available_quantity) for p in preview.lines] == [
        (0, cheap.id, 7), (1, dear.id, 0),
    ]
    async with sessionmaker() as s, s.begin():
        order = await orders.create_sales_order(s, actor=sales, customer_id=customer.id,
                                                lines=lines)
        stored = await orders.order_lines(s, order.id)
    assert [(p.unit_price, p.list_price, p.discount_percent, p.tax_rate, p.line_total)
            for p in preview.lines] == [
        (li.unit_price, li.list_price, li.discount_percent, li.tax_rate, li.line_total)
        for li in stored
    ]
    assert (preview.subtotal, preview.tax_total, preview.total) == (
        order.subtotal, order.tax_total, order.total,
    )
    # 3 x 40 + 9% = 130.80 and 2 x 87.50 + 21% = 211.75: 342.55 on a limit of 500.
    assert preview.total == D("342.55") and preview.credit_exposure_after == D("342.55")
    assert preview.credit_limit == D("500.00")

    async with sessionmaker() as s, s.begin():
        await approvals.submit_sales_order(s, actor=sales, order_id=order.id)
        asked = list(await s.scalars(select(Approval.rule).where(Approval.order_id == order.id)))
    assert [a.rule for a in preview.approvals_needed] == asked == ["DISCOUNT_OVER_10"]
    assert preview.approvals_needed[0].required_role == Role.SALES_MANAGER
    assert "12.50%" in preview.approvals_needed[0].reason


async def test_approved_orders_not_yet_invoiced_count_towards_credit(
    sessionmaker, actor_of: ActorOf
) -> None:
    sales = await actor_of("sales")
    customer = await f.make_customer(sessionmaker, credit_limit="1500.00")
    product = await f.make_product(sessionmaker, price="100.00")
    lines = [LineRequest(product.id, 10)]  # 1,210.00 with tax
    async with sessionmaker() as s, s.begin():
        first = await orders.create_sales_order(s, actor=sales, customer_id=customer.id,
                                                lines=lines)
        await approvals.submit_sales_order(s, actor=sales, order_id=first.id)
        assert first.status == "APPROVED"  # within the limit on its own

    async with sessionmaker() as s:
        preview = await preview_sales_order(s, actor=sales, customer_id=customer.id, lines=lines)
    assert preview.credit_exposure_after == D("2420.00")
    assert [(a.rule, a.required_role) for a in preview.approvals_needed] == [
        ("CREDIT_LIMIT", Role.FINANCE)
    ]
    async with sessionmaker() as s, s.begin():
        second = await orders.create_sales_order(s, actor=sales, customer_id=customer.id,
                                                 lines=lines)
        await approvals.submit_sales_order(s, actor=sales, order_id=second.id)
        assert second.status == "PENDING_APPROVAL"


async def test_problems_are_reported_at_their_field_instead_of_refusing(
    sessionmaker, actor_of: ActorOf
) -> None:
    sales = await actor_of("sales")
    customer = await f.make_customer(sessionmaker)
    product = await f.make_product(sessionmaker, price="100.00")
    async with sessionmaker() as s:
        preview = await preview_sales_order(
            s, actor=sales, customer_id=customer.id,
            lines=[LineRequest(product.id, 1, unit_price=D("120.00")), LineRequest(product.id, 2),
                   LineRequest(-5, 1)],
        )
    assert [(p.code, p.field) for p in preview.problems] == [
        (ErrorCode.PRICE_MISMATCH, ("input", "lines", "0", "unitPrice")),
        (ErrorCode.NOT_FOUND, ("input", "lines", "2", "productId")),
    ]
    assert [p.index for p in preview.lines] == [1] and preview.total == D("242.00")


async def test_a_partner_previews_for_its_own_customer_only(sessionmaker, actor_of) -> None:
    partner = await actor_of("partner-a")
    product = await f.make_product(sessionmaker, price="10.00")
    other = await f.make_customer(sessionmaker)
    async with sessionmaker() as s:
        refused = await preview_sales_order(s, actor=partner, customer_id=other.id,
                                            lines=[LineRequest(product.id, 1)])
        own = await preview_sales_order(s, actor=partner, customer_id=partner.customer_id,
                                        lines=[LineRequest(product.id, 1)])
    assert [(p.code, p.field) for p in refused.problems] == [
        (ErrorCode.NOT_FOUND, ("input", "customerId"))
    ]
    assert refused.lines == [] and refused.credit_limit is None
    assert own.problems == [] and len(own.lines) == 1
