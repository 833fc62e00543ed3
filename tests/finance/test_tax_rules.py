"""Tax rules as data: the rate follows ship-to country, tax category and tax status."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from backend.db.models import InvoiceLine
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import taxes
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales import orders
from backend.enums import CustomerTaxStatus as S
from tests.support import builders
from tests.support.finance import Desk, customer

D = Decimal
NOTE = "Intra-Community supply, VAT reverse charge"


async def rules(s, finance) -> None:  # type: ignore[no-untyped-def]
    start = builders.today() - timedelta(days=400)
    for country, category, status, rate, note in [
        ("NL", "STANDARD", S.STANDARD, "0.2100", None),
        ("NL", "T_REDUCED", S.STANDARD, "0.0900", None),
        ("DE", "STANDARD", S.STANDARD, "0.1900", None),
        ("DE", "T_REDUCED", S.STANDARD, "0.1900", None),
        (None, "STANDARD", S.EU_REVERSE_CHARGE, "0", NOTE),
        (None, "T_REDUCED", S.EU_REVERSE_CHARGE, "0", NOTE),
    ]:
        await taxes.set_tax_rule(s, actor=finance, country=country, tax_category=category,
                                 customer_tax_status=status, rate=D(rate), legal_note=note,
                                 valid_from=start, valid_to=None)


async def test_orders_and_invoices_take_the_rule_of_country_category_and_status(
    sessionmaker, stock
) -> None:
    german = await customer(sessionmaker, country="DE")
    reverse = await customer(sessionmaker, country="DE", vat="DE123456789",
                             status=S.EU_REVERSE_CHARGE)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        await rules(s, desk.finance)
        stock.product.tax_category = "T_REDUCED"
        await s.merge(stock.product)
        order = await desk.order(german, [(stock.product.id, 2)])
        assert order.tax_total == D("3.80")  # 20.02 at 19 %
        await desk.ship(order)
        invoice = await desk.invoice(order)
        assert invoice.ship_to_country == "DE" and invoice.tax_total == D("3.80")

        zero = await desk.order(reverse, [(stock.product.id, 2), (stock.other.id, 1)])
        assert zero.tax_total == 0
        await desk.ship(zero)
        invoice = await desk.invoice(zero)
        assert invoice.customer_vat_number == "DE123456789"
        lines = list(await s.scalars(select(InvoiceLine).where(
            InvoiceLine.invoice_id == invoice.id)))
        assert {(li.tax_category, li.tax_rate, li.legal_note) for li in lines} == {
            ("T_REDUCED", D("0"), NOTE), ("STANDARD", D("0"), NOTE)}
        await s.rollback()


async def test_no_rule_is_tax_rule_missing_and_bad_rules_are_invalid(sessionmaker, stock
                                                                     ) -> None:
    swiss = await customer(sessionmaker, country="CH", status=S.EXPORT)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        stock.product.tax_category = "T_UNRULED"  # no rule for this category anywhere
        await s.merge(stock.product)
        with pytest.raises(DomainError) as caught:
            await orders.create_sales_order(s, actor=desk.sales, customer_id=swiss,
                                            lines=[LineRequest(stock.product.id, 1)])
        assert caught.value.problems[0].code == ErrorCode.TAX_RULE_MISSING
        for bad in ({"rate": D("1.5")}, {"rate": D("-0.1")}, {"country": "Deutschland"},
                    {"country": "de"}):
            args = {"country": "DE", "rate": D("0.19"), **bad}
            with pytest.raises(DomainError) as caught:
                await taxes.set_tax_rule(s, actor=desk.finance, tax_category="STANDARD",
                                         customer_tax_status=S.STANDARD, legal_note=None,
                                         valid_from=builders.today(), valid_to=None,
                                         **args)  # type: ignore[arg-type]
            assert caught.value.problems[0].code == ErrorCode.INVALID, bad
        # The same key and start date updates the rule instead of adding one.
        first = await taxes.set_tax_rule(s, actor=desk.finance, country="CH",
                                         tax_category="T_UNRULED", customer_tax_status=S.EXPORT,
                                         rate=D("0"), legal_note="Export outside the EU",
                                         valid_from=builders.today(), valid_to=None)
        second = await taxes.set_tax_rule(s, actor=desk.finance, country="CH",
                                          tax_category="T_UNRULED", customer_tax_status=S.EXPORT,
                                          rate=D("0"), legal_note="Export, art. 146 VAT Directive",
                                          valid_from=builders.today(), valid_to=None)
        assert first.id == second.id and second.legal_note.startswith("Export, art")
        order = await orders.create_sales_order(s, actor=desk.sales, customer_id=swiss,
                                                lines=[LineRequest(stock.product.id, 1)])
        assert order.tax_total == 0
        await s.rollback()
