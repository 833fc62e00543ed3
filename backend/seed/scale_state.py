"""What the scale generator's mixins share: the state and helpers each one expects.

The generator (`backend.seed.scale_gen._Generator`) combines the sales
(`backend.seed.scale_sales`), fulfilment (`backend.seed.scale_fulfil`) and stock
(`backend.seed.scale_stock`) mixins, which read each other's state and call each other's
methods. `ScaleState` declares those once, with their types, for the mixins to inherit.
It holds no values and no code: the generator and the mixins set the attributes and
define the methods, which are declared here for the type checker only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import random
    from collections import defaultdict
    from datetime import date
    from decimal import Decimal

    from backend.enums import StockMoveKind
    from backend.seed.scale_gen import Context, ScaleData, _Numbers

# A shipping plan: order, its order lines in this shipment, ship time, warehouse, delivered.
Plan = tuple[int, list[int], float, int, float | None]
# An event on the stock simulation's heap: time, kind, tie-breaker, handler arguments.
Event = tuple[float, int, int, tuple[Any, ...]]


class ScaleState:
    """The attributes and methods the mixins use across modules (see the module doc)."""

    # Set by the generator on construction.
    rng: random.Random
    ctx: Context
    now: float  # seconds since the epoch, as is every time in the simulation
    start: float
    d: ScaleData
    n_orders: int
    n_lots: int
    n_serials: int
    n_customers: int
    # User positions in scale_catalog.USERS, by role.
    sales: list[int]
    managers: list[int]
    warehouse_users: list[int]
    inspectors: list[int]
    qa_managers: list[int]
    finance_users: list[int]
    numbers: _Numbers
    seq: int
    events: list[Event]

    # Reference data (the generator's reference_data and customers).
    n_wh: int
    transit: dict[tuple[int, str], int]  # (warehouse, region) -> days
    carrier: dict[str, str]  # region -> carrier
    wh_by_distance: list[list[int]]  # warehouse -> the others, nearest first
    is_serial: list[bool]  # per product
    price: list[Decimal]
    tax_rate: list[Decimal]
    cust_region: list[str]  # per customer
    cust_wh: list[int]
    cust_min_shelf: list[int]
    cust_terms: list[int]
    cust_cum: list[float]

    # The orders (scale_sales) and their lines by order (the generator's run).
    plans: list[Plan]
    demand: defaultdict[tuple[int, int], int]  # units per (product, warehouse)
    demand_lines: defaultdict[int, int]  # lines per product
    order_lines: defaultdict[int, list[int]]

    # The stock simulation's running state (scale_stock).
    on_hand: defaultdict[tuple[int, int], int]  # (warehouse, lot) -> units
    # (warehouse, product) -> its released lots there as (expiry ordinal, lot), FEFO first
    avail: defaultdict[tuple[int, int], list[tuple[int, int]]]
    serial_at: dict[tuple[int, int], list[int]]  # (warehouse, lot) -> serials
    pending_serials: list[int]  # the serials of the last move in (made) or out

    if TYPE_CHECKING:  # defined by the generator and the mixins
        # The generator's helpers.
        def ts_date(self, ts: float) -> date: ...

        def ref(self, prefix: str) -> str: ...

        def signature(self, signer: int, meaning: str, ts: float, record_type: str,
                      record: int) -> int: ...

        # The stock simulation's primitives (scale_stock).
        def push(self, ts: float, kind: int, *args: Any) -> None: ...

        def move(self, kind: StockMoveKind, lot: int, w: int, qty: int, ts: float,
                 ref: str | None, shipment: int | None = None,
                 actor: int | None = None) -> None: ...

        def transfer(self, lot: int, src: int, dst: int, qty: int, ts: float) -> None: ...

        def pick(self, w: int, p: int, min_exp: int, qty: int) -> list[tuple[int, int]]: ...

        def emergency_lot(self, p: int, w: int, ts: float, qty: int) -> int: ...

        # Fulfilment (scale_fulfil), run from the stock simulation's event heap.
        def on_ship(self, ts: float, plan_index: int) -> None: ...
