"""Changing a lot's status: audited and announced, like every other state change."""

from collections.abc import Mapping, Sequence

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from backend.db.models import Lot
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import valuation
from backend.domain.inventory import levels
from backend.domain.trust import audit, outbox
from backend.enums import AuditAction, LotStatus

LOT_STATUS_CHANGED = "lot.status_changed"

# Which statuses a lot may leave for which; RECALLED and REJECTED are final.
TRANSITIONS: dict[LotStatus, frozenset[LotStatus]] = {
    LotStatus.QUARANTINE: frozenset({LotStatus.RELEASED, LotStatus.REJECTED, LotStatus.ON_HOLD,
                                     LotStatus.RECALLED, LotStatus.EXPIRED}),
    LotStatus.ON_HOLD: frozenset({LotStatus.RELEASED, LotStatus.REJECTED, LotStatus.RECALLED,
                                  LotStatus.EXPIRED}),
    LotStatus.RELEASED: frozenset({LotStatus.QUARANTINE, LotStatus.ON_HOLD, LotStatus.RECALLED,
                                   LotStatus.EXPIRED}),
    LotStatus.REJECTED: frozenset({LotStatus.RECALLED}),
    LotStatus.RECALLED: frozenset(),
    # Past its expiry date: it may still be recalled, never released again.
    LotStatus.EXPIRED: frozenset({LotStatus.RECALLED}),
}


async def change_lot_status(
    session: AsyncSession,
    lot: Lot,
    target: LotStatus,
    *,
    actor: Actor,
    action: AuditAction,
    reason: str | None = None,
    changes: Mapping[str, audit.Change] | None = None,
) -> None:
    """Move a lot to `target`; `changes` are further (before, after) facts for the trail."""
    current = LotStatus(lot.status)
    if target not in TRANSITIONS[current]:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Lot {lot.lot_number} is {current.value} and cannot become {target.value}.",
        )
    lot.status = target
    await session.flush()
    if target in valuation.WRITTEN_OFF and current not in valuation.WRITTEN_OFF:
        await valuation.write_off_lots(session, [(lot.id, lot.unit_cost)],
                                       reason=f"Lot {target.value.lower()}: written off",
                                       reference=lot.lot_number, actor_id=actor.user_id)
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=action,
        entity_type="Lot",
        entity_id=lot.id,
        changes={"status": (current, target), **(changes or {})},
        reason=reason,
    )
    await outbox.emit(
        session,
        topic=LOT_STATUS_CHANGED,
        aggregate_type="Lot",
        aggregate_id=lot.id,
        payload={"lot_id": lot.id, "from": current.value, "to": target.value},
    )
    await levels.announce_lot(session, lot)


async def change_lots_status(
    session: AsyncSession,
    lots: Sequence[Lot],
    target: LotStatus,
    *,
    actor: Actor,
    action: AuditAction,
    reason: str | None = None,
    changes: Mapping[str, audit.Change] | None = None,
) -> None:
    """`change_lot_status` for many lots (locked by the caller) in one UPDATE: each still
    audited and announced, with one read of their balances."""
    for lot in lots:
        current = LotStatus(lot.status)
        if target not in TRANSITIONS[current]:
            raise DomainError.single(
                ErrorCode.INVALID_TRANSITION,
                f"Lot {lot.lot_number} is {current.value} and cannot become {target.value}.",
            )
    if not lots:
        return
    await session.execute(update(Lot).where(Lot.id.in_([lot.id for lot in lots]))
                          .values(status=target).execution_options(synchronize_session=False))
    if target in valuation.WRITTEN_OFF:
        await valuation.write_off_lots(
            session, [(lot.id, lot.unit_cost) for lot in lots
                      if LotStatus(lot.status) not in valuation.WRITTEN_OFF],
            reason=f"Lots {target.value.lower()}: written off", reference=reason,
            actor_id=actor.user_id)
    for lot in lots:
        current = LotStatus(lot.status)
        set_committed_value(lot, "status", target)
        await audit.record(session, actor_id=actor.user_id, action=action, entity_type="Lot",
                           entity_id=lot.id, changes={"status": (current, target),
                                                      **(changes or {})}, reason=reason)
        await outbox.emit(session, topic=LOT_STATUS_CHANGED, aggregate_type="Lot",
                          aggregate_id=lot.id,
                          payload={"lot_id": lot.id, "from": current.value, "to": target.value})
    await levels.announce_lots(session, lots)
