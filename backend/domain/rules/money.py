"""Exact money arithmetic: Decimal throughout, rounded to cents half up where a figure is fixed."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def is_whole_cents(amount: Decimal) -> bool:
    """True for a finite amount with at most two decimals (what a price or payment may be)."""
    return amount.is_finite() and amount == amount.quantize(CENT)


def line_net(quantity: int, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    """The net amount of a line: quantity times price, less the discount, in cents."""
    return cents(quantity * unit_price * (1 - discount_percent / HUNDRED))


def line_tax(net: Decimal, tax_rate: Decimal) -> Decimal:
    """Tax is rounded per line, so order, invoice and journal agree to the cent."""
    return cents(net * tax_rate)


@dataclass(frozen=True, slots=True)
class Totals:
    subtotal: Decimal
    tax_total: Decimal

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax_total


def totals(lines: Iterable[tuple[Decimal, Decimal]]) -> Totals:
    """Totals of (net amount, tax rate) lines."""
    subtotal, tax = ZERO, ZERO
    for net, rate in lines:
        subtotal += net
        tax += line_tax(net, rate)
    return Totals(subtotal, tax)
