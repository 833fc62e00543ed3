"""Prices of order and quote lines: the price list's price, overrides and discounts, checked."""

from dataclasses import dataclass
from decimal import Decimal

from backend.domain.errors import ErrorCode, Problem
from backend.domain.rules.money import HUNDRED, ZERO, is_whole_cents, line_net

MAX_QUANTITY = 1_000_000
MAX_LINES = 100


@dataclass(frozen=True, slots=True)
class LineRequest:
    """One requested line as the caller sent it (prices optional)."""

    product_id: int
    quantity: int
    unit_price: Decimal | None = None
    discount_percent: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ProductFacts:
    sku: str
    sellable: bool
    tax_rate: Decimal
    list_price: Decimal  # from the customer's price list, else the default one
    active: bool = True  # inactive products take no new lines


@dataclass(frozen=True, slots=True)
class PricedLine:
    product_id: int
    quantity: int
    unit_price: Decimal
    list_price: Decimal
    discount_percent: Decimal
    tax_rate: Decimal
    line_total: Decimal

    @property
    def effective_discount(self) -> Decimal:
        return effective_discount(self.list_price, self.unit_price, self.discount_percent)


def list_price(
    product_id: int,
    *,
    customer_prices: dict[int, Decimal],
    default_prices: dict[int, Decimal],
    catalogue_price: Decimal,
) -> Decimal:
    """The customer's contract price, else the default list's, else the catalogue price."""
    if product_id in customer_prices:
        return customer_prices[product_id]
    return default_prices.get(product_id, catalogue_price)


def effective_discount(
    list_price: Decimal, unit_price: Decimal, discount_percent: Decimal
) -> Decimal:
    """How far below the list price the line sells, in percent: a lower unit price counts too."""
    if list_price <= 0:
        return discount_percent
    net_price = unit_price * (1 - discount_percent / HUNDRED)
    return (1 - net_price / list_price) * HUNDRED


def price_line(
    index: int,
    line: LineRequest,
    product: ProductFacts | None,
    *,
    may_override_price: bool = True,
) -> tuple[PricedLine | None, list[Problem]]:
    """The priced line, or the problems that refuse it (field paths under input.lines.N)."""
    at = ("input", "lines", str(index))
    problems: list[Problem] = []
    if product is None:
        return None, [
            Problem(ErrorCode.NOT_FOUND, f"Line {index + 1}: no such product.", (*at, "productId"))
        ]
    if not product.active:
        problems.append(Problem(ErrorCode.INVALID,
                                f"Line {index + 1}: {product.sku} is inactive.",
                                (*at, "productId")))
    elif not product.sellable:
        problems.append(
            Problem(
                ErrorCode.INVALID,
                f"Line {index + 1}: {product.sku} is not for sale.",
                (*at, "productId"),
            )
        )
    if not 0 < line.quantity <= MAX_QUANTITY:
        problems.append(
            Problem(
                ErrorCode.INVALID,
                f"Line {index + 1}: the quantity must be between 1 and {MAX_QUANTITY}.",
                (*at, "quantity"),
            )
        )
    discount = line.discount_percent if line.discount_percent is not None else ZERO
    if not (discount.is_finite() and ZERO <= discount <= HUNDRED and is_whole_cents(discount)):
        problems.append(
            Problem(
                ErrorCode.INVALID,
                f"Line {index + 1}: the discount is a percentage from 0 to 100 "
                "with at most two decimals.",
                (*at, "discountPercent"),
            )
        )
    unit_price = line.unit_price if line.unit_price is not None else product.list_price
    if not (unit_price.is_finite() and unit_price >= 0 and is_whole_cents(unit_price)):
        problems.append(
            Problem(
                ErrorCode.INVALID,
                f"Line {index + 1}: the unit price is an amount of at least 0 in whole cents.",
                (*at, "unitPrice"),
            )
        )
    elif unit_price > product.list_price:
        problems.append(
            Problem(
                ErrorCode.PRICE_MISMATCH,
                f"Line {index + 1}: {product.sku} is {product.list_price} on this customer's price "
                f"list; a unit price of {unit_price} is above it.",
                (*at, "unitPrice"),
            )
        )
    elif unit_price != product.list_price and not may_override_price:
        problems.append(
            Problem(
                ErrorCode.PRICE_MISMATCH,
                f"Line {index + 1}: {product.sku} is {product.list_price} on your price list.",
                (*at, "unitPrice"),
            )
        )
    if problems:
        return None, problems
    return PricedLine(
        product_id=line.product_id,
        quantity=line.quantity,
        unit_price=unit_price,
        list_price=product.list_price,
        discount_percent=discount,
        tax_rate=product.tax_rate,
        line_total=line_net(line.quantity, unit_price, discount),
    ), []
