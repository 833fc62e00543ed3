"""Shipping allocated stock and confirming deliveries."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    Customer,
    Invoice,
    Lot,
    Product,
    SalesOrderLine,
    Serial,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
    TransitLane,
)
from backend.domain import audit, numbering, stock
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.order_status import change_status
from backend.domain.orders import order_for_update, order_lines
from backend.enums import (
    InvoiceStatus,
    LotStatus,
    OrderStatus,
    SerialStatus,
    ShipmentStatus,
    StockMoveKind,
    TrackingMode,
)

SHIPPABLE = (OrderStatus.ALLOCATED, OrderStatus.PARTIALLY_SHIPPED)
# Clocks differ a little between a carrier's scanner and ours.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class ShipLine:
    lot_id: int
    quantity: int
    serial_numbers: Sequence[str] | None = None


@dataclass
class _Pick:
    """What one shipment line takes: from which allocations, and which serials."""

    line: SalesOrderLine
    lot_id: int
    quantity: int = 0
    taken: list[tuple[Allocation, int]] = field(default_factory=list)
    serials: list[Serial] = field(default_factory=list)


async def create_shipment(
    session: AsyncSession,
    *,
    actor: Actor,
    order_id: int,
    warehouse_id: int | None = None,
    carrier: str | None = None,
    tracking_number: str | None = None,
    lines: Sequence[ShipLine] | None = None,
) -> Shipment:
    """Ship allocated stock of one warehouse: everything allocated there, or the given lines."""
    order = await order_for_update(session, order_id, actor=actor, field=("input", "orderId"))
    if order.status not in SHIPPABLE:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status}; only allocated orders ship.",
            ("input", "orderId"),
        )
    by_line = {line.id: line for line in await order_lines(session, order.id)}
    allocations = list(
        await session.scalars(
            select(Allocation)
            .where(Allocation.order_line_id.in_(by_line))
            .order_by(Allocation.warehouse_id, Allocation.lot_id, Allocation.id)
            .with_for_update()
        )
    )
    warehouse_id = _warehouse(allocations, warehouse_id, lines)
    here = [a for a in allocations if a.warehouse_id == warehouse_id]
    products = {
        p.id: p
        for p in await session.scalars(
            select(Product).where(Product.id.in_({line.product_id for line in by_line.values()}))
        )
    }
    if lines is None:
        picks = await _everything(session, here, by_line)
    else:
        picks = await _given(session, lines, here, by_line, products, warehouse_id)
    await _check_lots(session, picks)

    customer = await session.get_one(Customer, order.customer_id)
    lane_carrier = await session.scalar(
        select(TransitLane.carrier).where(
            TransitLane.warehouse_id == warehouse_id, TransitLane.region == customer.region
        )
    )
    now = datetime.now(UTC)
    shipment = Shipment(
        number=await numbering.next_number(session, "SH"),
        order_id=order.id,
        customer_id=order.customer_id,
        warehouse_id=warehouse_id,
        status=ShipmentStatus.SHIPPED,
        carrier=carrier or lane_carrier,
        tracking_number=tracking_number,
        created_by_id=actor.user_id,
        shipped_at=now,
    )
    session.add(shipment)
    await session.flush()
    for pick in picks:
        await _ship(session, shipment, pick, products[pick.line.product_id], actor=actor)
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action="shipment.created",
        entity_type="Shipment",
        entity_id=shipment.id,
        changes={
            "number": shipment.number,
            "order_id": order.id,
            "lines": [[p.line.id, p.lot_id, p.quantity] for p in picks],
            "serials": [s.serial_number for p in picks for s in p.serials],
        },
    )
    done = all(line.shipped_quantity >= line.quantity for line in by_line.values())
    await change_status(
        session, order, OrderStatus.SHIPPED if done else OrderStatus.PARTIALLY_SHIPPED, actor=actor
    )
    return shipment


def _warehouse(
    allocations: list[Allocation], wanted: int | None, lines: Sequence[ShipLine] | None
) -> int:
    if wanted is not None:
        if not any(a.warehouse_id == wanted for a in allocations):
            raise DomainError.single(
                ErrorCode.INSUFFICIENT_STOCK,
                "Nothing of this order is allocated in that warehouse.",
                ("input", "warehouseId"),
            )
        return wanted
    lots = None if lines is None else {line.lot_id for line in lines}
    found = {a.warehouse_id for a in allocations if lots is None or a.lot_id in lots}
    if not found:
        raise DomainError.single(
            ErrorCode.INSUFFICIENT_STOCK,
            "Nothing of this order is allocated to ship.",
            ("input", "orderId"),
        )
    if len(found) > 1:
        raise DomainError.single(
            ErrorCode.INVALID,
            "The order's stock is allocated in several warehouses; say which one ships.",
            ("input", "warehouseId"),
        )
    return found.pop()


async def _allocated_serials(session: AsyncSession, allocations: list[Allocation]) -> list[Serial]:
    return list(
        await session.scalars(
            select(Serial)
            .where(Serial.allocation_id.in_([a.id for a in allocations]))
            .order_by(Serial.serial_number)
            .with_for_update()
        )
    )


async def _everything(
    session: AsyncSession, here: list[Allocation], by_line: dict[int, SalesOrderLine]
) -> list[_Pick]:
    serials = defaultdict(list)
    for serial in await _allocated_serials(session, here):
        serials[serial.allocation_id].append(serial)
    picks: dict[tuple[int, int], _Pick] = {}
    for a in here:
        pick = picks.setdefault(
            (a.order_line_id, a.lot_id), _Pick(by_line[a.order_line_id], a.lot_id)
        )
        pick.quantity += a.quantity
        pick.taken.append((a, a.quantity))
        pick.serials.extend(serials[a.id])
    return list(picks.values())


async def _given(
    session: AsyncSession,
    lines: Sequence[ShipLine],
    here: list[Allocation],
    by_line: dict[int, SalesOrderLine],
    products: dict[int, Product],
    warehouse_id: int,
) -> list[_Pick]:
    if not lines:
        raise DomainError.single(
            ErrorCode.INVALID, "A shipment needs at least one line.", ("input", "lines")
        )
    left = {a.id: a.quantity for a in here}
    allocated_serials = {s.id for s in await _allocated_serials(session, here)}
    picks: dict[tuple[int, int], _Pick] = {}
    problems: list[Problem] = []
    for index, wanted in enumerate(lines):
        at = ("input", "lines", str(index))
        lot_allocations = [a for a in here if a.lot_id == wanted.lot_id]
        if wanted.quantity <= 0:
            problems.append(
                Problem(ErrorCode.INVALID, "The quantity must be positive.", (*at, "quantity"))
            )
            continue
        if not lot_allocations:
            problems.append(
                Problem(
                    ErrorCode.NOT_FOUND,
                    "That lot is not allocated to this order in this warehouse.",
                    (*at, "lotId"),
                )
            )
            continue
        available = sum(left[a.id] for a in lot_allocations)
        if wanted.quantity > available:
            problems.append(
                Problem(
                    ErrorCode.INSUFFICIENT_STOCK,
                    f"Only {available} units of this lot are allocated to the order and unshipped.",
                    (*at, "quantity"),
                )
            )
            continue
        product = products[by_line[lot_allocations[0].order_line_id].product_id]
        serials, problem = await _serials_for(
            session, wanted, product, warehouse_id, allocated_serials, at
        )
        if problem:
            problems.append(problem)
            continue
        needed = wanted.quantity
        for a in lot_allocations:
            take = min(needed, left[a.id])
            if take == 0:
                continue
            left[a.id] -= take
            needed -= take
            pick = picks.setdefault(
                (a.order_line_id, a.lot_id), _Pick(by_line[a.order_line_id], a.lot_id)
            )
            pick.quantity += take
            pick.taken.append((a, take))
            pick.serials.extend(serials[:take])
            serials = serials[take:]
    if problems:
        raise DomainError(problems)
    return list(picks.values())


async def _serials_for(
    session: AsyncSession,
    wanted: ShipLine,
    product: Product,
    warehouse_id: int,
    allocated_to_order: set[int],
    at: tuple[str, ...],
) -> tuple[list[Serial], Problem | None]:
    numbers = list(wanted.serial_numbers or [])
    if product.tracking_mode != TrackingMode.SERIAL:
        if numbers:
            return [], Problem(
                ErrorCode.SERIAL_MISMATCH,
                f"{product.sku} is lot-tracked and ships without serial numbers.",
                (*at, "serialNumbers"),
            )
        return [], None
    if len(numbers) != wanted.quantity or len(set(numbers)) != len(numbers):
        return [], Problem(
            ErrorCode.SERIAL_MISMATCH,
            f"{product.sku} is serial-tracked: give exactly {wanted.quantity} different serial "
            f"numbers, not {len(set(numbers))}.",
            (*at, "serialNumbers"),
        )
    found = {
        s.serial_number: s
        for s in await session.scalars(
            select(Serial)
            .where(Serial.product_id == product.id, Serial.serial_number.in_(numbers))
            .with_for_update()
        )
    }
    wrong = [
        n
        for n in numbers
        if n not in found
        or found[n].lot_id != wanted.lot_id
        or found[n].warehouse_id != warehouse_id
        or not (
            found[n].status == SerialStatus.IN_STOCK
            or (found[n].status == SerialStatus.ALLOCATED and found[n].id in allocated_to_order)
        )
    ]
    if wrong:
        return [], Problem(
            ErrorCode.SERIAL_MISMATCH,
            "Not in stock in this lot and warehouse for this order: " + ", ".join(wrong) + ".",
            (*at, "serialNumbers"),
        )
    return [found[n] for n in numbers], None


async def _check_lots(session: AsyncSession, picks: list[_Pick]) -> None:
    lots = {
        lot.id: lot
        for lot in await session.scalars(select(Lot).where(Lot.id.in_({p.lot_id for p in picks})))
    }
    today = datetime.now(UTC).date()
    problems = []
    for lot in lots.values():
        if lot.status != LotStatus.RELEASED:
            problems.append(
                Problem(
                    ErrorCode.LOT_NOT_RELEASED,
                    f"Lot {lot.lot_number} is {lot.status} and cannot ship.",
                )
            )
        elif lot.expires_on is not None and lot.expires_on < today:
            problems.append(
                Problem(ErrorCode.LOT_EXPIRED, f"Lot {lot.lot_number} expired on {lot.expires_on}.")
            )
    if problems:
        raise DomainError(problems)


async def _ship(
    session: AsyncSession, shipment: Shipment, pick: _Pick, product: Product, *, actor: Actor
) -> None:
    line = ShipmentLine(
        shipment_id=shipment.id,
        order_line_id=pick.line.id,
        product_id=product.id,
        lot_id=pick.lot_id,
        quantity=pick.quantity,
    )
    session.add(line)
    await session.flush()
    move = dict(
        kind=StockMoveKind.SHIPMENT,
        product_id=product.id,
        lot_id=pick.lot_id,
        warehouse_id=shipment.warehouse_id,
        actor_id=actor.user_id,
        reference=shipment.number,
        shipment_id=shipment.id,
    )
    if product.tracking_mode == TrackingMode.SERIAL:
        for serial in pick.serials:
            await stock.post_move(
                session, **move, quantity=-1, serial_id=serial.id, consumes_reservation=1
            )
            serial.status, serial.warehouse_id, serial.allocation_id = (
                SerialStatus.SHIPPED,
                None,
                None,
            )
            session.add(ShipmentLineSerial(shipment_line_id=line.id, serial_id=serial.id))
    else:
        await stock.post_move(
            session, **move, quantity=-pick.quantity, consumes_reservation=pick.quantity
        )
    pick.line.shipped_quantity += pick.quantity
    await session.flush()
    for allocation, taken in pick.taken:
        if taken == allocation.quantity:
            await session.execute(
                update(Serial)
                .where(Serial.allocation_id == allocation.id)
                .values(status=SerialStatus.IN_STOCK, allocation_id=None)
                .execution_options(synchronize_session=False)
            )
            await session.delete(allocation)
        else:
            allocation.quantity -= taken
            await _keep_serials_for(session, allocation)
    await session.flush()


async def _keep_serials_for(session: AsyncSession, allocation: Allocation) -> None:
    """An allocation holds as many serials as units; extras go back to stock (another
    serial of the lot may have shipped in their place)."""
    await session.flush()
    held = list(
        await session.scalars(
            select(Serial.id)
            .where(Serial.allocation_id == allocation.id)
            .order_by(Serial.serial_number)
        )
    )
    extra = held[allocation.quantity :]
    if extra:
        await session.execute(
            update(Serial)
            .where(Serial.id.in_(extra))
            .values(status=SerialStatus.IN_STOCK, allocation_id=None)
            .execution_options(synchronize_session=False)
        )


async def confirm_delivery(
    session: AsyncSession, *, actor: Actor, shipment_id: int, delivered_at: datetime | None = None
) -> Shipment:
    """SHIPPED -> DELIVERED at the given time; the order is DELIVERED with its last shipment."""
    shipment = await session.scalar(
        select(Shipment).where(Shipment.id == shipment_id).with_for_update()
    )
    if shipment is None or (actor.is_partner and actor.customer_id != shipment.customer_id):
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such shipment.", ("shipmentId",))
    if shipment.status != ShipmentStatus.SHIPPED:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Shipment {shipment.number} is {shipment.status}; only a shipped one is delivered.",
            ("shipmentId",),
        )
    now = datetime.now(UTC)
    delivered_at = delivered_at or now
    if delivered_at.tzinfo is None:
        raise DomainError.single(
            ErrorCode.INVALID, "Give the delivery time with a time zone.", ("deliveredAt",)
        )
    if delivered_at > now + CLOCK_SKEW or (
        shipment.shipped_at and delivered_at < shipment.shipped_at
    ):
        raise DomainError.single(
            ErrorCode.INVALID, "The delivery time lies between shipping and now.", ("deliveredAt",)
        )
    shipment.status, shipment.delivered_at = ShipmentStatus.DELIVERED, delivered_at
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action="shipment.delivered",
        entity_type="Shipment",
        entity_id=shipment.id,
        changes={"delivered_at": delivered_at.isoformat()},
    )
    order = await order_for_update(session, shipment.order_id, actor=actor)
    undelivered = await session.scalar(
        select(func.count()).where(
            Shipment.order_id == order.id, Shipment.status == ShipmentStatus.SHIPPED
        )
    )
    if order.status == OrderStatus.SHIPPED and not undelivered:
        await change_status(session, order, OrderStatus.DELIVERED, actor=actor)
        invoiced = await session.scalar(
            select(func.count()).where(
                Invoice.order_id == order.id, Invoice.status != InvoiceStatus.VOID
            )
        )
        if invoiced:  # invoiced on shipment, as the invoicing policy may allow
            await change_status(session, order, OrderStatus.INVOICED, actor=actor)
    return shipment
