"""Available to promise: per line, what stock covers now and the dates that can be promised.

From stock: released, unexpired stock neither reserved nor held, meeting the customer's
shelf-life minimum (for a serial-tracked product, no more than its free serial numbers),
planned as allocation would plan it (nearest warehouse that can fill, FEFO, split over the
nearest ones); it ships today + the handling day and arrives after the
slowest lane it travels. The rest: what the order's own work orders make (make to order:
their scheduled finish + the handling day, then the lane from their warehouse, SUPPLY;
see `made_to_order`), else the product's lead time (ship today + handling + lead time,
LEAD_TIME), else nothing (NONE). `late`: after the requested date, or no date.

Reads a fixed number of statements whatever the number of lines, and per product and
warehouse only as many balances as the lines ask for (`FREE_STOCK`). `promise_order` stores
the promises on the lines (submit, amendments, short-close; holds, expiry and recalls of
reserved stock through `repromise_orders`, called by `reallocation.reallocate`).
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    Customer,
    Product,
    SalesOrder,
    SalesOrderLine,
    TransitLane,
    Warehouse,
    WorkOrder,
)
from backend.domain.errors import ErrorCode, Problem
from backend.domain.policies import shelf_life
from backend.domain.rules import fefo, geo
from backend.domain.rules.pricing import MAX_LINES, MAX_QUANTITY
from backend.domain.sales.allocation import HANDLING_DAYS
from backend.domain.sales.order_lookup import order_lines
from backend.domain.sales.versions import is_open
from backend.enums import PromiseSource, WorkOrderStatus

# Free units per (warehouse, product), summed over at most `units` balances of each: every
# balance listed has at least one free unit, so the sum reaches the demand whenever the
# stock does, and the plan (which only compares free stock with demand) comes out the same
# as over all of them. One index range per pair (ix_stock_balances_product_warehouse_free),
# whatever the number of lots. A serial-tracked unit only ships with a serial number, so
# there a balance counts no more than its free serials (in stock, unreserved, not held), as
# allocation counts them; the count runs for serial-tracked products only.
FREE_STOCK = text(
    """
    SELECT w.id AS warehouse_id, d.product_id, s.free
    FROM unnest(CAST(:product_ids AS bigint[]), CAST(:units AS bigint[]),
                CAST(:cutoffs AS date[])) AS d(product_id, units, cutoff)
    JOIN products p ON p.id = d.product_id
    CROSS JOIN warehouses w
    CROSS JOIN LATERAL (
      SELECT sum(x.free) AS free FROM (
        SELECT y.free FROM (
          SELECT CASE WHEN p.tracking_mode = 'SERIAL' THEN least(
                   b.on_hand - b.reserved - b.held,
                   (SELECT count(*) FROM serials sr
                    WHERE sr.lot_id = b.lot_id AND sr.warehouse_id = b.warehouse_id
                      AND sr.status = 'IN_STOCK' AND sr.allocation_id IS NULL
                      AND NOT EXISTS (
                        SELECT 1 FROM quality_hold_serials hs
                        JOIN quality_holds h ON h.id = hs.hold_id
                        WHERE hs.serial_id = sr.id AND h.status = 'ACTIVE')))
                 ELSE b.on_hand - b.reserved - b.held END AS free
          FROM stock_balances b JOIN lots l ON l.id = b.lot_id
          WHERE b.product_id = d.product_id AND b.warehouse_id = w.id
            AND b.on_hand > b.reserved + b.held
            AND l.status = 'RELEASED' AND (l.expires_on IS NULL OR l.expires_on >= d.cutoff)
        ) y
        WHERE y.free > 0
        LIMIT d.units
      ) x
    ) s
    WHERE s.free IS NOT NULL
    """
)


@dataclass(frozen=True, slots=True)
class Supply:
    """Units of a product that become available in a warehouse on a day (a work order's
    scheduled finish), for the order they are made for."""

    product_id: int
    warehouse_id: int
    ready_on: date
    quantity: int


@dataclass(frozen=True, slots=True)
class LinePromise:
    product_id: int
    quantity: int
    from_stock: int
    warehouse_id: int | None
    source: PromiseSource
    promised_ship_date: date | None
    promised_delivery_date: date | None
    late: bool
    computed_at: datetime

    def stored(self) -> dict[str, Any]:
        return {
            "productId": self.product_id, "quantity": self.quantity,
            "fromStock": self.from_stock, "warehouseId": self.warehouse_id,
            "source": self.source.value,
            "promisedShipDate": _iso(self.promised_ship_date),
            "promisedDeliveryDate": _iso(self.promised_delivery_date),
            "late": self.late, "computedAt": self.computed_at.isoformat(),
        }

    @classmethod
    def of(cls, stored: dict[str, Any]) -> "LinePromise":
        return cls(
            product_id=stored["productId"], quantity=stored["quantity"],
            from_stock=stored["fromStock"], warehouse_id=stored.get("warehouseId"),
            source=PromiseSource(stored["source"]),
            promised_ship_date=_date(stored.get("promisedShipDate")),
            promised_delivery_date=_date(stored.get("promisedDeliveryDate")),
            late=stored["late"], computed_at=datetime.fromisoformat(stored["computedAt"]),
        )


@dataclass(frozen=True, slots=True)
class Promise:
    lines: list[LinePromise] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def promised_delivery_date(self) -> date | None:
        dates = [line.promised_delivery_date for line in self.lines]
        if not dates or any(d is None for d in dates):
            return None
        return max(d for d in dates if d is not None)

    @property
    def late(self) -> bool:
        return any(line.late for line in self.lines)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def line_problems(lines: Sequence[tuple[int, int]]) -> list[Problem]:
    if not lines:
        return [Problem(ErrorCode.INVALID, "Name at least one line.", ("input", "lines"))]
    if len(lines) > MAX_LINES:
        return [Problem(ErrorCode.INVALID, f"At most {MAX_LINES} lines.", ("input", "lines"))]
    return [
        Problem(ErrorCode.INVALID, f"Line {i + 1}: the quantity must be between 1 and "
                f"{MAX_QUANTITY}.", ("input", "lines", str(i), "quantity"))
        for i, (_, quantity) in enumerate(lines)
        if not 0 < quantity <= MAX_QUANTITY
    ]


async def available_to_promise(
    session: AsyncSession,
    customer: Customer,
    lines: Sequence[tuple[int, int]],
    *,
    requested_delivery_date: date | None = None,
    region: str | None = None,
    reserved: dict[int, dict[int, int]] | None = None,
    supply: Sequence[Supply] | Callable[[], Awaitable[Sequence[Supply]]] = (),
) -> Promise:
    """Per (product id, quantity) line; writes nothing. Lines compete for the same stock
    in the order given, as one order's lines do on allocation. `reserved`: {line index:
    {warehouse: quantity}} the order holds already (it covers that much of the line);
    `supply`: what is being made for the order, taken earliest first by the lines that
    stock does not cover (or how to read it: only when some line is short)."""
    reserved = reserved or {}
    problems = line_problems(lines)
    if problems:
        return Promise(problems=problems)
    now = datetime.now(UTC)
    today = now.date()
    region = region or customer.region
    product_ids = {pid for pid, _ in lines}
    products = (await session.execute(
        select(Product.id, Product.lead_time_days, Product.product_line, Product.device_class)
        .where(Product.id.in_(product_ids))
    )).all()
    lead: dict[int, int | None] = {p.id: p.lead_time_days for p in products}
    missing = [i for i, (pid, _) in enumerate(lines) if pid not in lead]
    if missing:
        return Promise(problems=[
            Problem(ErrorCode.NOT_FOUND, f"Line {i + 1}: no such product.",
                    ("input", "lines", str(i), "productId")) for i in missing
        ])
    cutoff = shelf_life.cutoffs(await shelf_life.requirements(session, customer, products), today)
    held = {i: sum(reserved.get(i, {}).values()) for i in range(len(lines))}
    demand: dict[int, int] = {}
    for i, (pid, qty) in enumerate(lines):
        if qty > held[i]:
            demand[pid] = demand.get(pid, 0) + qty - held[i]
    rows = (await session.execute(FREE_STOCK, {
        "product_ids": list(demand), "units": list(demand.values()),
        "cutoffs": [cutoff[pid] for pid in demand],
    })).all() if demand else []
    candidates = [fefo.Candidate(r.warehouse_id, r.product_id, r.product_id, None, int(r.free))
                  for r in rows]
    # Warehouses with their lane to the region, in one statement.
    places: dict[int, tuple[float | None, float | None]] = {}
    lanes: dict[int, int] = {}
    for w in (await session.execute(
        select(Warehouse.id, Warehouse.latitude, Warehouse.longitude, TransitLane.transit_days)
        .outerjoin(TransitLane, (TransitLane.warehouse_id == Warehouse.id)
                   & (TransitLane.region == (region or "")))
    )).all():
        places[w.id] = (w.latitude, w.longitude)
        if w.transit_days is not None:
            lanes[w.id] = w.transit_days
    origin = ((customer.latitude, customer.longitude)
              if customer.latitude is not None and customer.longitude is not None else None)
    order = geo.nearest_first(origin, places)
    picks = fefo.plan([fefo.Demand(i, pid, qty - held[i]) for i, (pid, qty) in enumerate(lines)
                       if qty > held[i]], candidates, order)
    by_line: dict[int, dict[int, int]] = {i: dict(w) for i, w in reserved.items()}
    for pick in picks:
        by_line.setdefault(pick.line_id, {}).setdefault(pick.warehouse_id, 0)
        by_line[pick.line_id][pick.warehouse_id] += pick.quantity
    nearest_lane = next((w for w in order if w in lanes), None)
    if callable(supply):
        any_short = any(sum(by_line.get(i, {}).values()) < quantity
                    for i, (_, quantity) in enumerate(lines))
        supply = await supply() if any_short else ()
    # Left of each supply as lines take it, earliest first.
    coming = sorted(supply, key=lambda c: (c.ready_on, c.warehouse_id))
    left = [c.quantity for c in coming]
    out = []
    for i, (pid, quantity) in enumerate(lines):
        used = by_line.get(i, {})
        from_stock = sum(used.values())
        warehouse = next((w for w in order if w in used), None)
        transit = [lanes.get(w) for w in used]
        ship: date | None
        if from_stock >= quantity:
            source, ship = PromiseSource.STOCK, today + timedelta(days=HANDLING_DAYS)
        else:
            short = quantity - from_stock
            made_on: date | None = None
            for n, item in enumerate(coming):
                if short <= 0:
                    break
                if item.product_id != pid or left[n] <= 0:
                    continue
                take = min(short, left[n])
                left[n] -= take
                short -= take
                made_on = max(made_on or item.ready_on, item.ready_on)
                transit.append(lanes.get(item.warehouse_id))
            if short <= 0 and made_on is not None:
                source = PromiseSource.SUPPLY
                ship = max(made_on, today) + timedelta(days=HANDLING_DAYS)
            else:
                source, ship = _rest(today, lead.get(pid))
                if ship is not None and made_on is not None:
                    ship = max(ship, made_on + timedelta(days=HANDLING_DAYS))
                # What does not come from stock leaves from the nearest warehouse with a lane.
                transit.append(lanes[nearest_lane] if nearest_lane is not None else None)
        days = [t for t in transit if t is not None]
        delivery = (ship + timedelta(days=max(days))
                    if ship is not None and days and len(days) == len(transit) else None)
        late = delivery is None or (
            requested_delivery_date is not None and delivery > requested_delivery_date)
        out.append(LinePromise(pid, quantity, from_stock, warehouse, source, ship, delivery,
                               late, now))
    return Promise(lines=out)


def _rest(today: date, lead_time_days: int | None) -> tuple[PromiseSource, date | None]:
    """When the part of a line that neither stock nor the order's work orders cover can
    leave a warehouse: after the product's lead time (LEAD_TIME), else never (NONE)."""
    if lead_time_days is None:
        return PromiseSource.NONE, None
    return PromiseSource.LEAD_TIME, today + timedelta(days=HANDLING_DAYS + lead_time_days)


async def promise_order(
    session: AsyncSession, order: SalesOrder, lines: Sequence[SalesOrderLine],
    *, holds_stock: bool = True,
) -> Promise:
    """Promise every open line's unshipped rest, stored on the line; the order's promised
    delivery date is the latest line's. Stock this order already reserves counts for it."""
    customer = await session.get_one(Customer, order.customer_id)
    open_lines = [line for line in lines if is_open(line)]
    region = (order.ship_to or {}).get("region") or customer.region
    held = (await reserved_by_warehouse(session, [line.id for line in open_lines])
            if holds_stock else {})
    promise = await available_to_promise(
        session, customer,
        [(line.product_id, line.quantity - line.shipped_quantity) for line in open_lines],
        requested_delivery_date=order.requested_delivery_date, region=region,
        reserved={i: held[line.id] for i, line in enumerate(open_lines) if line.id in held},
        supply=lambda: made_to_order(session, order.id),
    ) if open_lines else Promise()
    if promise.problems:
        return promise
    for line, made in zip(open_lines, promise.lines, strict=True):
        line.promise = made.stored()
    for line in lines:
        if not is_open(line):
            line.promise = None
    order.promised_delivery_date = promise.promised_delivery_date
    return promise  # written with the caller's next flush


MADE_TO_ORDER = (WorkOrderStatus.RELEASED, WorkOrderStatus.IN_PROGRESS)


async def made_to_order(session: AsyncSession, order_id: int) -> list[Supply]:
    """What the order's scheduled work orders still make, ready on their scheduled finish
    (UTC day): the schedule decides, so the promise moves with it."""
    rows = await session.execute(
        select(WorkOrder.product_id, WorkOrder.warehouse_id, WorkOrder.scheduled_finish,
               WorkOrder.quantity - WorkOrder.completed_quantity)
        .where(WorkOrder.sales_order_id == order_id, WorkOrder.status.in_(MADE_TO_ORDER),
               WorkOrder.scheduled_finish.is_not(None))
        .order_by(WorkOrder.scheduled_finish, WorkOrder.id))
    return [Supply(pid, warehouse, finish.astimezone(UTC).date(), int(left))
            for pid, warehouse, finish, left in rows.all() if finish is not None and left > 0]


async def reserved_by_warehouse(
    session: AsyncSession, line_ids: list[int]
) -> dict[int, dict[int, int]]:
    """{line id: {warehouse id: quantity}} reserved."""
    out: dict[int, dict[int, int]] = {}
    if not line_ids:
        return out
    rows = await session.execute(
        select(Allocation.order_line_id, Allocation.warehouse_id, func.sum(Allocation.quantity))
        .where(Allocation.order_line_id.in_(line_ids))
        .group_by(Allocation.order_line_id, Allocation.warehouse_id)
    )
    for line_id, warehouse_id, quantity in rows.all():
        out.setdefault(line_id, {})[warehouse_id] = int(quantity)
    return out


async def repromise_orders(session: AsyncSession, order_ids: Sequence[int]) -> None:
    """Promise the open lines of these orders again: for holds and recalls that take
    reserved stock (the quality loop calls it after releasing the reservations)."""
    for order in await session.scalars(
        select(SalesOrder).where(SalesOrder.id.in_(sorted(set(order_ids)))).order_by(SalesOrder.id)
    ):
        await promise_order(session, order, await order_lines(session, order.id))
    await session.flush()
