"""Which approval rules an order triggers. A rule is data: conditions that must all hold,
and ordered levels of roles that approve in parallel. This module measures conditions
and says why a rule triggered; nothing here reads the database."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from backend.domain.rules.money import cents


@dataclass(frozen=True, slots=True)
class Conditions:
    """All set conditions must hold; an unset one (None) does not count."""

    min_order_total: Decimal | None = None
    discount_above_percent: Decimal | None = None
    device_classes: tuple[str, ...] | None = None
    customer_regions: tuple[str, ...] | None = None
    exceeds_credit_limit: bool | None = None

    @property
    def empty(self) -> bool:
        return (
            self.min_order_total is None
            and self.discount_above_percent is None
            and not self.device_classes
            and not self.customer_regions
            and not self.exceeds_credit_limit
        )

    def stored(self) -> dict[str, Any]:
        """As kept in `approval_rules.conditions` (the API's field names)."""
        out: dict[str, Any] = {}
        if self.min_order_total is not None:
            out["minOrderTotal"] = str(self.min_order_total)
        if self.discount_above_percent is not None:
            out["discountAbovePercent"] = str(self.discount_above_percent)
        if self.device_classes:
            out["deviceClasses"] = list(self.device_classes)
        if self.customer_regions:
            out["customerRegions"] = list(self.customer_regions)
        if self.exceeds_credit_limit:
            out["exceedsCreditLimit"] = True
        return out

    @classmethod
    def of(cls, stored: Mapping[str, Any] | None) -> "Conditions":
        stored = stored or {}

        def dec(key: str) -> Decimal | None:
            value = stored.get(key)
            return None if value is None else Decimal(str(value))

        def many(key: str) -> tuple[str, ...] | None:
            value = stored.get(key)
            return None if value is None else tuple(value)

        return cls(
            min_order_total=dec("minOrderTotal"),
            discount_above_percent=dec("discountAbovePercent"),
            device_classes=many("deviceClasses"),
            customer_regions=many("customerRegions"),
            exceeds_credit_limit=stored.get("exceedsCreditLimit"),
        )


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    conditions: Conditions
    # Level 1 first; each level's roles approve in parallel.
    levels: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class OrderFacts:
    # The largest effective discount of any line, in percent.
    max_discount: Decimal
    order_total: Decimal
    open_receivables: Decimal
    credit_limit: Decimal
    # Approved orders of the customer not yet invoiced (they become receivables as they ship).
    uninvoiced_orders: Decimal = Decimal(0)
    device_classes: frozenset[str] = field(default_factory=frozenset)
    region: str | None = None

    @property
    def credit_exposure_after(self) -> Decimal:
        """The one definition of credit exposure: owed, plus promised, plus this order."""
        return self.open_receivables + self.uninvoiced_orders + self.order_total

    @property
    def exceeds_credit_limit(self) -> bool:
        return self.credit_exposure_after > self.credit_limit


def holds(conditions: Conditions, facts: OrderFacts) -> bool:
    """Every set condition holds (a rule without any condition never triggers)."""
    if conditions.empty:
        return False
    c = conditions
    return (
        (c.min_order_total is None or facts.order_total >= c.min_order_total)
        and (c.discount_above_percent is None or facts.max_discount > c.discount_above_percent)
        and (not c.device_classes or bool(facts.device_classes & set(c.device_classes)))
        and (not c.customer_regions or facts.region in c.customer_regions)
        and (not c.exceeds_credit_limit or facts.exceeds_credit_limit)
    )


def triggered(rules: Sequence[Rule], facts: OrderFacts) -> list[Rule]:
    """The rules that make this order wait for a decision, in the given order."""
    return [rule for rule in rules if holds(rule.conditions, facts)]


def asks_more(before: OrderFacts, after: OrderFacts) -> bool:
    """Whether a changed order asks for more than before: a higher discount or total, a new
    device class or another region (then credit and approval rules run again)."""
    return (
        after.max_discount > before.max_discount
        or after.order_total > before.order_total
        or not after.device_classes <= before.device_classes
        or after.region != before.region
    )


def reason(rule: Rule, facts: OrderFacts) -> str:
    """Why a triggered rule applies to this order, in a sentence for the person placing it."""
    c = rule.conditions
    parts: list[str] = []
    if c.discount_above_percent is not None:
        parts.append(
            f"a line sells {cents(facts.max_discount)}% below its list price (discounts over "
            f"{c.discount_above_percent}%)"
        )
    if c.exceeds_credit_limit:
        parts.append(
            f"the customer's credit exposure would be {cents(facts.credit_exposure_after)}, over "
            f"its credit limit of {facts.credit_limit}"
        )
    if c.min_order_total is not None:
        parts.append(f"the order total is at least {c.min_order_total}")
    if c.device_classes:
        parts.append("it sells class " + "/".join(sorted(facts.device_classes
                                                          & set(c.device_classes))))
    if c.customer_regions:
        parts.append(f"it goes to {facts.region}")
    chain = ", then ".join(" + ".join(level) for level in rule.levels)
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}; this needs approval by {chain}."
