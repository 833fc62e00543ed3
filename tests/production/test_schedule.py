"""The finite-capacity schedule: working days from 08:00, never in the past, in-progress
first then earliest due date, bookings never overlapping nor exceeding a day, `late`, and
recomputed on release, cancel, date change and capacity change."""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from backend.domain.production.schedule import Calendar, planned_minutes
from backend.enums import Replenishment
from tests.production.conftest import CANCEL_WO, UPDATE_CENTER, UPDATE_WO, Plant
from tests.support.builders import today
from tests.support.client import Client

SCHEDULE = """query($from: Date!, $to: Date!, $wc: ID) { productionSchedule(from: $from, to: $to,
  workCenterId: $wc) { date start finish minutes operationSequence workCenter { code }
  workOrder { number late } } }"""
ORDER = """query($n: String!) { workOrder(number: $n) { scheduledStart scheduledFinish late
  dueDate } }"""


def test_a_calendar_books_working_minutes_from_eight_monday_to_friday() -> None:
    saturday = datetime(2026, 12, 5, 15, 30, tzinfo=UTC)
    calendar = Calendar(Decimal("8"), saturday)
    slices = calendar.book(600, saturday)  # ten hours on an eight-hour day
    assert [(s.start, s.finish, s.minutes) for s in slices] == [
        (datetime(2026, 12, 7, 8, 0, tzinfo=UTC), datetime(2026, 12, 7, 16, 0, tzinfo=UTC), 480),
        (datetime(2026, 12, 8, 8, 0, tzinfo=UTC), datetime(2026, 12, 8, 10, 0, tzinfo=UTC), 120)]
    after = calendar.book(30, saturday)  # the work centre is busy until then
    assert after[0].start == datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    friday_late = datetime(2026, 12, 11, 15, 50, 20, tzinfo=UTC)
    split = Calendar(Decimal("8"), friday_late).book(20, friday_late)
    assert [(s.start.isoformat(), s.minutes) for s in split] == [
        ("2026-12-11T15:51:00+00:00", 9), ("2026-12-14T08:00:00+00:00", 11)]
    assert planned_minutes(30, Decimal("12.5"), 3) == 68  # 67.5 rounded up


async def test_released_orders_are_booked_by_due_date_without_overlap_and_late_is_marked(
    plant: Plant, client: Client
) -> None:
    center = await plant.center_at("4")
    component = await plant.product()
    await plant.lot(component, 1000)
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(finished, [(component, 1, "0")], operations=[
        {"sequence": 10, "name": "Assemble", "workCenterId": center["id"],
         "setupMinutes": 60, "runMinutesPerUnit": "30"}])
    later = await plant.work_order(finished, 20, due_in_days=60)   # 660 minutes
    sooner = await plant.work_order(finished, 10, due_in_days=0)   # 360 minutes, due today
    for order in (later, sooner):
        assert (await plant.release(order))["userErrors"] == []
    window = {"from": today().isoformat(), "to": (today() + timedelta(days=30)).isoformat(),
              "wc": center["id"]}
    bookings = (await client.call("sales", SCHEDULE, window))["productionSchedule"]
    numbers = [b["workOrder"]["number"] for b in bookings]
    assert set(numbers) == {later["number"], sooner["number"]}
    assert numbers.index(sooner["number"]) < numbers.index(later["number"])  # earlier due first
    now = datetime.now(UTC) - timedelta(minutes=1)
    per_day: dict[str, int] = defaultdict(int)
    spans = []
    for b in bookings:
        start, finish = datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["finish"])
        assert start >= now and start.weekday() < 5 and start.hour >= 8
        assert finish <= start.replace(hour=8, minute=0, second=0) + timedelta(hours=4)
        per_day[b["date"]] += b["minutes"]
        spans.append((start, finish))
    assert all(minutes <= 240 for minutes in per_day.values())
    spans.sort()
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert sum(b["minutes"] for b in bookings) == 660 + 360
    due_today = (await client.call("sales", ORDER, n=sooner["number"]))["workOrder"]
    assert due_today["late"] is True  # 6 hours on a 4-hour day cannot finish today
    assert (await client.call("sales", ORDER, n=later["number"]))["workOrder"]["late"] is False

    before = (await client.call("sales", ORDER, n=later["number"]))["workOrder"]
    widened = (await client.call("planner", UPDATE_CENTER, input={
        "workCenterId": center["id"], "hoursPerDay": "16"}))["updateWorkCenter"]
    assert widened["userErrors"] == []
    after = (await client.call("sales", ORDER, n=later["number"]))["workOrder"]
    assert after["scheduledFinish"] < before["scheduledFinish"]
    # A later due date for the first one puts it behind the other.
    moved = (await client.call("planner", UPDATE_WO, input={
        "workOrderId": sooner["id"],
        "dueDate": (today() + timedelta(days=90)).isoformat()}))["updateWorkOrder"]
    assert moved["userErrors"] == []
    reordered = (await client.call("sales", SCHEDULE, window))["productionSchedule"]
    order_numbers = [b["workOrder"]["number"] for b in reordered]
    assert order_numbers.index(later["number"]) < order_numbers.index(sooner["number"])
    await client.call("planner", CANCEL_WO, input={"workOrderId": later["id"], "reason": "x"})
    remaining = (await client.call("sales", SCHEDULE, window))["productionSchedule"]
    assert {b["workOrder"]["number"] for b in remaining} == {sooner["number"]}
    assert datetime.fromisoformat(remaining[0]["start"]) < datetime.fromisoformat(
        reordered[-1]["start"])  # moved up into the freed capacity
