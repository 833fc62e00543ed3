"""Inventory valuation: the stock still carried in Inventory (lots not written off) at lot
cost, per warehouse and lot, beside the balance of account 1300 it must equal."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.domain.finance.ledger import INVENTORY
from backend.domain.finance.valuation import WRITTEN_OFF

balances = m.StockBalance.__table__
lots = m.Lot.__table__
lines = m.JournalLine.__table__
CENT = Decimal("0.01")


@dataclass(frozen=True)
class WarehouseValue:
    warehouse_id: int
    quantity: int
    value: Decimal


@dataclass(frozen=True)
class Valuation:
    total: Decimal
    ledger_balance: Decimal
    warehouses: list[WarehouseValue]
    # How many (warehouse, lot) balances carry value: the rows' total count, read here
    # so that the list of rows needs no count of its own.
    balances: int = 0


def carried(warehouse_id: int | None = None) -> Any:
    """(warehouse_id, lot_id, quantity, unit_cost, value) of every costed balance."""
    cost = func.coalesce(lots.c.unit_cost, 0)
    stmt = (select(balances.c.warehouse_id, balances.c.lot_id,
                   balances.c.on_hand.label("quantity"), cost.label("unit_cost"),
                   (balances.c.on_hand * cost).label("value"))
            .select_from(balances.join(lots, lots.c.id == balances.c.lot_id))
            .where(balances.c.on_hand > 0,
                   lots.c.status.not_in([str(s) for s in WRITTEN_OFF])))
    if warehouse_id is not None:
        stmt = stmt.where(balances.c.warehouse_id == warehouse_id)
    return stmt


async def inventory_valuation(db: AsyncSession | AsyncConnection,
                              warehouse_id: int | None = None) -> Valuation:
    """Per warehouse and the ledger's 1300 in one statement."""
    rows = carried(warehouse_id).subquery("carried")
    ledger = (select(func.coalesce(func.sum(lines.c.debit - lines.c.credit), 0))
              .where(lines.c.account_code == INVENTORY).scalar_subquery())
    stmt = (select(rows.c.warehouse_id, func.sum(rows.c.quantity).label("quantity"),
                   func.sum(rows.c.value).label("value"), func.count().label("balances"),
                   ledger.label("ledger"))
            .group_by(rows.c.warehouse_id).order_by(rows.c.warehouse_id))
    result = (await db.execute(stmt)).all()
    if not result:
        ledger_balance = Decimal((await db.execute(select(ledger))).scalar() or 0)
    else:
        ledger_balance = Decimal(result[0].ledger)
    warehouses = [WarehouseValue(r.warehouse_id, int(r.quantity), Decimal(r.value).quantize(CENT))
                  for r in result]
    return Valuation(total=sum((w.value for w in warehouses), Decimal("0.00")),
                     ledger_balance=ledger_balance.quantize(CENT), warehouses=warehouses,
                     balances=sum(int(r.balances) for r in result))
