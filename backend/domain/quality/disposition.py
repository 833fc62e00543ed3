"""Carrying out a SCRAP or RETURN_TO_SUPPLIER decision: the held units leave the stock."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Lot, QualityHold, QualityHoldSerial, Serial, StockBalance
from backend.domain.actor import Actor
from backend.domain.inventory import stock
from backend.domain.inventory.lot_status import change_lot_status
from backend.domain.quality.holds import end_holds
from backend.enums import (
    AuditAction,
    LotStatus,
    QualityHoldScope,
    QualityHoldStatus,
    SerialStatus,
    StockMoveKind,
)


async def dispose(
    session: AsyncSession, holds: Sequence[QualityHold], *, kind: StockMoveKind, actor: Actor,
    reference: str,
) -> int:
    """Post `kind` moves for every unit the active holds cover; the holds become DISPOSED.
    Returns the number of units moved."""
    moved = 0
    for hold in holds:
        if hold.status != QualityHoldStatus.ACTIVE:
            continue
        lot = await session.get_one(Lot, hold.lot_id, with_for_update=True)
        move: dict[str, Any] = dict(kind=kind, product_id=lot.product_id, lot_id=lot.id,
                                    actor_id=actor.user_id, reference=reference)
        if hold.scope == QualityHoldScope.QUANTITY:
            assert hold.warehouse_id is not None and hold.quantity is not None
            await stock.post_move(session, **move, warehouse_id=hold.warehouse_id,
                                  quantity=-hold.quantity, consumes_hold=hold.quantity)
            moved += hold.quantity
        elif hold.scope == QualityHoldScope.SERIALS:
            rows = (await session.execute(
                select(Serial, QualityHoldSerial.warehouse_id)
                .join(QualityHoldSerial, QualityHoldSerial.serial_id == Serial.id)
                .where(QualityHoldSerial.hold_id == hold.id).order_by(Serial.serial_number)
            )).all()
            for serial, warehouse_id in rows:
                await stock.post_move(session, **move, warehouse_id=warehouse_id, quantity=-1,
                                      serial_id=serial.id, consumes_hold=1)
                serial.status, serial.warehouse_id = SerialStatus.SCRAPPED, None
                moved += 1
        else:
            moved += await _dispose_lot(session, lot, move, hold.warehouse_id)
            if lot.status in (LotStatus.QUARANTINE, LotStatus.ON_HOLD):
                await change_lot_status(session, lot, LotStatus.REJECTED, actor=actor,
                                        action=AuditAction.LOT_REJECTED,
                                        reason=f"{reference}: {kind.value}")
        await session.flush()
    await end_holds(session, holds, actor=actor, reason=reference,
                    status=QualityHoldStatus.DISPOSED)
    return moved


async def _dispose_lot(
    session: AsyncSession, lot: Lot, move: dict[str, Any], warehouse_id: int | None
) -> int:
    """Everything of the lot on hand (in one warehouse) that no partial hold keeps apart."""
    stmt = select(StockBalance).where(StockBalance.lot_id == lot.id, StockBalance.on_hand > 0)
    if warehouse_id is not None:
        stmt = stmt.where(StockBalance.warehouse_id == warehouse_id)
    moved = 0
    for balance in list(await session.scalars(
        stmt.order_by(StockBalance.warehouse_id).with_for_update()
    )):
        free = balance.on_hand - balance.reserved - balance.held
        if free <= 0:
            continue
        serials = list(await session.scalars(
            select(Serial).where(Serial.lot_id == lot.id,
                                 Serial.warehouse_id == balance.warehouse_id,
                                 Serial.status.in_((SerialStatus.IN_STOCK,
                                                    SerialStatus.RETURNED)),
                                 Serial.allocation_id.is_(None))
            .order_by(Serial.serial_number).limit(free)
        ))
        if serials:
            for serial in serials:
                await stock.post_move(session, **move,
                                      warehouse_id=balance.warehouse_id, quantity=-1,
                                      serial_id=serial.id)
                serial.status, serial.warehouse_id = SerialStatus.SCRAPPED, None
            moved += len(serials)
        else:
            await stock.post_move(session, **move,
                                  warehouse_id=balance.warehouse_id, quantity=-free)
            moved += free
    return moved
