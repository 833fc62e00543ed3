"""Previewing a sales order as the user types: priced as creating it would price it, with
the approvals submitting it would ask for and the credit exposure it would bring. Writes
nothing, and reports problems instead of refusing: the form shows them next to the fields.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.actor import Actor
from backend.domain.errors import DomainError, Problem
from backend.domain.inventory.availability import available_quantities
from backend.domain.rules import pricing
from backend.domain.rules.money import ZERO, totals
from backend.domain.sales.approval_policy import NeededApproval, facts_of, needed_approvals
from backend.domain.sales.credit import credit_position
from backend.domain.sales.orders import customer_in_scope, header_problems, price_request


@dataclass(frozen=True, slots=True)
class PreviewLine:
    index: int  # of the requested line this prices (lines with problems are left out)
    product_id: int
    quantity: int
    unit_price: Decimal
    list_price: Decimal
    discount_percent: Decimal
    tax_rate: Decimal
    line_total: Decimal
    available_quantity: int


@dataclass(frozen=True, slots=True)
class SalesOrderPreview:
    lines: list[PreviewLine] = field(default_factory=list)
    subtotal: Decimal = ZERO
    tax_total: Decimal = ZERO
    total: Decimal = ZERO
    approvals_needed: list[NeededApproval] = field(default_factory=list)
    # Open receivables + approved, not yet invoiced orders + this order (domain/credit.py).
    credit_exposure_after: Decimal = ZERO
    credit_limit: Decimal | None = None
    problems: list[Problem] = field(default_factory=list)


async def preview_sales_order(
    session: AsyncSession,
    *,
    actor: Actor,
    customer_id: int,
    lines: Sequence[pricing.LineRequest],
    customer_reference: str | None = None,
    requested_delivery_date: date | None = None,
) -> SalesOrderPreview:
    """What `create_sales_order` with these arguments would make, and `submit` would ask for.

    A customer the actor may not act for (a partner's other customers) is NOT_FOUND, as on
    create: the preview is then empty but for that problem.
    """
    try:
        customer = await customer_in_scope(
            session, customer_id, actor=actor, field=("input", "customerId")
        )
    except DomainError as error:
        return SalesOrderPreview(problems=error.problems)
    problems = header_problems(customer_reference, requested_delivery_date)
    priced, line_problems = await price_request(session, customer, lines, actor=actor)
    problems.extend(line_problems)
    sums = totals((line.line_total, line.tax_rate) for _, line in priced)
    available = await available_quantities(session, (line.product_id for _, line in priced))
    credit = await credit_position(session, customer)
    facts = await facts_of(
        session, [line for _, line in priced], sums.total, credit, customer.region
    )
    return SalesOrderPreview(
        lines=[
            PreviewLine(
                index=index,
                product_id=line.product_id,
                quantity=line.quantity,
                unit_price=line.unit_price,
                list_price=line.list_price,
                discount_percent=line.discount_percent,
                tax_rate=line.tax_rate,
                line_total=line.line_total,
                available_quantity=available[line.product_id],
            )
            for index, line in priced
        ],
        subtotal=sums.subtotal,
        tax_total=sums.tax_total,
        total=sums.total,
        approvals_needed=await needed_approvals(session, facts) if priced else [],
        credit_exposure_after=facts.credit_exposure_after,
        credit_limit=customer.credit_limit,
        problems=problems,
    )
