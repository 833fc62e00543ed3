"""Quality holds at the grain of the suspicion: a whole lot, a quantity in one warehouse, or
serials. Held units stay on hand and out of allocation; the reservations they covered are
taken away and re-made at once from other released stock."""

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Lot,
    Nonconformance,
    QualityHold,
    QualityHoldSerial,
    Serial,
    StockBalance,
    Warehouse,
)
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.inventory import stock
from backend.domain.inventory.lot_status import change_lot_status
from backend.domain.sales import reallocation
from backend.domain.trust import audit, outbox, signatures
from backend.enums import (
    AllocationIssueReason,
    AuditAction,
    LotStatus,
    NonconformanceStatus,
    QualityHoldScope,
    QualityHoldStatus,
    SerialStatus,
)

MAX_REASON = 2000
HOLD_PLACED = "quality.hold_placed"
HOLD_RELEASED = "quality.hold_released"
# A lot in one of these is already out of reach; a whole-lot hold leaves its status.
KEEPS_STATUS = (LotStatus.QUARANTINE, LotStatus.ON_HOLD)
SETTLED = (NonconformanceStatus.CLOSED, NonconformanceStatus.CANCELLED)


def _text(value: str, field: tuple[str, ...], what: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > MAX_REASON:
        raise DomainError.single(ErrorCode.INVALID, f"Give {what} of 1 to {MAX_REASON} characters.",
                                 field)
    return value


async def place_hold(
    session: AsyncSession,
    *,
    actor: Actor,
    lot_id: int | None,
    reason: str,
    warehouse_id: int | None = None,
    quantity: int | None = None,
    serial_numbers: Sequence[str] | None = None,
    nonconformance_id: int | None = None,
    customer_return_id: int | None = None,
    at: tuple[str, ...] = ("input",),
) -> QualityHold:
    reason = _text(reason, (*at, "reason"), "a reason")
    lot = await lookup.get(session, Lot, lot_id, field=(*at, "lotId"), lock=True)
    if warehouse_id is not None:
        await lookup.get(session, Warehouse, warehouse_id, field=(*at, "warehouseId"))
    if lot.status in (LotStatus.RECALLED, LotStatus.REJECTED, LotStatus.EXPIRED):
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Lot {lot.lot_number} is {lot.status.value}: it is out of reach already.",
            (*at, "lotId"),
        )
    numbers = [n.strip() for n in serial_numbers or [] if n.strip()]
    if numbers:
        scope = QualityHoldScope.SERIALS
    elif quantity is not None or warehouse_id is not None:
        scope = QualityHoldScope.QUANTITY
    else:
        scope = QualityHoldScope.WHOLE_LOT
    if scope == QualityHoldScope.QUANTITY:
        if warehouse_id is None:
            raise DomainError.single(ErrorCode.INVALID, "A quantity is held in one warehouse.",
                                     (*at, "warehouseId"))
        if quantity is not None and quantity <= 0:
            raise DomainError.single(ErrorCode.INVALID, "Hold at least one unit.",
                                     (*at, "quantity"))
    hold = QualityHold(
        number=await numbering.next_number(session, "HLD"), scope=scope, lot_id=lot.id,
        warehouse_id=warehouse_id, quantity=None, reason=reason,
        nonconformance_id=nonconformance_id, customer_return_id=customer_return_id,
        placed_by_id=actor.user_id, status=QualityHoldStatus.ACTIVE,
    )
    session.add(hold)
    await session.flush()
    if scope == QualityHoldScope.WHOLE_LOT:
        taken = await reallocation.give_back(
            session, await reallocation.allocations_to_cover(session, lot_id=lot.id)
        )
        if lot.status == LotStatus.RELEASED:
            await change_lot_status(session, lot, LotStatus.ON_HOLD, actor=actor,
                                    action=AuditAction.LOT_HELD, reason=reason,
                                    changes=audit.created(hold_id=hold.id))
    elif scope == QualityHoldScope.QUANTITY:
        assert warehouse_id is not None
        taken = await _hold_quantity(session, hold, lot, warehouse_id, quantity, at)
    else:
        taken = await _hold_serials(session, hold, lot, warehouse_id, numbers, at)
    await session.flush()
    await reallocation.reallocate(session, taken, reason=AllocationIssueReason.LOT_ON_HOLD,
                                  actor=actor, hold_id=hold.id)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.HOLD_PLACED,
        entity_type="QualityHold", entity_id=hold.id, reason=reason,
        changes={
            **audit.created(number=hold.number, scope=scope, lot_id=lot.id,
                            warehouse_id=warehouse_id, quantity=hold.quantity,
                            serials=numbers or None, nonconformance_id=nonconformance_id,
                            affected_order_ids=sorted(taken)),
            "status": (None, QualityHoldStatus.ACTIVE),
        },
    )
    await outbox.emit(session, topic=HOLD_PLACED, aggregate_type="QualityHold",
                      aggregate_id=hold.id,
                      payload={"hold_id": hold.id, "lot_id": lot.id, "scope": scope.value})
    return hold


async def _balance(session: AsyncSession, lot_id: int, warehouse_id: int) -> StockBalance | None:
    return await session.scalar(
        select(StockBalance).where(StockBalance.lot_id == lot_id,
                                   StockBalance.warehouse_id == warehouse_id).with_for_update()
    )


async def _hold_quantity(
    session: AsyncSession, hold: QualityHold, lot: Lot, warehouse_id: int,
    quantity: int | None, at: tuple[str, ...],
) -> reallocation.Taken:
    balance = await _balance(session, lot.id, warehouse_id)
    unheld = 0 if balance is None else balance.on_hand - balance.held
    wanted = unheld if quantity is None else quantity
    if wanted <= 0 or wanted > unheld:
        raise DomainError.single(
            ErrorCode.INSUFFICIENT_STOCK,
            f"Lot {lot.lot_number} has {unheld} unheld units there; {wanted} cannot be held.",
            (*at, "quantity"),
        )
    assert balance is not None
    free = balance.on_hand - balance.reserved - balance.held
    taken: reallocation.Taken = {}
    if free < wanted:
        taken = await reallocation.give_back(session, await reallocation.allocations_to_cover(
            session, lot_id=lot.id, warehouse_id=warehouse_id, shortfall=wanted - free,
        ))
    if await stock.hold(session, warehouse_id=warehouse_id, lot_id=lot.id,
                        quantity=wanted) is None:
        raise RuntimeError("hold of freed units failed")
    hold.quantity = wanted
    return taken


async def _hold_serials(
    session: AsyncSession, hold: QualityHold, lot: Lot, warehouse_id: int | None,
    numbers: list[str], at: tuple[str, ...],
) -> reallocation.Taken:
    serials = list(await session.scalars(
        select(Serial).where(Serial.lot_id == lot.id, Serial.serial_number.in_(numbers),
                             Serial.status.in_((SerialStatus.IN_STOCK, SerialStatus.ALLOCATED,
                                                SerialStatus.RETURNED)),
                             Serial.warehouse_id.is_not(None))
        .order_by(Serial.serial_number).with_for_update()
    ))
    if warehouse_id is not None:
        serials = [s for s in serials if s.warehouse_id == warehouse_id]
    already = set(await session.scalars(
        select(QualityHoldSerial.serial_id).join(QualityHold)
        .where(QualityHold.status == QualityHoldStatus.ACTIVE,
               QualityHoldSerial.serial_id.in_([s.id for s in serials]))
    ))
    found = {s.serial_number for s in serials if s.id not in already}
    missing = [n for n in numbers if n not in found]
    if missing or len(set(numbers)) != len(numbers):
        raise DomainError.single(
            ErrorCode.SERIAL_MISMATCH,
            f"Not in stock in lot {lot.lot_number} (or held already): "
            + ", ".join(missing or numbers) + ".",
            (*at, "serialNumbers"),
        )
    taken = await reallocation.give_back(session, await reallocation.allocations_to_cover(
        session, lot_id=lot.id, serial_ids=[s.id for s in serials
                                            if s.allocation_id is not None],
    )) if any(s.allocation_id is not None for s in serials) else {}
    for warehouse, count in sorted(Counter(s.warehouse_id for s in serials).items()):
        assert warehouse is not None
        if await stock.hold(session, warehouse_id=warehouse, lot_id=lot.id,
                            quantity=count) is None:
            raise DomainError.single(ErrorCode.INSUFFICIENT_STOCK,
                                     "Those units are not free to hold.", (*at, "serialNumbers"))
    session.add_all(QualityHoldSerial(hold_id=hold.id, serial_id=s.id,
                                      warehouse_id=s.warehouse_id) for s in serials)
    hold.quantity = len(serials)
    return taken


async def open_nonconformance_of_lot(session: AsyncSession, lot_id: int) -> Nonconformance | None:
    return await session.scalar(
        select(Nonconformance).where(Nonconformance.lot_id == lot_id,
                                     Nonconformance.status.not_in(SETTLED))
        .order_by(Nonconformance.id).limit(1)
    )


async def release_hold(
    session: AsyncSession, *, actor: Actor, hold_id: int | None, password: str, meaning: str,
    comment: str | None = None,
) -> QualityHold:
    hold = await lookup.get(session, QualityHold, hold_id, field=("input", "holdId"), lock=True)
    if hold.status != QualityHoldStatus.ACTIVE:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Hold {hold.number} is {hold.status.value}.",
                                 ("input", "holdId"))
    open_nc = await open_nonconformance_of_lot(session, hold.lot_id)
    if open_nc is None and hold.nonconformance_id is not None:
        nc = await session.get_one(Nonconformance, hold.nonconformance_id)
        open_nc = None if nc.status in SETTLED else nc
    if open_nc is not None:
        raise DomainError.single(
            ErrorCode.NONCONFORMANCE_OPEN,
            f"Nonconformance {open_nc.number} is {open_nc.status.value}; close it first.",
            ("input", "holdId"),
        )
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="quality_hold", record_id=hold.id,
        record={"id": hold.id, "number": hold.number, "lot_id": hold.lot_id,
                "status": QualityHoldStatus.RELEASED.value},
    )
    await end_holds(session, [hold], actor=actor, signature_id=signature.id, reason=comment)
    return hold


async def end_holds(
    session: AsyncSession, holds: Sequence[QualityHold], *, actor: Actor,
    signature_id: int | None = None, reason: str | None = None,
    status: QualityHoldStatus = QualityHoldStatus.RELEASED,
) -> None:
    """Release (or mark disposed) active holds; a disposed hold's units are gone already."""
    now = datetime.now(UTC)
    for hold in holds:
        if hold.status != QualityHoldStatus.ACTIVE:
            continue
        if status == QualityHoldStatus.RELEASED:
            await _unhold(session, hold, actor=actor, reason=reason)
        hold.status, hold.released_at, hold.released_by_id = status, now, actor.user_id
        hold.release_signature_id = signature_id
        await session.flush()
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.HOLD_RELEASED,
            entity_type="QualityHold", entity_id=hold.id, reason=reason,
            changes={"status": (QualityHoldStatus.ACTIVE, status),
                     **audit.created(signature_id=signature_id)},
        )
        await outbox.emit(session, topic=HOLD_RELEASED, aggregate_type="QualityHold",
                          aggregate_id=hold.id,
                          payload={"hold_id": hold.id, "lot_id": hold.lot_id,
                                   "status": status.value})


async def _unhold(session: AsyncSession, hold: QualityHold, *, actor: Actor,
                  reason: str | None) -> None:
    if hold.scope == QualityHoldScope.QUANTITY:
        assert hold.warehouse_id is not None and hold.quantity is not None
        await stock.unhold(session, warehouse_id=hold.warehouse_id, lot_id=hold.lot_id,
                           quantity=hold.quantity)
    elif hold.scope == QualityHoldScope.SERIALS:
        counts = (await session.execute(
            select(QualityHoldSerial.warehouse_id, func.count())
            .where(QualityHoldSerial.hold_id == hold.id)
            .group_by(QualityHoldSerial.warehouse_id).order_by(QualityHoldSerial.warehouse_id)
        )).all()
        for warehouse_id, count in counts:
            await stock.unhold(session, warehouse_id=warehouse_id, lot_id=hold.lot_id,
                               quantity=count)
    else:
        lot = await session.get_one(Lot, hold.lot_id, with_for_update=True)
        others = await session.scalar(
            select(func.count()).select_from(QualityHold).where(
                QualityHold.lot_id == lot.id, QualityHold.id != hold.id,
                QualityHold.scope == QualityHoldScope.WHOLE_LOT,
                QualityHold.status == QualityHoldStatus.ACTIVE,
            )
        )
        if lot.status == LotStatus.ON_HOLD and not others:
            await change_lot_status(session, lot, LotStatus.RELEASED, actor=actor,
                                    action=AuditAction.LOT_RELEASED,
                                    reason=reason or f"hold {hold.number} released",
                                    changes=audit.created(hold_id=hold.id))
