"""The finite-capacity schedule: released and in-progress work orders booked on their
work centres, recomputed whole in the transaction of every change that moves it.

Order: in-progress first, then earliest due date (ties: release time); a work order's
operations run in sequence, each after the previous one finished. A work centre works
`hoursPerDay` from 08:00 (UTC) Monday to Friday; nothing is booked in the past, and a
work centre's bookings follow one another, so they never overlap nor exceed its day.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from backend.db.models import CapacityBooking, RoutingOperation, WorkCenter, WorkOrder
from backend.enums import WorkOrderStatus

DAY_START = time(8, 0)
SCHEDULED = (WorkOrderStatus.RELEASED, WorkOrderStatus.IN_PROGRESS)


def planned_minutes(setup: int, run_per_unit: Decimal, quantity: int) -> int:
    """setup + run per unit x quantity, rounded up."""
    return int(math.ceil(Decimal(setup) + run_per_unit * quantity))


@dataclass(frozen=True)
class Slice:
    day: date
    start: datetime
    finish: datetime
    minutes: int


class Calendar:
    """Working time of one work centre: a pointer to its next free minute."""

    def __init__(self, hours_per_day: Decimal, now: datetime) -> None:
        self.capacity = int(hours_per_day * 60)
        self.free = now.replace(second=0, microsecond=0)
        if self.free < now:
            self.free += timedelta(minutes=1)

    def _day_bounds(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, DAY_START, tzinfo=UTC)
        return start, start + timedelta(minutes=self.capacity)

    def _next_working(self, at: datetime) -> datetime:
        """`at`, or the next working minute after it."""
        while True:
            day = at.date()
            start, end = self._day_bounds(day)
            if day.weekday() < 5 and at < end:
                return max(at, start)
            at = datetime.combine(day + timedelta(days=1), DAY_START, tzinfo=UTC)

    def book(self, minutes: int, not_before: datetime) -> list[Slice]:
        at = self._next_working(max(self.free, not_before))
        slices = []
        left = minutes
        while left > 0:
            at = self._next_working(at)
            _, end = self._day_bounds(at.date())
            take = min(left, int((end - at).total_seconds() // 60))
            finish = at + timedelta(minutes=take)
            slices.append(Slice(at.date(), at, finish, take))
            left -= take
            at = finish
        if not slices:  # a zero-minute operation takes no capacity
            slices.append(Slice(at.date(), at, at, 0))
        self.free = slices[-1].finish
        return slices


def sort_key(order: Any) -> tuple[int, date, datetime, int]:
    return (0 if order.status == WorkOrderStatus.IN_PROGRESS else 1, order.due_date,
            order.released_at or order.created_at, order.id)


orders_t = WorkOrder.__table__
SCHEDULED_ROWS = (
    select(orders_t.c.id, orders_t.c.status, orders_t.c.due_date, orders_t.c.released_at,
           orders_t.c.created_at, orders_t.c.bom_version_id, orders_t.c.quantity,
           orders_t.c.scheduled_start, orders_t.c.scheduled_finish)
    .where(orders_t.c.status.in_([s.value for s in SCHEDULED])).order_by(orders_t.c.id)
    .with_for_update())
# One statement for all the bookings and one for the changed times, however many orders.
INSERT_BOOKINGS = text("""
    INSERT INTO capacity_bookings (work_center_id, work_order_id, operation_sequence, day,
                                   start, finish, minutes)
    SELECT * FROM unnest(CAST(:centers AS bigint[]), CAST(:orders AS bigint[]),
                         CAST(:sequences AS int[]), CAST(:days AS date[]),
                         CAST(:starts AS timestamptz[]), CAST(:finishes AS timestamptz[]),
                         CAST(:minutes AS int[]))
""")
UPDATE_TIMES = text("""
    UPDATE work_orders w SET scheduled_start = v.s, scheduled_finish = v.f
    FROM unnest(CAST(:ids AS bigint[]), CAST(:starts AS timestamptz[]),
                CAST(:finishes AS timestamptz[])) AS v(id, s, f)
    WHERE w.id = v.id
""")


async def reschedule(session: AsyncSession, *, now: datetime | None = None) -> None:
    """Recompute every booking and every scheduled work order's start and finish."""
    now = now or datetime.now(UTC)
    await session.flush()
    orders = (await session.execute(SCHEDULED_ROWS)).all()
    await session.execute(delete(CapacityBooking))
    await session.execute(
        update(WorkOrder).where(WorkOrder.status.notin_(SCHEDULED),
                                WorkOrder.scheduled_start.is_not(None))
        .values(scheduled_start=None, scheduled_finish=None)
        .execution_options(synchronize_session=False))
    if not orders:
        return
    version_ids = {o.bom_version_id for o in orders}
    routing: dict[int, list[Any]] = {}
    for op in (await session.execute(
            select(RoutingOperation.bom_version_id, RoutingOperation.sequence,
                   RoutingOperation.work_center_id, RoutingOperation.setup_minutes,
                   RoutingOperation.run_minutes_per_unit)
            .where(RoutingOperation.bom_version_id.in_(version_ids))
            .order_by(RoutingOperation.bom_version_id, RoutingOperation.sequence))).all():
        routing.setdefault(op.bom_version_id, []).append(op)
    calendars = {c.id: Calendar(c.hours_per_day, now) for c in (await session.execute(
        select(WorkCenter.id, WorkCenter.hours_per_day))).all()}
    columns: dict[str, list[Any]] = {k: [] for k in (
        "centers", "orders", "sequences", "days", "starts", "finishes", "minutes")}
    changed: dict[str, list[Any]] = {"ids": [], "starts": [], "finishes": []}
    times: dict[int, tuple[datetime, datetime]] = {}
    for order in sorted(orders, key=sort_key):
        ready = now
        start: datetime | None = None
        for op in routing.get(order.bom_version_id, []):
            minutes = planned_minutes(op.setup_minutes, op.run_minutes_per_unit, order.quantity)
            slices = calendars[op.work_center_id].book(minutes, ready)
            start = start or slices[0].start
            ready = slices[-1].finish
            for piece in slices:
                if piece.minutes > 0:
                    for key, value in (("centers", op.work_center_id), ("orders", order.id),
                                       ("sequences", op.sequence), ("days", piece.day),
                                       ("starts", piece.start), ("finishes", piece.finish),
                                       ("minutes", piece.minutes)):
                        columns[key].append(value)
        start = start or now
        times[order.id] = (start, ready)
        if (order.scheduled_start, order.scheduled_finish) != (start, ready):
            changed["ids"].append(order.id)
            changed["starts"].append(start)
            changed["finishes"].append(ready)
    if columns["orders"]:
        await session.execute(INSERT_BOOKINGS, columns)
    if changed["ids"]:
        await session.execute(UPDATE_TIMES, changed)
    # Work orders loaded in this session see their new times.
    for obj in list(session.identity_map.values()):
        if isinstance(obj, WorkOrder):
            start_finish = times.get(obj.id, (None, None))
            set_committed_value(obj, "scheduled_start", start_finish[0])
            set_committed_value(obj, "scheduled_finish", start_finish[1])


def is_late(finish: datetime | None, due: date) -> bool:
    return finish is not None and finish.astimezone(UTC).date() > due


def overlaps(bookings: Sequence[CapacityBooking]) -> bool:
    """Whether any two bookings of one work centre overlap (a check for tests and audits)."""
    by_center: dict[int, list[CapacityBooking]] = {}
    for b in bookings:
        by_center.setdefault(b.work_center_id, []).append(b)
    for items in by_center.values():
        items.sort(key=lambda b: b.start)
        if any(a.finish > b.start for a, b in zip(items, items[1:], strict=False)):
            return True
    return False
