"""Changing orders: a DRAFT in place, a submitted order as a new version.

Both are checked as creating an order is (one pricing path, licences). An amendment
names the version it was made on (else VERSION_CONFLICT), says why, and changes only
what it names; changed lines take today's prices. It may not go below what shipped
(BELOW_SHIPPED_QUANTITY); 0 cancels an unshipped line, the shipped quantity short-closes
a partly shipped one. Reservations follow at once; approvals are asked again when the
order asks for more (or waits for approval, or was rejected); the lines are re-promised.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, SalesOrder, SalesOrderLine
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.rules import approval_rules, pricing
from backend.domain.rules.money import line_net
from backend.domain.sales import licences, promise, reservations, versions
from backend.domain.sales.approval_requests import ask_approvals, order_facts_now
from backend.domain.sales.order_changes import apply_header, header_change_problems, skus_of
from backend.domain.sales.order_lookup import order_for_update, order_lines
from backend.domain.sales.order_status import change_status
from backend.domain.sales.orders import price_request
from backend.domain.trust import audit
from backend.enums import AuditAction, OrderLineStatus, OrderStatus

AMENDABLE = (OrderStatus.PENDING_APPROVAL, OrderStatus.APPROVED, OrderStatus.ALLOCATED,
             OrderStatus.PARTIALLY_SHIPPED, OrderStatus.REJECTED)
# Amended in these, the order is asked for approval again whatever changed.
RESUBMITTED = (OrderStatus.PENDING_APPROVAL, OrderStatus.REJECTED)


@dataclass(frozen=True, slots=True)
class LineChange:
    """One line of an amendment: an existing line (`line_id`) or a new one."""

    line_id: int | None = None
    product_id: int | None = None
    quantity: int | None = None
    unit_price: Decimal | None = None
    discount_percent: Decimal | None = None


def _problem(code: ErrorCode, message: str, *at: str) -> Problem:
    return Problem(code, message, ("input", *at))


async def update_draft_sales_order(
    session: AsyncSession,
    *,
    actor: Actor,
    order_id: int,
    lines: Sequence[pricing.LineRequest] | None,
    header: Mapping[str, Any],
) -> SalesOrder:
    """Replace a DRAFT's lines and header fields in place; the version stays 1."""
    order = await order_for_update(session, order_id, actor=actor, field=("input", "orderId"))
    if order.status != OrderStatus.DRAFT:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status}; only a DRAFT is edited in place "
            "(amend a submitted order).", ("input", "orderId"))
    customer = await session.get_one(Customer, order.customer_id)
    problems = await header_change_problems(session, header)
    priced: list[pricing.PricedLine] = []
    if lines is not None:
        found, line_problems = await price_request(session, customer, lines, actor=actor)
        problems.extend(line_problems)
        priced = [line for _, line in found]
        problems.extend(await licences.qualification_problems(
            session, customer, [(i, line.product_id) for i, line in enumerate(lines)]))
    if problems:
        raise DomainError(problems)
    old_lines = await order_lines(session, order.id)
    before = _header_values(order) | {"total": order.total, "lines": len(old_lines)}
    apply_header(order, header)
    if lines is not None:
        await session.execute(delete(SalesOrderLine).where(SalesOrderLine.order_id == order.id)
                              .execution_options(synchronize_session=False))
        for line in old_lines:
            session.expunge(line)
        new_lines = [
            SalesOrderLine(order_id=order.id, line_number=number, product_id=p.product_id,
                           quantity=p.quantity, unit_price=p.unit_price,
                           list_price=p.list_price, discount_percent=p.discount_percent,
                           tax_rate=p.tax_rate, line_total=p.line_total, shipped_quantity=0)
            for number, p in enumerate(priced, start=1)
        ]
        session.add_all(new_lines)
        await session.flush()
        versions.retotal(order, new_lines)
    await session.flush()
    await versions.refresh_first_version(session, order)
    after = _header_values(order) | {
        "total": order.total, "lines": len(priced) if lines is not None else len(old_lines)}
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.ORDER_EDITED,
                       entity_type="SalesOrder", entity_id=order.id,
                       changes=audit.diff(before, after))
    return order


def _header_values(order: SalesOrder) -> dict[str, Any]:
    return {"customer_reference": order.customer_reference,
            "requested_delivery_date": order.requested_delivery_date,
            "ship_to": versions.ship_to_text(order.ship_to)}


async def amend_sales_order(
    session: AsyncSession,
    *,
    actor: Actor,
    order_id: int,
    expected_version: int,
    reason: str,
    lines: Sequence[LineChange] = (),
    header: Mapping[str, Any] | None = None,
) -> SalesOrder:
    """Version n+1 of a submitted order; see the module's rules."""
    header = header or {}
    reason = reason.strip()
    order = await order_for_update(session, order_id, actor=actor, field=("input", "orderId"))
    if OrderStatus(order.status) not in AMENDABLE:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status} and can no longer be amended.",
            ("input", "orderId"))
    if expected_version != order.version:
        raise DomainError.single(
            ErrorCode.VERSION_CONFLICT,
            f"Order {order.number} is at version {order.version}, not {expected_version}; "
            "reload it and make the change again.", ("input", "expectedVersion"))
    problems = [] if reason else [
        _problem(ErrorCode.INVALID, "Say why the order changes.", "reason")]
    problems.extend(await header_change_problems(session, header))
    customer = await session.get_one(Customer, order.customer_id)
    current = await order_lines(session, order.id)
    by_id = {line.id: line for line in current}
    skus = await skus_of(session, {line.product_id for line in current}
                         | {c.product_id for c in lines if c.product_id is not None})
    before_state = versions.state_of(order, current, skus)
    before_facts = await order_facts_now(session, order, current)

    requests: list[tuple[int, pricing.LineRequest]] = []  # (change index, request)
    closing: dict[int, int] = {}  # line id -> quantity it closes at
    for i, change in enumerate(lines):
        at = ("lines", str(i))
        line = by_id.get(change.line_id) if change.line_id is not None else None
        if change.line_id is not None and line is None:
            problems.append(_problem(ErrorCode.NOT_FOUND, f"Line {i + 1}: no such line.",
                                     *at, "lineId"))
            continue
        if line is None:
            if change.product_id is None or change.quantity is None:
                problems.append(_problem(ErrorCode.INVALID, f"Line {i + 1}: a new line needs "
                                         "a product and a quantity.", *at, "productId"))
                continue
            requests.append((i, pricing.LineRequest(change.product_id, change.quantity,
                                                    change.unit_price,
                                                    change.discount_percent)))
            continue
        if change.product_id is not None and change.product_id != line.product_id:
            problems.append(_problem(ErrorCode.INVALID, f"Line {i + 1}: the product of a "
                                     "line cannot change; add a line.", *at, "productId"))
            continue
        if not versions.is_open(line):
            problems.append(_problem(ErrorCode.INVALID_TRANSITION, f"Line {line.line_number} "
                                     f"is {versions.line_status(line)} and cannot change.",
                                     *at, "lineId"))
            continue
        quantity = line.quantity if change.quantity is None else change.quantity
        if quantity < 0:
            problems.append(_problem(ErrorCode.INVALID, f"Line {i + 1}: the quantity cannot "
                                     "be negative.", *at, "quantity"))
        elif quantity < line.shipped_quantity:
            problems.append(_problem(
                ErrorCode.BELOW_SHIPPED_QUANTITY,
                f"Line {line.line_number}: {line.shipped_quantity} shipped already; the "
                f"quantity cannot be {quantity}.", *at, "quantity"))
        elif quantity == line.shipped_quantity:
            closing[line.id] = quantity
        else:
            requests.append((i, pricing.LineRequest(
                line.product_id, quantity, change.unit_price,
                line.discount_percent if change.discount_percent is None
                else change.discount_percent)))
    priced: dict[int, pricing.PricedLine] = {}
    if requests:
        found, price_problems = await price_request(
            session, customer, [r for _, r in requests], actor=actor)
        problems.extend(_renumber(price_problems, [i for i, _ in requests]))
        priced = {requests[k][0]: line for k, line in found}
        problems.extend(await licences.qualification_problems(
            session, customer, [(i, r.product_id) for i, r in requests]))
    if problems:
        raise DomainError(problems)

    apply_header(order, header)
    number = max((line.line_number for line in current), default=0)
    for i, change in enumerate(lines):
        line = by_id.get(change.line_id) if change.line_id is not None else None
        if line is not None and line.id in closing:
            line.quantity = closing[line.id]
            line.status = (OrderLineStatus.SHORT_CLOSED if line.quantity
                           else OrderLineStatus.CANCELLED)
            line.line_total = line_net(line.quantity, line.unit_price, line.discount_percent)
        elif i in priced:
            p = priced[i]
            if line is None:
                number += 1
                line = SalesOrderLine(order_id=order.id, line_number=number,
                                      product_id=p.product_id, shipped_quantity=0)
                session.add(line)
                current.append(line)
            line.quantity, line.unit_price, line.list_price = p.quantity, p.unit_price, p.list_price
            line.discount_percent, line.tax_rate = p.discount_percent, p.tax_rate
            line.line_total = p.line_total
    await session.flush()
    versions.retotal(order, current)
    changes = versions.changes_between(before_state, versions.state_of(order, current, skus))
    if not changes:
        raise DomainError.single(ErrorCode.INVALID, "The amendment changes nothing.",
                                 ("input",))
    await versions.write_version(session, order, actor=actor, reason=reason, changes=changes)
    await reservations.release_excess(session, order, current, actor=actor)
    after_facts = await order_facts_now(session, order, current)
    status = OrderStatus(order.status)
    if status in RESUBMITTED or approval_rules.asks_more(before_facts, after_facts):
        needed = await ask_approvals(session, order, current, actor=actor)
        if needed:
            # Waiting already, it now waits for the new approvals instead.
            if status != OrderStatus.PENDING_APPROVAL:
                await change_status(session, order, OrderStatus.PENDING_APPROVAL, actor=actor,
                                    reason="needs approval: "
                                    + ", ".join(sorted({n.rule for n in needed})))
        else:
            await _follow(session, order, current, actor=actor)
    elif status != OrderStatus.PENDING_APPROVAL:
        await _follow(session, order, current, actor=actor)
    await promise.promise_order(session, order, current)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.ORDER_AMENDED,
        entity_type="SalesOrder", entity_id=order.id, reason=reason,
        changes={
            "version": (order.version - 1, order.version),
            "total": (before_facts.order_total, order.total),
            **{_change_key(c): (c["before"], c["after"]) for c in changes},
        },
    )
    return order


async def _follow(
    session: AsyncSession, order: SalesOrder, lines: list[SalesOrderLine], *, actor: Actor
) -> None:
    """Approved: reserve an increase where the order holds stock, then the status follows."""
    if await reservations.holds_reservations(session, order.id):
        await reservations.top_up(session, order, lines, actor=actor)
    await reservations.settle(session, order, lines, actor=actor)


def _change_key(change: Mapping[str, Any]) -> str:
    number = change.get("lineNumber")
    return change["field"] if number is None else f"line {number} {change['field']}"


def _renumber(problems: Sequence[Problem], indices: Sequence[int]) -> list[Problem]:
    """Problems of the k-th priced request, placed at the change's index."""
    out = []
    for p in problems:
        field = p.field
        if field and len(field) > 2 and field[:2] == ("input", "lines"):
            field = ("input", "lines", str(indices[int(field[2])]), *field[3:])
        out.append(Problem(p.code, p.message, field))
    return out
