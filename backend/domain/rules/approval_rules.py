"""Which approval rules an order triggers. The rules are rows (kind, threshold, role);
this module only knows how to measure each kind."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

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


def _discount_above(rule: Rule, facts: OrderFacts) -> bool:
    return facts.max_discount > (rule.threshold or Decimal(0))


def _credit_limit(rule: Rule, facts: OrderFacts) -> bool:
    # A threshold, when set, is a tolerance above the limit.
    return facts.open_receivables + facts.order_total > facts.credit_limit + (rule.threshold or 0)


MEASURES: dict[ApprovalRuleKind, Callable[[Rule, OrderFacts], bool]] = {
    ApprovalRuleKind.DISCOUNT_ABOVE: _discount_above,
    ApprovalRuleKind.CREDIT_LIMIT: _credit_limit,
}


def triggered(rules: Sequence[Rule], facts: OrderFacts) -> list[Rule]:
    """The rules that make this order wait for a decision, in the given order."""
    return [rule for rule in rules if MEASURES[rule.kind](rule, facts)]
