"""The reminder job pushes `recallNoticeOverdue` to staff for a notice past its due time, at
most once a day per notice."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.db.models import RecallNotice
from backend.domain.tx import transaction
from backend.events import cursors
from backend.events.jobs import run_once
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.ids import gid
from tests.support.server import LiveServer
from tests.support.ws import Socket, caught_up, ws_connect

REMINDERS = """subscription ($after: String) { recallNoticeOverdue(after: $after) {
  cursor occurredAt notice { remindersSent overdue customer { code } recall { number } } } }"""
INITIATE = """mutation($input: InitiateRecallInput!) { initiateRecall(input: $input) {
  recall { number notices { customer { code } overdue remindersSent } }
  userErrors { code field } } }"""
WAIT = 30.0


async def _ours(ws: Socket, number: str, quiet: float = 1.0) -> list[dict]:
    """The reminders of recall `number` among everything pushed, until the stream is quiet.
    The job reminds every overdue notice in the database; others' are passed over."""
    seen: list[dict] = []
    wait = WAIT
    while True:
        try:
            data = await ws.next_data(wait)
        except TimeoutError:
            return seen
        reminder = data["recallNoticeOverdue"]
        if reminder["notice"]["recall"]["number"] == number:
            seen.append(reminder)
            wait = quiet  # ours has come: what follows is only the rest of the round


async def test_an_overdue_notice_is_pushed_once_a_day_at_most(
    server: LiveServer, client: Client, engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=5)
    customer = await builders.make_customer(sessionmaker)
    async with transaction(sessionmaker) as session:
        await builders.shipped(session, customer.id, [(product.id, 2)])
    started = (await client.call("qa", INITIATE, input={
        "lotIds": [gid("Lot", lot.id)], "reason": "Seal failure", "recallClass": "II",
        "acknowledgementDueDays": 0,
        "signature": {"password": DEMO_PASSWORD, "meaning": "Recall initiated"}}))
    recall = started["initiateRecall"]["recall"]
    assert [(n["customer"]["code"], n["overdue"], n["remindersSent"])
            for n in recall["notices"]] == [(customer.code, True, 0)]
    await caught_up(server.app, engine)
    async with engine.connect() as conn:
        start = cursors.encode(
            await conn.scalar(text("select coalesce(max(id), 0) from outbox_events")))

    async with ws_connect(server.ws_url, await client.token("qa")) as ws:
        await ws.subscribe(REMINDERS, {"after": start})
        # Twice in a row: the second round finds it reminded today. (A round skipped because
        # the server's own schedule holds the jobs lock is fine: that round reminds instead.)
        await run_once(engine)
        await run_once(engine)
        pushed = await _ours(ws, recall["number"])
    assert [(r["notice"]["customer"]["code"], r["notice"]["remindersSent"],
             r["notice"]["overdue"]) for r in pushed] == [(customer.code, 1, True)]

    # A day later it is due a reminder again: only this notice's clock is turned back, so
    # that no other notice in the shared database is touched.
    async with transaction(sessionmaker) as session:
        await session.execute(
            update(RecallNotice).where(RecallNotice.customer_id == customer.id)
            .values(last_reminded_at=datetime.now(UTC) - timedelta(days=1, minutes=1)))
    async with ws_connect(server.ws_url, await client.token("qa")) as ws:
        await ws.subscribe(REMINDERS, {"after": pushed[0]["cursor"]})
        await run_once(engine)
        next_day = await _ours(ws, recall["number"])
    assert [r["notice"]["remindersSent"] for r in next_day] == [2]


async def test_partners_may_not_subscribe_to_reminders(server: LiveServer, client: Client) -> None:
    async with ws_connect(server.ws_url, await client.token("partner-a")) as ws:
        await ws.subscribe(REMINDERS)
        message = await ws.receive(wait=WAIT)
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
