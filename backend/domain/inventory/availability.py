"""Available stock per product: released, unexpired lots, on hand less reserved less held.

`Product.availableQuantity` and the order preview both read this figure.
Allocation applies the customer's minimum shelf life on top (rules/fefo.py).
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.enums import LotStatus

balances_t = m.StockBalance.__table__
lots_t = m.Lot.__table__


def available_by_product() -> Select[Any]:
    """(product_id, available) for every product with released, unexpired stock."""
    return (
        select(
            balances_t.c.product_id,
            func.sum(
                balances_t.c.on_hand - balances_t.c.reserved - balances_t.c.held
            ).label("available"),
        )
        .select_from(balances_t.join(lots_t, lots_t.c.id == balances_t.c.lot_id))
        .where(
            lots_t.c.status == LotStatus.RELEASED,
            lots_t.c.expires_on.is_(None) | (lots_t.c.expires_on >= func.current_date()),
        )
        .group_by(balances_t.c.product_id)
    )


async def available_quantities(
    db: AsyncSession | AsyncConnection, product_ids: Iterable[int]
) -> dict[int, int]:
    """Available units per product id (0 where there is none)."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    rows = await db.execute(available_by_product().where(balances_t.c.product_id.in_(ids)))
    found = {row.product_id: int(row.available) for row in rows}
    return {pk: found.get(pk, 0) for pk in ids}
