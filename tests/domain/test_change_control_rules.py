"""The pure rules of change control: rule conditions, asking for more, version diffs."""

from datetime import date
from decimal import Decimal

from backend.domain.rules.approval_rules import Conditions, OrderFacts, Rule, asks_more, triggered
from backend.domain.sales.versions import LineState, OrderState, changes_between, ship_to_text

D = Decimal


def facts(total: str = "100", discount: str = "0", classes=("IIA",), region="DE-EAST",
          open_: str = "0") -> OrderFacts:
    return OrderFacts(D(discount), D(total), D(open_), D("1000"),
                      device_classes=frozenset(classes), region=region)


def test_a_rule_triggers_only_when_every_condition_holds() -> None:
    tender = Rule("IMPLANT_TENDER", Conditions(min_order_total=D("20000"), device_classes=("III",),
                                               customer_regions=("IT",)),
                  (("SALES_MANAGER",), ("FINANCE", "QA_MANAGER")))
    assert triggered([tender], facts("25000", classes=("III",), region="IT")) == [tender]
    assert triggered([tender], facts("19999.99", classes=("III",), region="IT")) == []
    assert triggered([tender], facts("25000", classes=("IIB",), region="IT")) == []
    assert triggered([tender], facts("25000", classes=("III",), region="FR")) == []
    credit = Rule("CREDIT_LIMIT", Conditions(exceeds_credit_limit=True), (("FINANCE",),))
    assert triggered([credit], facts("600", open_="400.01")) == [credit]
    assert triggered([credit], facts("600", open_="400")) == []
    # A rule without any condition never triggers.
    assert triggered([Rule("EMPTY", Conditions(), (("FINANCE",),))], facts()) == []


def test_conditions_round_trip_as_stored() -> None:
    c = Conditions(min_order_total=D("20000"), discount_above_percent=D("10.00"),
                   device_classes=("III",), customer_regions=("IT",), exceeds_credit_limit=True)
    assert Conditions.of(c.stored()) == c


def test_asking_for_more_is_a_higher_discount_or_total_a_new_class_or_another_region() -> None:
    before = facts("100", "5")
    assert not asks_more(before, facts("80", "5"))
    assert asks_more(before, facts("100.01", "5"))
    assert asks_more(before, facts("90", "6"))
    assert asks_more(before, facts("90", "5", classes=("IIA", "III")))
    assert asks_more(before, facts("90", "5", region="IT"))


def test_a_version_names_each_change_as_the_api_serialises_it() -> None:
    line = LineState(1, "CAN-IV20G", 10, D("29.9"), D("0"), "OPEN")
    before = OrderState("PO-1", date(2026, 12, 20), None, {1: line})
    ship_to = {"name": "Ward 3", "street": "Elbufer 3", "postalCode": "01067",
               "city": "Dresden", "country": "DE", "region": "DE-EAST"}
    after = OrderState("PO-1", date(2026, 12, 18), ship_to, {
        1: LineState(1, "CAN-IV20G", 6, D("29.90"), D("5"), "OPEN"),
        2: LineState(2, "SUT-PGA30", 2, D("96.00"), D("0"), "OPEN"),
    })
    assert changes_between(before, after) == [
        {"field": "requestedDeliveryDate", "lineNumber": None, "before": "2026-12-20",
         "after": "2026-12-18"},
        {"field": "shipTo", "lineNumber": None, "before": None,
         "after": "Ward 3, Elbufer 3, 01067 Dresden, DE (DE-EAST)"},
        {"field": "quantity", "lineNumber": 1, "before": "10", "after": "6"},
        {"field": "discountPercent", "lineNumber": 1, "before": "0.00", "after": "5.00"},
        {"field": "line", "lineNumber": 2, "before": None, "after": "2 × SUT-PGA30"},
    ]
    assert ship_to_text(None) is None
