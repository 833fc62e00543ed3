"""Which lots fill an order line: nearest warehouse that can fill it, else split; FEFO inside.

Pure planning over candidates read (and locked) by the caller; the caller reserves
what the plan says.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Candidate:
    """Stock of one lot at one warehouse that may be allocated."""

    warehouse_id: int
    lot_id: int
    product_id: int
    expires_on: date | None
    available: int


@dataclass(frozen=True, slots=True)
class Demand:
    line_id: int
    product_id: int
    quantity: int


@dataclass(frozen=True, slots=True)
class Pick:
    line_id: int
    warehouse_id: int
    lot_id: int
    quantity: int


def fefo_key(candidate: Candidate) -> tuple[bool, date, int]:
    """Earliest expiry first; lots that never expire last; lot id breaks ties."""
    return (candidate.expires_on is None, candidate.expires_on or date.max, candidate.lot_id)


def plan(
    demands: Sequence[Demand], candidates: Sequence[Candidate], warehouse_order: Sequence[int]
) -> list[Pick]:
    """Picks for every demand in turn; a demand that cannot be filled gets what there is.

    For each demand the nearest warehouse (in `warehouse_order`) that can fill it alone
    is used; if none can, the nearest ones are used in turn. Inside a warehouse lots go
    earliest expiry first. Stock taken by one demand is gone for the next.
    """
    rank = {pk: i for i, pk in enumerate(warehouse_order)}
    left: dict[tuple[int, int], int] = {}
    by_product: dict[int, dict[int, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    for c in sorted(candidates, key=fefo_key):
        if c.available > 0:
            left[(c.warehouse_id, c.lot_id)] = c.available
            by_product[c.product_id][c.warehouse_id].append(c)

    picks: list[Pick] = []
    for demand in demands:
        warehouses = sorted(
            by_product[demand.product_id], key=lambda w: (rank.get(w, len(rank)), w)
        )

        lots_at = by_product[demand.product_id]
        whole = next(
            (
                w
                for w in warehouses
                if sum(left[(c.warehouse_id, c.lot_id)] for c in lots_at[w]) >= demand.quantity
            ),
            None,
        )
        needed = demand.quantity
        for warehouse_id in [whole] if whole is not None else warehouses:
            for c in lots_at[warehouse_id]:
                take = min(needed, left[(c.warehouse_id, c.lot_id)])
                if take <= 0:
                    continue
                left[(c.warehouse_id, c.lot_id)] -= take
                needed -= take
                picks.append(Pick(demand.line_id, c.warehouse_id, c.lot_id, take))
                if needed == 0:
                    break
            if needed == 0:
                break
    return picks
