"""Order versions: what a version changed, field by field, and writing one.

Version 1 is the order as created (edits while DRAFT change it in place); every
amendment or short-close writes version n+1 with who, when, why, the totals, and the
changes against the version before, each value as the API serialises it. Each version
is announced on the outbox (`order.version_created`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import SalesOrder, SalesOrderLine, SalesOrderVersion
from backend.domain.actor import Actor
from backend.domain.rules.money import cents, totals
from backend.domain.trust import outbox
from backend.enums import OrderLineStatus

SHIP_TO_FIELDS = ("name", "street", "postalCode", "city", "country", "region")


def money_text(value: Decimal) -> str:
    return str(cents(value))


def ship_to_text(ship_to: Mapping[str, Any] | None) -> str | None:
    """'name, street, postalCode city, country (region)'."""
    if not ship_to:
        return None
    s = ship_to
    return (
        f"{s['name']}, {s['street']}, {s['postalCode']} {s['city']}, {s['country']} "
        f"({s['region']})"
    )


def date_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True, slots=True)
class LineState:
    line_number: int
    sku: str
    quantity: int
    unit_price: Decimal
    discount_percent: Decimal
    status: str


@dataclass(frozen=True, slots=True)
class OrderState:
    customer_reference: str | None
    requested_delivery_date: date | None
    ship_to: Mapping[str, Any] | None
    lines: Mapping[int, LineState]


def line_status(line: SalesOrderLine) -> OrderLineStatus:
    """As the API shows it: a stored OPEN line whose whole quantity shipped is SHIPPED."""
    status = OrderLineStatus(line.status)
    if status == OrderLineStatus.OPEN and line.quantity > 0 and (
        line.shipped_quantity >= line.quantity
    ):
        return OrderLineStatus.SHIPPED
    return status


def is_open(line: SalesOrderLine) -> bool:
    """Some quantity still to ship."""
    return line.status == OrderLineStatus.OPEN and line.quantity > line.shipped_quantity


def state_of(
    order: SalesOrder, lines: Sequence[SalesOrderLine], skus: Mapping[int, str]
) -> OrderState:
    return OrderState(
        customer_reference=order.customer_reference,
        requested_delivery_date=order.requested_delivery_date,
        ship_to=dict(order.ship_to) if order.ship_to else None,
        lines={
            line.line_number: LineState(
                line.line_number, skus.get(line.product_id, str(line.product_id)),
                line.quantity, line.unit_price, line.discount_percent, line_status(line).value,
            )
            for line in lines
        },
    )


def changes_between(before: OrderState, after: OrderState) -> list[dict[str, Any]]:
    """[{field, lineNumber, before, after}]: order fields first, then line by line."""
    out: list[dict[str, Any]] = []

    def add(field: str, number: int | None, old: str | None, new: str | None) -> None:
        if old != new:
            out.append({"field": field, "lineNumber": number, "before": old, "after": new})

    add("requestedDeliveryDate", None, date_text(before.requested_delivery_date),
        date_text(after.requested_delivery_date))
    add("customerReference", None, before.customer_reference, after.customer_reference)
    add("shipTo", None, ship_to_text(before.ship_to), ship_to_text(after.ship_to))
    for number, new in sorted(after.lines.items()):
        old = before.lines.get(number)
        if old is None:
            add("line", number, None, f"{new.quantity} × {new.sku}")
            continue
        add("quantity", number, str(old.quantity), str(new.quantity))
        add("unitPrice", number, money_text(old.unit_price), money_text(new.unit_price))
        add("discountPercent", number, money_text(old.discount_percent),
            money_text(new.discount_percent))
        add("status", number, old.status, new.status)
    return out


def retotal(order: SalesOrder, lines: Sequence[SalesOrderLine]) -> None:
    """The order's totals from its lines (a cancelled line counts 0.00)."""
    sums = totals((line.line_total, line.tax_rate) for line in lines)
    order.subtotal, order.tax_total, order.total = sums.subtotal, sums.tax_total, sums.total


async def first_version(session: AsyncSession, order: SalesOrder, *, actor: Actor) -> None:
    """Version 1: the order as created."""
    session.add(SalesOrderVersion(
        order_id=order.id, version=1, created_by_id=actor.user_id, reason=None, changes=[],
        subtotal=order.subtotal, tax_total=order.tax_total, total=order.total,
    ))
    await session.flush()


async def refresh_first_version(session: AsyncSession, order: SalesOrder) -> None:
    """A DRAFT edited in place: version 1 keeps the draft's totals."""
    version = await session.get(SalesOrderVersion, await _version_id(session, order.id, 1))
    if version is not None:
        version.subtotal, version.tax_total, version.total = (
            order.subtotal, order.tax_total, order.total
        )
        await session.flush()


async def _version_id(session: AsyncSession, order_id: int, number: int) -> int | None:
    return await session.scalar(
        select(SalesOrderVersion.id).where(
            SalesOrderVersion.order_id == order_id, SalesOrderVersion.version == number
        )
    )


async def write_version(
    session: AsyncSession,
    order: SalesOrder,
    *,
    actor: Actor,
    reason: str,
    changes: list[dict[str, Any]],
) -> SalesOrderVersion:
    """Version n+1 of the order (the order's `version` moves on), announced."""
    order.version = (order.version or 1) + 1
    version = SalesOrderVersion(
        order_id=order.id, version=order.version, created_by_id=actor.user_id, reason=reason,
        changes=changes, subtotal=order.subtotal, tax_total=order.tax_total, total=order.total,
    )
    session.add(version)
    await session.flush()
    await outbox.emit(
        session,
        topic=outbox.ORDER_VERSION_CREATED,
        aggregate_type="SalesOrder",
        aggregate_id=order.id,
        customer_id=order.customer_id,
        payload={"order_id": order.id, "version": order.version, "changes": len(changes),
                 "total": str(order.total)},
    )
    return version
