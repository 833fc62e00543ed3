"""Tax rules hold between their dates, exemption carries its note, and quotes use them too."""

import secrets
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from backend.db.models import InvoiceLine, QuoteLine
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import taxes
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales import orders, quotes
from backend.enums import CustomerTaxStatus as S
from tests.support import builders
from tests.support.finance import Desk, customer

D = Decimal
EXEMPT_NOTE = "VAT exempt, art. 132(1)(b) VAT Directive"


async def test_expired_and_future_rules_are_not_used(sessionmaker, stock) -> None:
    dutch = await customer(sessionmaker, country="NL")
    today = builders.today()
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        category = "T_DATES_" + secrets.token_hex(2).upper()
        stock.product.tax_category = category
        await s.merge(stock.product)

        async def rule(rate: str, start: int, end: int | None) -> None:
            await taxes.set_tax_rule(
                s, actor=desk.finance, country="NL", tax_category=category,
                customer_tax_status=S.STANDARD, rate=D(rate), legal_note=None,
                valid_from=today + timedelta(days=start),
                valid_to=None if end is None else today + timedelta(days=end))

        await rule("0.0500", -400, -1)  # ended yesterday
        await rule("0.3000", 1, None)  # starts tomorrow
        lines = [LineRequest(stock.product.id, 1)]
        for attempt in (
            orders.create_sales_order(s, actor=desk.sales, customer_id=dutch, lines=lines),
            quotes.create_quote(s, actor=desk.sales, customer_id=dutch, lines=lines,
                                valid_until=today + timedelta(days=30)),
        ):
            with pytest.raises(DomainError) as caught:
                await attempt
            assert caught.value.problems[0].code == ErrorCode.TAX_RULE_MISSING

        await rule("0.0900", -10, 30)  # in force today
        order = await orders.create_sales_order(s, actor=desk.sales, customer_id=dutch,
                                                lines=[LineRequest(stock.product.id, 10)])
        assert order.tax_total == D("9.01")  # 100.10 at 9 %
        quote = await quotes.create_quote(s, actor=desk.sales, customer_id=dutch,
                                          valid_until=today + timedelta(days=30),
                                          lines=[LineRequest(stock.product.id, 10)])
        [line] = await s.scalars(select(QuoteLine).where(QuoteLine.quote_id == quote.id))
        assert line.tax_rate == D("0.0900") and quote.tax_total == D("9.01")
        await s.rollback()


async def test_an_exempt_customer_gets_the_zero_rate_and_its_note(sessionmaker, stock) -> None:
    exempt = await customer(sessionmaker, country="NL", status=S.EXEMPT)
    today = builders.today()
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        category = "T_EXEMPT_" + secrets.token_hex(2).upper()
        stock.product.tax_category = category
        await s.merge(stock.product)
        # The standard rule of the category must not apply to an exempt customer.
        for status, rate, note in ((S.STANDARD, "0.2100", None), (S.EXEMPT, "0", EXEMPT_NOTE)):
            await taxes.set_tax_rule(s, actor=desk.finance, country=None, tax_category=category,
                                     customer_tax_status=status, rate=D(rate), legal_note=note,
                                     valid_from=today - timedelta(days=5), valid_to=None)
        quote = await quotes.create_quote(s, actor=desk.sales, customer_id=exempt,
                                          valid_until=today + timedelta(days=30),
                                          lines=[LineRequest(stock.product.id, 3)])
        [quoted] = await s.scalars(select(QuoteLine).where(QuoteLine.quote_id == quote.id))
        assert quoted.tax_rate == 0 and quote.tax_total == 0 and quote.total == D("30.03")
        order = await desk.order(exempt, [(stock.product.id, 3)])
        assert order.tax_total == 0 and order.total == D("30.03")
        await desk.ship(order)
        invoice = await desk.invoice(order)
        [line] = await s.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id))
        assert (line.tax_rate, line.tax_amount, line.legal_note) == (0, 0, EXEMPT_NOTE)
        assert invoice.tax_total == 0
        await s.rollback()
