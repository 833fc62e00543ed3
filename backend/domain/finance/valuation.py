"""What stock is worth in the ledger: every stock move of a costed lot moves its value
(quantity x the lot's unit cost) between Inventory (1300) and the move's counter account,
and a lot that becomes RECALLED or EXPIRED is written off. `stock.post_move` is the one
caller for moves, so no flow can move stock without moving its value.

A move posts at once (one statement: entry, lines and the lot's share), unless a `batch`
is open on the session: then the moves' values are summed and posted as one entry when
the batch ends, so a shipment of many lines costs one statement, not one per line."""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance.ledger import (
    COST_OF_SALES,
    GOODS_RECEIVED_NOT_INVOICED,
    INVENTORY,
    INVENTORY_WRITE_OFFS,
)
from backend.domain.finance.periods import period_id
from backend.enums import LotStatus, StockMoveKind

CENT = Decimal("0.01")
# Stock of these lots is no longer carried in Inventory: its value was written off.
WRITTEN_OFF = frozenset({LotStatus.RECALLED, LotStatus.EXPIRED})
# Where the other side of a move's value goes; INVENTORY means the value stays in 1300
# (between warehouses). Components consumed and lots made clear through 5900: in one batch
# only the made lot's rounding is left there.
COUNTER_ACCOUNT = {
    StockMoveKind.RECEIPT: GOODS_RECEIVED_NOT_INVOICED,
    StockMoveKind.SUPPLIER_RETURN: GOODS_RECEIVED_NOT_INVOICED,
    StockMoveKind.SHIPMENT: COST_OF_SALES,
    StockMoveKind.RETURN: COST_OF_SALES,
    StockMoveKind.SCRAP: INVENTORY_WRITE_OFFS,
    StockMoveKind.SAMPLE: INVENTORY_WRITE_OFFS,
    StockMoveKind.ADJUSTMENT: INVENTORY_WRITE_OFFS,
    StockMoveKind.TRANSFER_OUT: INVENTORY,
    StockMoveKind.TRANSFER_IN: INVENTORY,
    StockMoveKind.CONSUMPTION: INVENTORY_WRITE_OFFS,
    StockMoveKind.PRODUCTION: INVENTORY_WRITE_OFFS,
}
MEMO = {
    StockMoveKind.RECEIPT: "Goods received", StockMoveKind.SHIPMENT: "Cost of goods sold",
    StockMoveKind.RETURN: "Customer return at cost", StockMoveKind.SCRAP: "Scrap written off",
    StockMoveKind.SAMPLE: "Sample written off", StockMoveKind.ADJUSTMENT: "Stock adjustment",
    StockMoveKind.SUPPLIER_RETURN: "Returned to supplier",
    StockMoveKind.CONSUMPTION: "Components consumed", StockMoveKind.PRODUCTION: "Lot made",
}
POST = text(
    """
    WITH entry AS (
        INSERT INTO journal_entries (memo, reference, actor_id, booked_on)
        SELECT :memo, :reference, :actor_id, :booked_on
        WHERE NOT EXISTS (SELECT 1 FROM accounting_periods
                          WHERE id = :period AND status = 'CLOSED')
        RETURNING id),
    lines AS (
        INSERT INTO journal_lines (entry_id, account_code, debit, credit)
        SELECT entry.id, l.account, l.debit, l.credit FROM entry,
               unnest(CAST(:accounts AS varchar[]), CAST(:debits AS numeric[]),
                      CAST(:credits AS numeric[])) AS l(account, debit, credit)),
    shares AS (
        INSERT INTO lot_valuations (entry_id, lot_id, warehouse_id, move_id, quantity, amount)
        SELECT entry.id, v.lot_id, v.warehouse_id, v.move_id, v.quantity, v.amount FROM entry,
               unnest(CAST(:lot_ids AS bigint[]), CAST(:warehouse_ids AS bigint[]),
                      CAST(:move_ids AS bigint[]), CAST(:quantities AS integer[]),
                      CAST(:amounts AS numeric[]))
               AS v(lot_id, warehouse_id, move_id, quantity, amount))
    SELECT id FROM entry
    """
)
ON_HAND = text(
    "SELECT warehouse_id, lot_id, on_hand FROM stock_balances "
    "WHERE lot_id = ANY(CAST(:lot_ids AS bigint[])) AND on_hand > 0"
)


@dataclass(frozen=True, slots=True)
class Share:
    """One lot's value change in a warehouse (signed, positive into Inventory)."""

    lot_id: int
    warehouse_id: int | None
    move_id: int | None
    quantity: int
    amount: Decimal


@dataclass
class Pending:
    memo: str
    reference: str | None
    actor_id: int | None
    rest_account: str
    shares: list[Share] = field(default_factory=list)
    # account -> signed amount (debit positive) of the counter side
    counters: dict[str, Decimal] = field(default_factory=dict)


def value_of(quantity: int, unit_cost: Decimal | None) -> Decimal:
    return (Decimal(quantity) * (unit_cost or Decimal(0))).quantize(CENT)


def produced_unit_cost(consumed: Sequence[tuple[int, Decimal | None]], quantity: int) -> Decimal:
    """A made lot's unit cost: the value of the (quantity, unit cost) components consumed
    over the quantity made, to the cent (the rounding is posted when the batch ends)."""
    total = sum((value_of(q, cost) for q, cost in consumed), Decimal(0))
    return (total / quantity).quantize(CENT, rounding=ROUND_HALF_UP)


@asynccontextmanager
async def batch(session: AsyncSession, *, memo: str, reference: str | None,
                actor_id: int | None, rest_account: str = INVENTORY_WRITE_OFFS
                ) -> AsyncIterator[None]:
    """Collect the moves made inside into one entry. What does not balance (a made lot's
    rounding against its components) goes to `rest_account`."""
    if "valuation" in session.info:  # nested: the outer batch posts
        yield
        return
    pending = Pending(memo, reference, actor_id, rest_account)
    session.info["valuation"] = pending
    try:
        yield
    finally:
        session.info.pop("valuation", None)
    await _post(session, pending)


async def record_move(session: AsyncSession, *, kind: StockMoveKind, lot_id: int,
                      warehouse_id: int, move_id: int, quantity: int,
                      unit_cost: Decimal | None, lot_status: str | None,
                      actor_id: int | None, reference: str | None) -> None:
    """Called by `stock.post_move` for every move, with the lot's cost and status as the
    balance update read them."""
    if unit_cost is None or lot_status in WRITTEN_OFF:
        return
    amount = value_of(quantity, unit_cost)
    counter = COUNTER_ACCOUNT[kind]
    if not amount:
        return
    pending: Pending | None = session.info.get("valuation")
    if pending is None:
        if counter == INVENTORY:  # the value stays in Inventory
            return
        pending = Pending(MEMO.get(kind, kind.value), reference, actor_id, INVENTORY_WRITE_OFFS)
        _add(pending, Share(lot_id, warehouse_id, move_id, quantity, amount), counter)
        await _post(session, pending)
        return
    _add(pending, Share(lot_id, warehouse_id, move_id, quantity, amount), counter)


async def write_off_lots(session: AsyncSession, lots: Sequence[tuple[int, Decimal | None]], *,
                         reason: str, reference: str | None, actor_id: int | None) -> None:
    """(lot id, unit cost) of lots becoming RECALLED or EXPIRED: their stock leaves
    Inventory for 5900, per warehouse (one read of their balances)."""
    costs = {lot_id: cost for lot_id, cost in lots if cost}
    if not costs:
        return
    pending = Pending(reason, reference, actor_id, INVENTORY_WRITE_OFFS)
    rows = await session.execute(ON_HAND, {"lot_ids": list(costs)})
    for row in rows:
        amount = value_of(row.on_hand, costs[row.lot_id])
        _add(pending, Share(row.lot_id, row.warehouse_id, None, -row.on_hand, -amount),
             INVENTORY_WRITE_OFFS)
    await _post(session, pending)


def _add(pending: Pending, share: Share, counter: str) -> None:
    pending.shares.append(share)
    if counter != INVENTORY:
        pending.counters[counter] = pending.counters.get(counter, Decimal(0)) - share.amount


async def _post(session: AsyncSession, pending: Pending) -> None:
    inventory = sum((s.amount for s in pending.shares), Decimal(0))
    sides: dict[str, Decimal] = {INVENTORY: inventory, **pending.counters}
    rest = -sum(sides.values(), Decimal(0))
    if rest:
        sides[pending.rest_account] = sides.get(pending.rest_account, Decimal(0)) + rest
    lines = [(account, max(amount, Decimal(0)), max(-amount, Decimal(0)))
             for account, amount in sides.items() if amount]
    if not lines:
        return
    booked_on = _today()
    entry_id = await session.scalar(POST, {
        "memo": pending.memo[:300], "reference": (pending.reference or "")[:64] or None,
        "actor_id": pending.actor_id, "booked_on": booked_on,
        "period": period_id(booked_on.year, booked_on.month),
        "accounts": [a for a, _, _ in lines], "debits": [d for _, d, _ in lines],
        "credits": [c for _, _, c in lines],
        "lot_ids": [s.lot_id for s in pending.shares],
        "warehouse_ids": [s.warehouse_id for s in pending.shares],
        "move_ids": [s.move_id for s in pending.shares],
        "quantities": [s.quantity for s in pending.shares],
        "amounts": [s.amount for s in pending.shares],
    })
    if entry_id is None:
        raise DomainError.single(
            ErrorCode.PERIOD_CLOSED,
            f"{booked_on:%B %Y} is closed; the stock's value cannot be posted.")


def _today() -> date:
    return datetime.now(UTC).date()
