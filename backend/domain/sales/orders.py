"""Sales orders: pricing them, creating them from priced lines, and cancelling them.

Finding an order or customer in the actor's reach is order_lookup.py (re-exported here).
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, SalesOrder, SalesOrderLine
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.customfields.values import ValueInput, apply_values
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.rules import pricing
from backend.domain.rules.money import totals
from backend.domain.rules.order_states import can_move
from backend.domain.sales import licences, order_status, versions
from backend.domain.sales.allocation import release_order
from backend.domain.sales.order_lookup import (  # noqa: F401 - their old home, still imported
    customer_in_scope,
    order_for_update,
    order_lines,
)
from backend.domain.sales.pricing import product_facts
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction, CustomFieldEntity, OrderStatus

MAX_REFERENCE_LENGTH = 100


async def price_request(
    session: AsyncSession,
    customer: Customer,
    lines: Sequence[pricing.LineRequest],
    *,
    actor: Actor,
) -> tuple[list[tuple[int, pricing.PricedLine]], list[Problem]]:
    """(input index, priced line) for every line that prices, and the problems of the rest.

    The one pricing path: creating an order or a quote and previewing an order all use it.
    """
    if not customer.active:
        return [], [Problem(ErrorCode.INVALID,
                            f"Customer {customer.code} is inactive and takes no new orders.",
                            ("input", "customerId"))]
    if not lines:
        return [], [Problem(ErrorCode.INVALID, "An order needs at least one line.",
                            ("input", "lines"))]
    if len(lines) > pricing.MAX_LINES:
        return [], [Problem(ErrorCode.INVALID, f"An order has at most {pricing.MAX_LINES} lines.",
                            ("input", "lines"))]
    facts = await product_facts(session, customer, (line.product_id for line in lines))
    priced: list[tuple[int, pricing.PricedLine]] = []
    problems: list[Problem] = []
    for index, line in enumerate(lines):
        result, found = pricing.price_line(
            index, line, facts.get(line.product_id), may_override_price=not actor.is_partner
        )
        problems.extend(found)
        if result is not None:
            priced.append((index, result))
    return priced, problems


async def price_lines(
    session: AsyncSession,
    customer: Customer,
    lines: Sequence[pricing.LineRequest],
    *,
    actor: Actor,
) -> list[pricing.PricedLine]:
    """Every line priced, or one DomainError naming every line at fault."""
    priced, problems = await price_request(session, customer, lines, actor=actor)
    if problems:
        raise DomainError(problems)
    return [line for _, line in priced]


def check_header(customer_reference: str | None, requested_delivery_date: date | None) -> None:
    problems = header_problems(customer_reference, requested_delivery_date)
    if problems:
        raise DomainError(problems)


def header_problems(
    customer_reference: str | None, requested_delivery_date: date | None
) -> list[Problem]:
    problems = []
    if customer_reference is not None and len(customer_reference) > MAX_REFERENCE_LENGTH:
        problems.append(
            Problem(
                ErrorCode.INVALID,
                f"The customer reference has at most {MAX_REFERENCE_LENGTH} characters.",
                ("input", "customerReference"),
            )
        )
    if requested_delivery_date is not None and requested_delivery_date < datetime.now(UTC).date():
        problems.append(
            Problem(
                ErrorCode.INVALID,
                "The requested delivery date is in the past.",
                ("input", "requestedDeliveryDate"),
            )
        )
    return problems


async def create_sales_order(
    session: AsyncSession,
    *,
    actor: Actor,
    customer_id: int,
    lines: Sequence[pricing.LineRequest],
    customer_reference: str | None = None,
    requested_delivery_date: date | None = None,
    custom_fields: Sequence[ValueInput] | None = None,
) -> SalesOrder:
    """A DRAFT order with every line validated and priced against the customer's price list,
    and its custom field values (required ones must be given)."""
    customer = await customer_in_scope(
        session, customer_id, actor=actor, field=("input", "customerId")
    )
    check_header(customer_reference, requested_delivery_date)
    priced = await price_lines(session, customer, lines, actor=actor)
    await licences.ensure_qualified(
        session, customer, [(i, line.product_id) for i, line in enumerate(lines)]
    )
    order = await write_order(
        session,
        actor=actor,
        customer=customer,
        lines=priced,
        customer_reference=customer_reference,
        requested_delivery_date=requested_delivery_date,
    )
    await apply_values(session, actor, CustomFieldEntity.SALES_ORDER, order.id, custom_fields,
                       ("input", "customFields"))
    return order


async def write_order(
    session: AsyncSession,
    *,
    actor: Actor,
    customer: Customer,
    lines: Sequence[pricing.PricedLine],
    customer_reference: str | None,
    requested_delivery_date: date | None,
    source: str | None = None,
) -> SalesOrder:
    """Store a DRAFT order of already priced lines, audited and announced."""
    sums = totals((line.line_total, line.tax_rate) for line in lines)
    order = SalesOrder(
        number=await numbering.next_number(session, "SO"),
        customer_id=customer.id,
        status=OrderStatus.DRAFT,
        created_by_id=actor.user_id,
        customer_reference=customer_reference,
        requested_delivery_date=requested_delivery_date,
        subtotal=sums.subtotal,
        tax_total=sums.tax_total,
        total=sums.total,
    )
    session.add(order)
    await session.flush()
    session.add_all(
        SalesOrderLine(
            order_id=order.id,
            line_number=number,
            product_id=line.product_id,
            quantity=line.quantity,
            unit_price=line.unit_price,
            list_price=line.list_price,
            discount_percent=line.discount_percent,
            tax_rate=line.tax_rate,
            line_total=line.line_total,
            shipped_quantity=0,
        )
        for number, line in enumerate(lines, start=1)
    )
    await session.flush()
    await versions.first_version(session, order, actor=actor)
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.ORDER_CREATED,
        entity_type="SalesOrder",
        entity_id=order.id,
        changes=audit.created(
            number=order.number,
            customer_id=customer.id,
            status=order.status,
            total=order.total,
            lines=len(lines),
            **({"source": source} if source else {}),
        ),
    )
    await outbox.emit(
        session,
        topic=outbox.ORDER_STATUS_CHANGED,
        aggregate_type="SalesOrder",
        aggregate_id=order.id,
        customer_id=order.customer_id,
        payload={"order_id": order.id, "from": None, "to": OrderStatus.DRAFT.value},
    )
    return order


async def cancel_sales_order(
    session: AsyncSession, *, actor: Actor, order_id: int, reason: str
) -> SalesOrder:
    """Cancel an order that has shipped nothing; its reservations and backorders are released."""
    reason = reason.strip()
    if not reason:
        raise DomainError.single(ErrorCode.INVALID, "Say why the order is cancelled.", ("reason",))
    order = await order_for_update(session, order_id, actor=actor)
    if not can_move(OrderStatus(order.status), OrderStatus.CANCELLED):
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status} and can no longer be cancelled.",
            ("orderId",),
        )
    await release_order(session, order, actor=actor)
    await order_status.change_status(
        session, order, OrderStatus.CANCELLED, actor=actor, reason=reason
    )
    return order
