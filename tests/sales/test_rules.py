"""Pure rules of the sales flow: money, distances, FEFO picking, prices, approval rules."""

from datetime import date
from decimal import Decimal

from backend.domain.errors import ErrorCode
from backend.domain.rules import approval_rules, fefo, geo, money, pricing

D = Decimal


def test_line_amounts_round_half_up_to_cents_and_tax_is_per_line() -> None:
    assert money.line_net(3, D("33.335"), D("0")) == D("100.01")
    assert money.line_net(1, D("0.05"), D("10")) == D("0.05")  # 0.045 rounds up
    assert money.line_tax(D("0.50"), D("0.09")) == D("0.05")  # 0.045 rounds up
    totals = money.totals([(D("0.50"), D("0.09")), (D("0.50"), D("0.09"))])
    assert (totals.subtotal, totals.tax_total, totals.total) == (D("1.00"), D("0.10"), D("1.10"))


def test_whole_cents() -> None:
    assert money.is_whole_cents(D("12.30"))
    assert not money.is_whole_cents(D("12.301"))
    assert not money.is_whole_cents(D("NaN"))


def test_great_circle_distance_rotterdam_to_munich() -> None:
    assert 600 < geo.great_circle_km(51.9225, 4.4792, 48.1417, 11.5080) < 660
    assert geo.great_circle_km(10, 10, 10, 10) == 0


def test_nearest_first_puts_places_without_coordinates_last() -> None:
    places = {1: (45.76, 4.84), 2: (51.92, 4.48), 3: (None, None), 4: (51.34, 12.37)}
    assert geo.nearest_first((52.09, 5.12), places) == [2, 4, 1, 3]
    assert geo.nearest_first(None, places) == [1, 2, 3, 4]


def _c(warehouse: int, lot: int, available: int, expires: date | None = None) -> fefo.Candidate:
    return fefo.Candidate(warehouse, lot, 7, expires, available)


def test_nearest_warehouse_that_can_fill_the_line_alone_wins() -> None:
    candidates = [_c(1, 10, 5), _c(2, 20, 30)]
    picks = fefo.plan([fefo.Demand(100, 7, 10)], candidates, [1, 2])
    assert picks == [fefo.Pick(100, 2, 20, 10)]


def test_split_over_nearest_warehouses_when_none_can_fill_alone() -> None:
    candidates = [_c(1, 10, 5), _c(2, 20, 4), _c(3, 30, 8)]
    picks = fefo.plan([fefo.Demand(100, 7, 12)], candidates, [1, 2, 3])
    assert picks == [fefo.Pick(100, 1, 10, 5), fefo.Pick(100, 2, 20, 4), fefo.Pick(100, 3, 30, 3)]


def test_earliest_expiry_first_inside_a_warehouse_and_undated_lots_last() -> None:
    candidates = [
        _c(1, 10, 5, None),
        _c(1, 11, 5, date(2028, 1, 1)),
        _c(1, 12, 5, date(2027, 6, 1)),
    ]
    picks = fefo.plan([fefo.Demand(100, 7, 12)], candidates, [1])
    assert [(p.lot_id, p.quantity) for p in picks] == [(12, 5), (11, 5), (10, 2)]


def test_stock_taken_by_one_line_is_gone_for_the_next_and_short_lines_get_what_is_left() -> None:
    picks = fefo.plan([fefo.Demand(1, 7, 4), fefo.Demand(2, 7, 4)], [_c(1, 10, 6)], [1])
    assert picks == [fefo.Pick(1, 1, 10, 4), fefo.Pick(2, 1, 10, 2)]


FACTS = pricing.ProductFacts(sku="SKU-1", sellable=True, tax_rate=D("0.21"), list_price=D("100.00"))


def test_price_line_takes_the_list_price_and_computes_the_total() -> None:
    line, problems = pricing.price_line(0, pricing.LineRequest(1, 3, None, D("5")), FACTS)
    assert problems == []
    assert line is not None
    assert (line.unit_price, line.line_total, line.tax_rate) == (
        D("100.00"),
        D("285.00"),
        D("0.21"),
    )


def test_price_line_reports_every_problem_with_its_field_path() -> None:
    request = pricing.LineRequest(1, 0, D("120.00"), D("101"))
    _, problems = pricing.price_line(2, request, FACTS)
    found = {(p.code, p.field) for p in problems}
    assert found == {
        (ErrorCode.INVALID, ("input", "lines", "2", "quantity")),
        (ErrorCode.INVALID, ("input", "lines", "2", "discountPercent")),
        (ErrorCode.PRICE_MISMATCH, ("input", "lines", "2", "unitPrice")),
    }
    _, missing = pricing.price_line(0, request, None)
    assert [(p.code, p.field) for p in missing] == [
        (ErrorCode.NOT_FOUND, ("input", "lines", "0", "productId"))
    ]


def test_a_lower_unit_price_counts_as_a_discount() -> None:
    line, _ = pricing.price_line(0, pricing.LineRequest(1, 1, D("85.00"), D("0")), FACTS)
    assert line is not None and line.effective_discount == D("15")
    combined = pricing.effective_discount(D("100"), D("95"), D("10"))
    assert combined == D("14.5")


def test_customer_prices_come_before_the_default_list() -> None:
    prices = dict(
        customer_prices={1: D("90")},
        default_prices={1: D("100"), 2: D("50")},
        catalogue_price=D("1"),
    )
    assert pricing.list_price(1, **prices) == D("90")
    assert pricing.list_price(2, **prices) == D("50")
    assert pricing.list_price(3, **prices) == D("1")


RULES = [
    approval_rules.Rule(
        "DISCOUNT_OVER_10",
        approval_rules.Conditions(discount_above_percent=D("10")),
        (("SALES_MANAGER",),),
    ),
    approval_rules.Rule(
        "CREDIT_LIMIT", approval_rules.Conditions(exceeds_credit_limit=True), (("FINANCE",),)
    ),
]


def test_approval_rules_trigger_on_their_measures() -> None:
    def facts(discount: str, total: str, open_: str = "0") -> approval_rules.OrderFacts:
        return approval_rules.OrderFacts(D(discount), D(total), D(open_), D("1000"))

    assert approval_rules.triggered(RULES, facts("10", "1000")) == []
    assert [r.code for r in approval_rules.triggered(RULES, facts("10.01", "10"))] == [
        "DISCOUNT_OVER_10"
    ]
    assert [r.code for r in approval_rules.triggered(RULES, facts("0", "600", "400.01"))] == [
        "CREDIT_LIMIT"
    ]
    assert len(approval_rules.triggered(RULES, facts("50", "5000"))) == 2
