"""The finite-capacity schedule: released and in-progress work orders booked on their
work centres, recomputed whole in the transaction of every change that moves it.

Order: in-progress first, then earliest due date (ties: release time); a work order's
operations run in sequence, each after the previous one finished. A work centre works
`hoursPerDay` from 08:00 (UTC) Monday to Friday; nothing is booked in the past, and a
work centre's bookings follow one another, so they never overlap nor exceed its day.
Orders that work orders make goods for are promised again when those work orders move.
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
from backend.domain.production.events import announce_rescheduled
from backend.domain.sales.promise import repromise_orders
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


DAY = 24 * 60
DAY_START_MINUTE = DAY_START.hour * 60 + DAY_START.minute


class Clock:
    """Whole minutes counted from midnight (UTC) of the day the schedule is computed: the
    calendars work in integers, and only the bookings written become datetimes."""

    def __init__(self, now: datetime) -> None:
        self.epoch = datetime.combine(now.astimezone(UTC).date(), time(0), tzinfo=UTC)
        self.weekday = self.epoch.weekday()
        self._moments: dict[int, datetime] = {}
        self._days: dict[int, date] = {}

    def minute(self, at: datetime) -> int:
        """`at` rounded up to the minute."""
        return -int((self.epoch - at).total_seconds() // 60)

    def moment(self, minute: int) -> datetime:
        found = self._moments.get(minute)
        if found is None:
            found = self._moments[minute] = self.epoch + timedelta(minutes=minute)
        return found

    def day(self, index: int) -> date:
        found = self._days.get(index)
        if found is None:
            found = self._days[index] = (self.epoch + timedelta(days=index)).date()
        return found


class Calendar:
    """Working time of one work centre: a pointer to its next free minute."""

    def __init__(self, hours_per_day: Decimal, now: datetime, clock: Clock | None = None) -> None:
        self.capacity = int(hours_per_day * 60)
        self.clock = clock or Clock(now)
        self.free = self.clock.minute(now)

    def _next_working(self, at: int) -> int:
        """`at`, or the next working minute after it."""
        weekday, capacity = self.clock.weekday, self.capacity
        while True:
            day = at // DAY
            start = day * DAY + DAY_START_MINUTE
            if (weekday + day) % 7 < 5 and at < start + capacity:
                return max(at, start)
            at = start + DAY

    def book_minutes(self, minutes: int, not_before: int) -> list[tuple[int, int, int, int]]:
        """(day, start, finish, minutes) slices, in the clock's days and minutes."""
        at = self._next_working(max(self.free, not_before))
        slices = []
        left = minutes
        while left > 0:
            at = self._next_working(at)
            day = at // DAY
            take = min(left, day * DAY + DAY_START_MINUTE + self.capacity - at)
            slices.append((day, at, at + take, take))
            left -= take
            at += take
        if not slices:  # a zero-minute operation takes no capacity
            slices.append((at // DAY, at, at, 0))
        self.free = slices[-1][2]
        return slices

    def book(self, minutes: int, not_before: datetime) -> list[Slice]:
        c = self.clock
        return [Slice(c.day(d), c.moment(start), c.moment(finish), m)
                for d, start, finish, m in self.book_minutes(minutes, c.minute(not_before))]


def sort_key(order: Any) -> tuple[int, date, datetime, int]:
    return (0 if order.status == WorkOrderStatus.IN_PROGRESS else 1, order.due_date,
            order.released_at or order.created_at, order.id)


orders_t = WorkOrder.__table__
SCHEDULED_ROWS = (
    select(orders_t.c.id, orders_t.c.number, orders_t.c.status, orders_t.c.due_date,
           orders_t.c.released_at, orders_t.c.created_at, orders_t.c.bom_version_id,
           orders_t.c.quantity,
           orders_t.c.scheduled_start, orders_t.c.scheduled_finish, orders_t.c.sales_order_id)
    .where(orders_t.c.status.in_([s.value for s in SCHEDULED])).order_by(orders_t.c.id)
    .with_for_update())
# One statement for all the bookings and one for the changed times, however many orders.
# Bookings that come out the same stay as they are: a release mostly adds its own and
# moves a few others, so only those rows are deleted and inserted.
WRITE_BOOKINGS = text("""
    WITH new AS (
      SELECT work_center_id, work_order_id, operation_sequence,
             CAST(:epoch_day AS date) + day AS day,
             CAST(:epoch AS timestamptz) + make_interval(mins => start) AS start,
             CAST(:epoch AS timestamptz) + make_interval(mins => finish) AS finish, minutes
      FROM unnest(CAST(:centers AS bigint[]), CAST(:orders AS bigint[]),
                  CAST(:sequences AS int[]), CAST(:days AS int[]), CAST(:starts AS int[]),
                  CAST(:finishes AS int[]), CAST(:minutes AS int[]))
        AS n(work_center_id, work_order_id, operation_sequence, day, start, finish, minutes)
    ), gone AS (
      DELETE FROM capacity_bookings b WHERE NOT EXISTS (
        SELECT 1 FROM new n
        WHERE (n.work_order_id, n.operation_sequence, n.work_center_id, n.day, n.start,
               n.finish, n.minutes)
            = (b.work_order_id, b.operation_sequence, b.work_center_id, b.day, b.start,
               b.finish, b.minutes))
    )
    INSERT INTO capacity_bookings (work_center_id, work_order_id, operation_sequence, day,
                                   start, finish, minutes)
    SELECT * FROM new n WHERE NOT EXISTS (
      SELECT 1 FROM capacity_bookings b
      WHERE (n.work_order_id, n.operation_sequence, n.work_center_id, n.day, n.start,
             n.finish, n.minutes)
          = (b.work_order_id, b.operation_sequence, b.work_center_id, b.day, b.start,
             b.finish, b.minutes))
""")
UPDATE_TIMES = text("""
    UPDATE work_orders w SET scheduled_start = v.s, scheduled_finish = v.f
    FROM unnest(CAST(:ids AS bigint[]), CAST(:starts AS timestamptz[]),
                CAST(:finishes AS timestamptz[])) AS v(id, s, f)
    WHERE w.id = v.id
""")


async def reschedule(session: AsyncSession, *, now: datetime | None = None,
                     announced: int | None = None) -> None:
    """Recompute every booking and every scheduled work order's start and finish; the others
    it moves are announced as RESCHEDULED (`announced`: the one whose own event follows)."""
    now = now or datetime.now(UTC)
    await session.flush()
    orders = (await session.execute(SCHEDULED_ROWS)).all()
    # Off the schedule now (completed, cancelled): their orders lose that supply.
    moved = {pk for pk in (await session.execute(
        update(WorkOrder).where(WorkOrder.status.notin_(SCHEDULED),
                                WorkOrder.scheduled_start.is_not(None))
        .values(scheduled_start=None, scheduled_finish=None)
        .returning(WorkOrder.sales_order_id)
        .execution_options(synchronize_session=False))).scalars() if pk is not None}
    if not orders:
        await session.execute(delete(CapacityBooking))
        await _repromise(session, moved)
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
    clock = Clock(now)
    calendars = {c.id: Calendar(c.hours_per_day, now, clock) for c in (await session.execute(
        select(WorkCenter.id, WorkCenter.hours_per_day))).all()}
    centers: list[int] = []
    order_ids: list[int] = []
    sequences: list[int] = []
    days: list[int] = []
    starts: list[int] = []
    finishes: list[int] = []
    minutes_: list[int] = []
    changed: dict[str, list[Any]] = {"ids": [], "starts": [], "finishes": []}
    rescheduled: list[Any] = []
    times: dict[int, tuple[datetime, datetime]] = {}
    first_minute = clock.minute(now)
    durations: dict[tuple[int, Decimal, int], int] = {}
    for order in sorted(orders, key=sort_key):
        ready = first_minute
        start: int | None = None
        for op in routing.get(order.bom_version_id, []):
            key = (op.setup_minutes, op.run_minutes_per_unit, order.quantity)
            minutes = durations.get(key)
            if minutes is None:
                minutes = durations[key] = planned_minutes(*key)
            slices = calendars[op.work_center_id].book_minutes(minutes, ready)
            if start is None:
                start = slices[0][1]
            ready = slices[-1][2]
            for day, begin, end, taken in slices:
                if taken > 0:
                    centers.append(op.work_center_id)
                    order_ids.append(order.id)
                    sequences.append(op.sequence)
                    days.append(day)
                    starts.append(begin)
                    finishes.append(end)
                    minutes_.append(taken)
        span = (now, now) if start is None else (clock.moment(start), clock.moment(ready))
        times[order.id] = span
        if (order.scheduled_start, order.scheduled_finish) != span:
            if order.id != announced:
                rescheduled.append(order)
            changed["ids"].append(order.id)
            changed["starts"].append(span[0])
            changed["finishes"].append(span[1])
            if order.sales_order_id is not None and (
                    order.scheduled_finish is None
                    or order.scheduled_finish.astimezone(UTC).date() != span[1].date()):
                moved.add(order.sales_order_id)
    # Days and minutes go as integers from the clock's midnight: far cheaper to send.
    await session.execute(WRITE_BOOKINGS, {
        "epoch": clock.epoch, "epoch_day": clock.epoch.date(), "centers": centers,
        "orders": order_ids, "sequences": sequences, "days": days, "starts": starts,
        "finishes": finishes, "minutes": minutes_})
    if changed["ids"]:
        await session.execute(UPDATE_TIMES, changed)
        await announce_rescheduled(session, rescheduled)
    # Work orders loaded in this session see their new times.
    for obj in list(session.identity_map.values()):
        if isinstance(obj, WorkOrder):
            start_finish = times.get(obj.id, (None, None))
            set_committed_value(obj, "scheduled_start", start_finish[0])
            set_committed_value(obj, "scheduled_finish", start_finish[1])
    await _repromise(session, moved)


async def _repromise(session: AsyncSession, order_ids: set[int]) -> None:
    """Promise again the orders whose work orders finish on another day (or not at all)."""
    if order_ids:
        await repromise_orders(session, sorted(order_ids))


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
