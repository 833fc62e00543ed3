"""Material issue: CONSUMPTION moves out of the work order's warehouse referencing its
number, from its reservations or from another released lot of the component (the
reservation then shrinks by as much); serial components go by serial and become CONSUMED.
All or nothing; RELEASED -> IN_PROGRESS."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Lot,
    Product,
    Serial,
    WorkOrder,
    WorkOrderComponent,
    WorkOrderIssue,
    WorkOrderReservation,
)
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.inventory import stock
from backend.domain.production import events, schedule
from backend.domain.production.work_orders import locked, refuse_status
from backend.enums import (
    AuditAction,
    LotStatus,
    SerialStatus,
    StockMoveKind,
    TrackingMode,
    WorkOrderEventKind,
    WorkOrderStatus,
)

W = WorkOrderStatus
MAX_LINES = 100


@dataclass(frozen=True)
class IssueLine:
    lot_id: int | None
    quantity: int
    serial_numbers: Sequence[str] | None = None


@dataclass
class _Planned:
    line: WorkOrderComponent
    lot: Lot
    quantity: int
    serials: list[Serial]
    field: tuple[str, ...]


async def _from_reservations(session: AsyncSession, work_order: WorkOrder) -> list[IssueLine]:
    held = await session.scalars(
        select(WorkOrderReservation).where(WorkOrderReservation.work_order_id == work_order.id)
        .order_by(WorkOrderReservation.line_number, WorkOrderReservation.id))
    return [IssueLine(r.lot_id, r.quantity) for r in held]


async def _serials(session: AsyncSession, lot: Lot, work_order: WorkOrder, line: IssueLine,
                   at: tuple[str, ...], problems: list[Problem]) -> list[Serial]:
    base = select(Serial).where(Serial.lot_id == lot.id,
                                Serial.warehouse_id == work_order.warehouse_id,
                                Serial.status == SerialStatus.IN_STOCK)
    if line.serial_numbers is None:
        found = list(await session.scalars(base.order_by(Serial.serial_number)
                                           .limit(line.quantity).with_for_update()))
        if len(found) < line.quantity:
            problems.append(Problem(ErrorCode.INSUFFICIENT_STOCK,
                                    f"Lot {lot.lot_number} has {len(found)} serials in stock.",
                                    (*at, "quantity")))
        return found
    numbers = [n.strip() for n in line.serial_numbers]
    if len(set(numbers)) != len(numbers):
        problems.append(Problem(ErrorCode.DUPLICATE, "A serial number is listed twice.",
                                (*at, "serialNumbers")))
        return []
    if len(numbers) != line.quantity:
        problems.append(Problem(ErrorCode.SERIAL_MISMATCH,
                                f"{line.quantity} units need {line.quantity} serial numbers, "
                                f"got {len(numbers)}.", (*at, "serialNumbers")))
        return []
    found = list(await session.scalars(base.where(Serial.serial_number.in_(numbers))
                                       .order_by(Serial.serial_number).with_for_update()))
    if len(found) != len(numbers):
        missing = sorted(set(numbers) - {s.serial_number for s in found})
        problems.append(Problem(ErrorCode.SERIAL_MISMATCH,
                                f"Not in stock in lot {lot.lot_number}: {', '.join(missing)}.",
                                (*at, "serialNumbers")))
    return found


async def issue_material(
    session: AsyncSession, *, actor: Actor, work_order_id: int | None,
    lines: Sequence[IssueLine] | None,
) -> WorkOrder:
    work_order = await locked(session, work_order_id)
    refuse_status(work_order, (W.RELEASED, W.IN_PROGRESS), "issued material")
    components = {c.product_id: c for c in await session.scalars(
        select(WorkOrderComponent).where(WorkOrderComponent.work_order_id == work_order.id)
        .with_for_update())}
    if lines is None:
        lines = await _from_reservations(session, work_order)
        if not lines:
            raise DomainError.single(ErrorCode.INVALID, "Nothing is reserved to issue.",
                                     ("input", "lines"))
    elif not 1 <= len(lines) <= MAX_LINES:
        raise DomainError.single(ErrorCode.INVALID, f"Issue 1 to {MAX_LINES} lines.",
                                 ("input", "lines"))
    today = datetime.now(UTC).date()
    problems: list[Problem] = []
    planned: list[_Planned] = []
    taking: dict[int, int] = defaultdict(int)
    for i, line in enumerate(lines):
        at = ("input", "lines", str(i))
        lot = None if line.lot_id is None else await session.get(Lot, line.lot_id)
        if lot is None:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such lot.", (*at, "lotId"))
        component = components.get(lot.product_id)
        if component is None:
            problems.append(Problem(ErrorCode.COMPONENT_NOT_IN_BOM,
                                    f"Lot {lot.lot_number} is not of a component of "
                                    f"{work_order.number}.", (*at, "lotId")))
            continue
        if line.quantity <= 0:
            problems.append(Problem(ErrorCode.INVALID, "The quantity must be positive.",
                                    (*at, "quantity")))
            continue
        taking[component.line_number] += line.quantity
        open_quantity = component.required_quantity - component.issued_quantity
        if taking[component.line_number] > open_quantity:
            problems.append(Problem(ErrorCode.OVER_ISSUE,
                                    f"{work_order.number} needs {open_quantity} more of line "
                                    f"{component.line_number}.", (*at, "quantity")))
        if lot.status != LotStatus.RELEASED:
            problems.append(Problem(ErrorCode.LOT_NOT_RELEASED,
                                    f"Lot {lot.lot_number} is {lot.status.value}.",
                                    (*at, "lotId")))
        elif lot.expires_on is not None and lot.expires_on < today:
            problems.append(Problem(ErrorCode.LOT_EXPIRED,
                                    f"Lot {lot.lot_number} expired on {lot.expires_on}.",
                                    (*at, "lotId")))
        product = await session.get(Product, lot.product_id)
        assert product is not None
        serials: list[Serial] = []
        if product.tracking_mode == TrackingMode.SERIAL:
            serials = await _serials(session, lot, work_order, line, at, problems)
        elif line.serial_numbers:
            problems.append(Problem(ErrorCode.SERIAL_MISMATCH, "Lot-tracked components have "
                                    "no serial numbers.", (*at, "serialNumbers")))
        planned.append(_Planned(component, lot, line.quantity, serials, at))
    if problems:
        raise DomainError(problems)
    before = events.snapshot(work_order)
    issued = []
    for item in planned:
        await _consume(session, work_order, item, actor)
        issued.append([item.line.line_number, item.lot.id, item.quantity])
    await _trim_reservations(session, work_order, list(components.values()))
    previous = work_order.status
    work_order.status = W.IN_PROGRESS
    await session.flush()
    if previous != W.IN_PROGRESS:
        await schedule.reschedule(session, announced=work_order.id)  # in-progress orders go first
    await events.changed(session, work_order, actor=actor, kind=WorkOrderEventKind.MATERIAL_ISSUED,
                         action=AuditAction.WORK_ORDER_MATERIAL_ISSUED, before=before,
                         previous=previous, extra={"issued": issued})
    return work_order


async def _consume(session: AsyncSession, work_order: WorkOrder, item: _Planned,
                   actor: Actor) -> None:
    held = await session.scalar(
        select(WorkOrderReservation).where(
            WorkOrderReservation.work_order_id == work_order.id,
            WorkOrderReservation.line_number == item.line.line_number,
            WorkOrderReservation.lot_id == item.lot.id).with_for_update())
    from_reservation = min(held.quantity if held else 0, item.quantity)
    shortage = DomainError.single(
        ErrorCode.INSUFFICIENT_STOCK,
        f"Lot {item.lot.lot_number} has less than {item.quantity} units free for "
        f"{work_order.number}.", (*item.field, "quantity"))
    units: list[tuple[int | None, int]] = [(s.id, 1) for s in item.serials]
    units = units or [(None, item.quantity)]
    left_reserved = from_reservation
    for serial_id, quantity in units:
        consumes = min(left_reserved, quantity)
        left_reserved -= consumes
        try:
            await stock.post_move(
                session, kind=StockMoveKind.CONSUMPTION, product_id=item.lot.product_id,
                lot_id=item.lot.id, warehouse_id=work_order.warehouse_id, quantity=-quantity,
                actor_id=actor.user_id, reference=work_order.number, serial_id=serial_id,
                consumes_reservation=consumes)
        except DomainError:
            raise shortage from None
    for serial in item.serials:
        # Built into the work order's output; `Serial.assembly` says into which unit.
        serial.status = SerialStatus.CONSUMED
        serial.warehouse_id = None
    if held is not None:
        if held.quantity == from_reservation:
            await session.delete(held)
        else:
            held.quantity -= from_reservation
    item.line.issued_quantity += item.quantity
    session.add(WorkOrderIssue(work_order_id=work_order.id, line_number=item.line.line_number,
                               lot_id=item.lot.id, quantity=item.quantity,
                               serial_ids=[s.id for s in item.serials], actor_id=actor.user_id))
    await session.flush()


async def _trim_reservations(session: AsyncSession, work_order: WorkOrder,
                             components: list[WorkOrderComponent]) -> None:
    """What was issued from other lots no longer needs holding: give back the excess,
    latest expiry first."""
    for line in components:
        need = line.required_quantity - line.issued_quantity
        held = list(await session.scalars(
            select(WorkOrderReservation).join(Lot, Lot.id == WorkOrderReservation.lot_id)
            .where(WorkOrderReservation.work_order_id == work_order.id,
                   WorkOrderReservation.line_number == line.line_number)
            .order_by(Lot.expires_on.desc().nulls_first(), WorkOrderReservation.id.desc())))
        excess = sum(r.quantity for r in held) - need
        for r in held:
            if excess <= 0:
                break
            give = min(r.quantity, excess)
            excess -= give
            await stock.unreserve(session, warehouse_id=r.warehouse_id, lot_id=r.lot_id,
                                  quantity=give)
            if give == r.quantity:
                await session.execute(delete(WorkOrderReservation)
                                      .where(WorkOrderReservation.id == r.id))
            else:
                r.quantity -= give
    await session.flush()
