"""What a person already did on a lot, read only for the permissions an active
separation-of-duties rule pairs with the one they are about to use."""

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Inspection, StockMove
from backend.domain.access_control import separation
from backend.domain.actor import Actor
from backend.enums import StockMoveKind

INSPECT, RECEIVE = "lot.inspect", "stock.receive"


async def ensure_separate_on_lot(
    session: AsyncSession, *, actor: Actor, lot_id: int, doing: str, message: str,
    field: tuple[str, ...], inspected: bool | None = None,
) -> None:
    """SEPARATION_OF_DUTIES when an active rule forbids `doing` to whoever inspected or
    received this lot and the actor did (`inspected`: already known by the caller)."""
    if actor.user_id is None:
        return
    done: set[str] = set()
    if separation.pair_active(doing, INSPECT):
        if inspected is None:
            inspected = bool(await session.scalar(select(exists().where(
                Inspection.lot_id == lot_id, Inspection.inspector_id == actor.user_id))))
        if inspected:
            done.add(INSPECT)
    if separation.pair_active(doing, RECEIVE) and await session.scalar(select(exists().where(
            StockMove.lot_id == lot_id, StockMove.kind == StockMoveKind.RECEIPT,
            StockMove.actor_id == actor.user_id))):
        done.add(RECEIVE)
    separation.ensure_separate(doing, done, message, field)
