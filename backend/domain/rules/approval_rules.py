"""Which approval rules an order triggers. The rules are rows (kind, threshold, role);
this module only knows how to measure each kind, and how to say why it triggered."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from backend.domain.rules.money import cents
from backend.enums import ApprovalRuleKind


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    kind: ApprovalRuleKind
    threshold: Decimal | None
    required_role: str


@dataclass(frozen=True, slots=True)
class OrderFacts:
    # The largest effective discount of any line, in percent.
    max_discount: Decimal
    order_total: Decimal
    open_receivables: Decimal
    credit_limit: Decimal
    # Approved orders of the customer not yet invoiced (they become receivables as they ship).
    uninvoiced_orders: Decimal = Decimal(0)

    @property
    def credit_exposure_after(self) -> Decimal:
        """The one definition of credit exposure: owed, plus promised, plus this order."""
        return self.open_receivables + self.uninvoiced_orders + self.order_total


def _discount_above(rule: Rule, facts: OrderFacts) -> bool:
    return facts.max_discount > (rule.threshold or Decimal(0))


def _credit_limit(rule: Rule, facts: OrderFacts) -> bool:
    # A threshold, when set, is a tolerance above the limit.
    return facts.credit_exposure_after > facts.credit_limit + (rule.threshold or 0)


MEASURES: dict[ApprovalRuleKind, Callable[[Rule, OrderFacts], bool]] = {
    ApprovalRuleKind.DISCOUNT_ABOVE: _discount_above,
    ApprovalRuleKind.CREDIT_LIMIT: _credit_limit,
}


def triggered(rules: Sequence[Rule], facts: OrderFacts) -> list[Rule]:
    """The rules that make this order wait for a decision, in the given order."""
    return [rule for rule in rules if MEASURES[rule.kind](rule, facts)]


def reason(rule: Rule, facts: OrderFacts) -> str:
    """Why a triggered rule applies to this order, in a sentence for the person placing it."""
    if rule.kind == ApprovalRuleKind.DISCOUNT_ABOVE:
        return (
            f"A line sells {cents(facts.max_discount)}% below its list price; discounts over "
            f"{rule.threshold or 0}% need approval by {rule.required_role}."
        )
    tolerance = f" (plus a tolerance of {rule.threshold})" if rule.threshold else ""
    return (
        f"The customer's credit exposure would be {cents(facts.credit_exposure_after)}, over its "
        f"credit limit of {facts.credit_limit}{tolerance}; this needs approval by "
        f"{rule.required_role}."
    )
