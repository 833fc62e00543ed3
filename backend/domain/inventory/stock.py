"""The stock ledger: every change of quantity is a move, and balances change with it.

Balances are changed by single conditional UPDATEs (`... WHERE on_hand - reserved >= :q`).
Under READ COMMITTED a writer that waited for a row lock re-checks the condition
on the committed row, so two orders racing for the last units get one success
and one INSUFFICIENT_STOCK without SERIALIZABLE retries; the CHECK constraints
on stock_balances stay the last line of defence.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import StockMove
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import valuation
from backend.domain.inventory import levels
from backend.domain.trust import outbox
from backend.enums import StockLevelCause, StockMoveKind

# Every balance change answers the lot's status and expiry too: what availability needs.
LOT_FIGURES = """
              (SELECT status FROM lots WHERE id = :lot_id) AS lot_status,
              (SELECT expires_on FROM lots WHERE id = :lot_id) AS lot_expires_on
"""
# Moves also answer the lot's unit cost: what its value posting needs.
LOT_COST = """,
              (SELECT unit_cost FROM lots WHERE id = :lot_id) AS lot_unit_cost
"""
ADD_ON_HAND = text(
    """
    INSERT INTO stock_balances (warehouse_id, lot_id, product_id, on_hand, reserved)
    VALUES (:warehouse_id, :lot_id, :product_id, :quantity, 0)
    ON CONFLICT (warehouse_id, lot_id) DO UPDATE SET on_hand = stock_balances.on_hand + :quantity
    RETURNING on_hand, reserved, held,
"""
    + LOT_FIGURES
    + LOT_COST
)
# `ADD_ON_HAND` for many balances in one statement (each (warehouse, lot) once).
ADD_MANY = text(
    """
    INSERT INTO stock_balances (warehouse_id, lot_id, product_id, on_hand, reserved)
    SELECT w, l, p, q, 0 FROM unnest(CAST(:warehouse_ids AS bigint[]),
        CAST(:lot_ids AS bigint[]), CAST(:product_ids AS bigint[]),
        CAST(:quantities AS integer[])) AS t(w, l, p, q)
    ON CONFLICT (warehouse_id, lot_id)
        DO UPDATE SET on_hand = stock_balances.on_hand + EXCLUDED.on_hand
    RETURNING warehouse_id, lot_id, on_hand, reserved, held,
"""
    + LOT_FIGURES.replace(":lot_id", "stock_balances.lot_id")
    + LOT_COST.replace(":lot_id", "stock_balances.lot_id")
)
# Taking stock out may not dip into what is reserved or held, unless the move consumes the
# reservation (picking) or the held units (scrapping or returning them to the supplier).
TAKE_ON_HAND = text(
    """
    UPDATE stock_balances SET on_hand = on_hand - :quantity, reserved = reserved - :unreserve,
                              held = held - :unhold
    WHERE warehouse_id = :warehouse_id AND lot_id = :lot_id
      AND reserved >= :unreserve AND held >= :unhold
      AND on_hand - :quantity >= reserved - :unreserve + held - :unhold
    RETURNING on_hand, reserved, held,
"""
    + LOT_FIGURES
    + LOT_COST
)
RESERVE = text(
    """
    UPDATE stock_balances SET reserved = reserved + :quantity
    WHERE warehouse_id = :warehouse_id AND lot_id = :lot_id
      AND on_hand - reserved - held >= :quantity
    RETURNING on_hand, reserved, held, product_id,
"""
    + LOT_FIGURES
)
UNRESERVE = text(
    """
    UPDATE stock_balances SET reserved = reserved - :quantity
    WHERE warehouse_id = :warehouse_id AND lot_id = :lot_id AND reserved >= :quantity
    RETURNING on_hand, reserved, held, product_id,
"""
    + LOT_FIGURES
)


# Holding units of a balance: never more than is on hand and neither reserved nor held.
HOLD = text(
    """
    UPDATE stock_balances SET held = held + :quantity
    WHERE warehouse_id = :warehouse_id AND lot_id = :lot_id
      AND on_hand - reserved - held >= :quantity
    RETURNING on_hand, reserved, held, product_id,
"""
    + LOT_FIGURES
)
UNHOLD = text(
    """
    UPDATE stock_balances SET held = held - :quantity
    WHERE warehouse_id = :warehouse_id AND lot_id = :lot_id AND held >= :quantity
    RETURNING on_hand, reserved, held, product_id,
"""
    + LOT_FIGURES
)


@dataclass(frozen=True, slots=True)
class Balance:
    on_hand: int
    reserved: int
    held: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.held


async def post_move(
    session: AsyncSession,
    *,
    kind: StockMoveKind,
    product_id: int,
    lot_id: int,
    warehouse_id: int,
    quantity: int,
    actor_id: int | None,
    reference: str | None = None,
    serial_id: int | None = None,
    shipment_id: int | None = None,
    consumes_reservation: int = 0,
    consumes_hold: int = 0,
) -> StockMove:
    """Record a signed move and apply it to the (warehouse, lot) balance.

    `consumes_reservation` is how much of an outbound move was reserved for it
    (picking an allocation), released together with the stock; `consumes_hold` likewise
    for held units leaving (scrap, return to supplier).
    """
    if quantity == 0:
        raise ValueError("a stock move changes the quantity")
    params = {"warehouse_id": warehouse_id, "lot_id": lot_id, "product_id": product_id}
    row: Row[Any] | None
    if quantity > 0:
        row = (await session.execute(ADD_ON_HAND, {**params, "quantity": quantity})).one()
    else:
        row = (
            await session.execute(
                TAKE_ON_HAND,
                {**params, "quantity": -quantity, "unreserve": consumes_reservation,
                 "unhold": consumes_hold},
            )
        ).first()
        if row is None:
            raise DomainError.single(
                ErrorCode.INSUFFICIENT_STOCK,
                f"Not enough unreserved stock of lot {lot_id} in warehouse {warehouse_id} "
                f"to take out {-quantity}.",
            )
    move = StockMove(
        kind=kind,
        product_id=product_id,
        lot_id=lot_id,
        warehouse_id=warehouse_id,
        quantity=quantity,
        actor_id=actor_id,
        reference=reference,
        serial_id=serial_id,
        shipment_id=shipment_id,
    )
    session.add(move)
    await session.flush()
    await _moved(session, move, row, Balance(row.on_hand, row.reserved, row.held))
    return move


@dataclass(frozen=True, slots=True)
class Incoming:
    product_id: int
    lot_id: int
    warehouse_id: int
    quantity: int
    serial_id: int | None = None


async def add_stock(session: AsyncSession, *, kind: StockMoveKind, moves: Sequence[Incoming],
                    actor_id: int | None, reference: str | None) -> list[StockMove]:
    """`post_move` for many incoming moves at once: one balance upsert and one insert of the
    moves, each move then valued and announced with the balance as it stood after it."""
    if any(m.quantity <= 0 for m in moves):
        raise ValueError("incoming moves add stock")
    if not moves:
        return []
    totals: dict[tuple[int, int], list[int]] = {}
    for m in moves:
        totals.setdefault((m.warehouse_id, m.lot_id), [m.product_id, 0])[1] += m.quantity
    keys = list(totals)
    rows = {(r.warehouse_id, r.lot_id): r for r in await session.execute(ADD_MANY, {
        "warehouse_ids": [w for w, _ in keys], "lot_ids": [lot for _, lot in keys],
        "product_ids": [totals[k][0] for k in keys], "quantities": [totals[k][1] for k in keys],
    })}
    made = [StockMove(kind=kind, product_id=m.product_id, lot_id=m.lot_id,
                      warehouse_id=m.warehouse_id, quantity=m.quantity, actor_id=actor_id,
                      reference=reference, serial_id=m.serial_id) for m in moves]
    session.add_all(made)
    await session.flush()
    # The balance after each move: what the later moves of its balance had not yet added.
    later = {key: 0 for key in keys}
    after: list[int] = [0] * len(moves)
    for index in range(len(moves) - 1, -1, -1):
        key = (moves[index].warehouse_id, moves[index].lot_id)
        after[index] = rows[key].on_hand - later[key]
        later[key] += moves[index].quantity
    for move, on_hand in zip(made, after, strict=True):
        row = rows[(move.warehouse_id, move.lot_id)]
        await _moved(session, move, row, Balance(on_hand, row.reserved, row.held))
    return made


async def _moved(session: AsyncSession, move: StockMove, row: Row[Any], balance: Balance) -> None:
    """What every move brings: its value posting and its announcements."""
    kind = StockMoveKind(move.kind)
    await valuation.record_move(session, kind=kind, lot_id=move.lot_id,
                                warehouse_id=move.warehouse_id, move_id=move.id,
                                quantity=move.quantity, unit_cost=row.lot_unit_cost,
                                lot_status=row.lot_status, actor_id=move.actor_id,
                                reference=move.reference)
    params = {"warehouse_id": move.warehouse_id, "lot_id": move.lot_id,
              "product_id": move.product_id}
    await _announce(session, params, kind, move.quantity, balance, move.id)
    await levels.announce(session, warehouse_id=move.warehouse_id, lot_id=move.lot_id,
                          product_id=move.product_id, cause=StockLevelCause.MOVE, move_kind=kind,
                          on_hand=balance.on_hand, reserved=balance.reserved, held=balance.held,
                          lot=levels.LotFigures(row.lot_status, row.lot_expires_on))


async def reserve(
    session: AsyncSession, *, warehouse_id: int, lot_id: int, quantity: int
) -> Balance | None:
    """Reserve stock if that much is unreserved; None when it is not (nothing changes)."""
    params = {"warehouse_id": warehouse_id, "lot_id": lot_id, "quantity": quantity}
    row = (await session.execute(RESERVE, params)).first()
    if row is None:
        return None
    balance = Balance(row.on_hand, row.reserved, row.held)
    await _announce_reservation(session, warehouse_id, lot_id, row.product_id, quantity, balance,
                                levels.LotFigures(row.lot_status, row.lot_expires_on))
    return balance


async def hold(
    session: AsyncSession, *, warehouse_id: int, lot_id: int, quantity: int
) -> Balance | None:
    """Hold units that are on hand and neither reserved nor held; None when there are not
    that many (nothing changes)."""
    params = {"warehouse_id": warehouse_id, "lot_id": lot_id, "quantity": quantity}
    row = (await session.execute(HOLD, params)).first()
    if row is None:
        return None
    balance = Balance(row.on_hand, row.reserved, row.held)
    await levels.announce(session, warehouse_id=warehouse_id, lot_id=lot_id,
                          product_id=row.product_id, cause=StockLevelCause.HOLD_PLACED,
                          on_hand=balance.on_hand, reserved=balance.reserved, held=balance.held,
                          lot=levels.LotFigures(row.lot_status, row.lot_expires_on))
    return balance


async def unhold(
    session: AsyncSession, *, warehouse_id: int, lot_id: int, quantity: int
) -> Balance:
    params = {"warehouse_id": warehouse_id, "lot_id": lot_id, "quantity": quantity}
    row = (await session.execute(UNHOLD, params)).first()
    if row is None:
        raise RuntimeError(f"releasing {quantity} more than is held of lot {lot_id}")
    balance = Balance(row.on_hand, row.reserved, row.held)
    await levels.announce(session, warehouse_id=warehouse_id, lot_id=lot_id,
                          product_id=row.product_id, cause=StockLevelCause.HOLD_RELEASED,
                          on_hand=balance.on_hand, reserved=balance.reserved, held=balance.held,
                          lot=levels.LotFigures(row.lot_status, row.lot_expires_on))
    return balance


async def unreserve(
    session: AsyncSession, *, warehouse_id: int, lot_id: int, quantity: int
) -> Balance:
    params = {"warehouse_id": warehouse_id, "lot_id": lot_id, "quantity": quantity}
    row = (await session.execute(UNRESERVE, params)).first()
    if row is None:
        raise RuntimeError(f"releasing {quantity} more than is reserved of lot {lot_id}")
    balance = Balance(row.on_hand, row.reserved, row.held)
    await _announce_reservation(session, warehouse_id, lot_id, row.product_id, -quantity, balance,
                                levels.LotFigures(row.lot_status, row.lot_expires_on))
    return balance


async def _announce_reservation(
    session: AsyncSession,
    warehouse_id: int,
    lot_id: int,
    product_id: int,
    reserved_delta: int,
    balance: Balance,
    lot: "levels.LotFigures",
) -> None:
    await outbox.emit(
        session,
        topic=outbox.STOCK_RESERVED,
        aggregate_type="Lot",
        aggregate_id=lot_id,
        payload={
            "warehouse_id": warehouse_id,
            "lot_id": lot_id,
            "product_id": product_id,
            "reserved_delta": reserved_delta,
            "on_hand": balance.on_hand,
            "reserved": balance.reserved,
            "available": balance.available,
        },
    )
    await levels.announce(
        session, warehouse_id=warehouse_id, lot_id=lot_id, product_id=product_id,
        cause=StockLevelCause.RESERVED if reserved_delta > 0 else StockLevelCause.UNRESERVED,
        on_hand=balance.on_hand, reserved=balance.reserved, held=balance.held, lot=lot,
    )


async def _announce(
    session: AsyncSession,
    keys: dict[str, int],
    kind: StockMoveKind,
    delta: int,
    balance: Balance,
    move_id: int,
) -> None:
    await outbox.emit(
        session,
        topic=outbox.STOCK_CHANGED,
        aggregate_type="Lot",
        aggregate_id=keys["lot_id"],
        payload={
            **keys,
            "kind": kind.value,
            "delta": delta,
            "on_hand": balance.on_hand,
            "reserved": balance.reserved,
            "available": balance.available,
            "move_id": move_id,
        },
    )
