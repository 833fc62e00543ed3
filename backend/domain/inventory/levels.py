"""Announcing a (warehouse, lot) balance after any of its figures changed: `stockLevelChanged`.

A balance is available only while its lot is RELEASED and not past expiry; then it is
on hand less reserved less held.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Lot, StockBalance
from backend.domain.trust import outbox
from backend.enums import LotStatus, StockLevelCause, StockMoveKind

STOCK_LEVEL_CHANGED = "stock.level_changed"


@dataclass(frozen=True, slots=True)
class LotFigures:
    """What availability needs of a lot; read with the balance (RETURNING), not again."""

    status: str
    expires_on: date | None


def available(
    *, on_hand: int, reserved: int, held: int, status: LotStatus | str,
    expires_on: date | None, today: date | None = None,
) -> int:
    today = today or datetime.now(UTC).date()
    if status != LotStatus.RELEASED or (expires_on is not None and expires_on < today):
        return 0
    return max(on_hand - reserved - held, 0)


async def announce(
    session: AsyncSession,
    *,
    warehouse_id: int,
    lot_id: int,
    product_id: int,
    cause: StockLevelCause,
    on_hand: int,
    reserved: int,
    held: int,
    move_kind: StockMoveKind | None = None,
    lot: Any = None,
) -> None:
    if lot is None:
        lot = (await session.execute(
            select(Lot.status, Lot.expires_on).where(Lot.id == lot_id)
        )).one()
    status = LotStatus(lot.status)
    await outbox.emit(
        session,
        topic=STOCK_LEVEL_CHANGED,
        aggregate_type="Lot",
        aggregate_id=lot_id,
        payload={
            "warehouse_id": warehouse_id, "lot_id": lot_id, "product_id": product_id,
            "cause": cause.value, "move_kind": move_kind.value if move_kind else None,
            "lot_status": status.value, "on_hand": on_hand, "reserved": reserved, "held": held,
            "available": available(on_hand=on_hand, reserved=reserved, held=held, status=status,
                                   expires_on=lot.expires_on),
        },
    )


async def announce_lot(session: AsyncSession, lot: Lot) -> None:
    """Every balance of a lot whose status changed."""
    await announce_lots(session, [lot])


async def announce_lots(session: AsyncSession, lots: Sequence[Lot]) -> None:
    """Every balance of lots whose status changed, read in one statement."""
    by_id = {lot.id: lot for lot in lots}
    balances = await session.execute(
        select(StockBalance.lot_id, StockBalance.warehouse_id, StockBalance.product_id,
               StockBalance.on_hand, StockBalance.reserved, StockBalance.held)
        .where(StockBalance.lot_id.in_(by_id))
        .order_by(StockBalance.lot_id, StockBalance.warehouse_id)
    )
    for b in balances:
        await announce(session, warehouse_id=b.warehouse_id, lot_id=b.lot_id,
                       product_id=b.product_id, cause=StockLevelCause.LOT_STATUS_CHANGED,
                       on_hand=b.on_hand, reserved=b.reserved, held=b.held, lot=by_id[b.lot_id])
