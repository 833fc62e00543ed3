"""Picking for a shipment: which allocations and serials each shipment line takes, the
checks on them, and posting the stock moves. `shipping.create_shipment` drives it."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    Lot,
    Product,
    SalesOrderLine,
    Serial,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
)
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.inventory import stock
from backend.enums import LotStatus, SerialStatus, StockMoveKind, TrackingMode


@dataclass(frozen=True, slots=True)
class ShipLine:
    lot_id: int
    quantity: int
    serial_numbers: Sequence[str] | None = None


@dataclass
class Pick:
    """What one shipment line takes: from which allocations, and which serials."""

    line: SalesOrderLine
    lot_id: int
    quantity: int = 0
    taken: list[tuple[Allocation, int]] = field(default_factory=list)
    serials: list[Serial] = field(default_factory=list)


def warehouse_to_ship(
    allocations: list[Allocation], wanted: int | None, lines: Sequence[ShipLine] | None
) -> int:
    """The one warehouse a shipment leaves from: the given one, or the only one holding stock."""
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


async def pick_everything(
    session: AsyncSession, here: list[Allocation], by_line: dict[int, SalesOrderLine]
) -> list[Pick]:
    """Everything allocated in the warehouse, with the serials reserved for it."""
    serials = defaultdict(list)
    for serial in await _allocated_serials(session, here):
        serials[serial.allocation_id].append(serial)
    picks: dict[tuple[int, int], Pick] = {}
    for a in here:
        pick = picks.setdefault(
            (a.order_line_id, a.lot_id), Pick(by_line[a.order_line_id], a.lot_id)
        )
        pick.quantity += a.quantity
        pick.taken.append((a, a.quantity))
        pick.serials.extend(serials[a.id])
    return list(picks.values())


async def pick_lines(
    session: AsyncSession,
    lines: Sequence[ShipLine],
    here: list[Allocation],
    by_line: dict[int, SalesOrderLine],
    products: dict[int, Product],
    warehouse_id: int,
) -> list[Pick]:
    """The requested lines, each taken from this order's allocations of that lot."""
    if not lines:
        raise DomainError.single(
            ErrorCode.INVALID, "A shipment needs at least one line.", ("input", "lines")
        )
    left = {a.id: a.quantity for a in here}
    allocated_serials = {s.id for s in await _allocated_serials(session, here)}
    picks: dict[tuple[int, int], Pick] = {}
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
                (a.order_line_id, a.lot_id), Pick(by_line[a.order_line_id], a.lot_id)
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


async def check_lots(
    session: AsyncSession, picks: list[Pick], min_shelf_life_days: Mapping[int, int] | None = None
) -> None:
    """Every picked lot is released and unexpired, with the shelf life the sale needs left
    (`min_shelf_life_days` per product id; checked again when goods leave: stock may have
    aged since allocation)."""
    lots = {
        lot.id: lot
        for lot in await session.scalars(select(Lot).where(Lot.id.in_({p.lot_id for p in picks})))
    }
    today = datetime.now(UTC).date()
    problems = []
    for lot in lots.values():
        days = (min_shelf_life_days or {}).get(lot.product_id, 0)
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
        elif (lot.expires_on is not None and days
              and lot.expires_on < today + timedelta(days=days)):
            problems.append(Problem(
                ErrorCode.SHELF_LIFE_TOO_SHORT,
                f"Lot {lot.lot_number} expires on {lot.expires_on}: less than the {days} days "
                "of shelf life this sale needs are left.",
            ))
    if problems:
        raise DomainError(problems)


async def ship_pick(
    session: AsyncSession, shipment: Shipment, pick: Pick, product: Product, *, actor: Actor
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
    move: dict[str, Any] = dict(
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
