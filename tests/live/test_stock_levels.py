"""`stockLevelChanged` pushes a (warehouse, lot) balance on every reservation, unreservation
and lot status change, replays what a subscriber missed, and is for staff only."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.events import cursors
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.documents import CANCEL
from tests.support.flows import allocated_order
from tests.support.ids import gid
from tests.support.server import LiveServer
from tests.support.ws import caught_up, ws_connect

STOCK_LEVEL_CHANGED = """
subscription ($productId: ID, $after: String) {
  stockLevelChanged(productId: $productId, after: $after) {
    cursor cause moveKind lotStatus onHand reserved held available
    product { id } warehouse { code } lot { lotNumber }
  }
}
"""
AMEND = """mutation($input: AmendSalesOrderInput!) { amendSalesOrder(input: $input) {
  order { id } userErrors { code field } } }"""
HOLD = """mutation($input: PlaceQualityHoldInput!) { placeQualityHold(input: $input) {
  hold { id lot { status } } userErrors { code field } } }"""
RELEASE_HOLD = """mutation($input: ReleaseQualityHoldInput!) { releaseQualityHold(input: $input) {
  hold { status } userErrors { code field } } }"""
WAIT = 30.0  # generous: the two cores are shared with other test runs


def figures(change: dict) -> tuple:
    return (change["cause"], change["lotStatus"], change["onHand"], change["reserved"],
            change["held"], change["available"])


async def _latest_cursor(engine: AsyncEngine) -> str:
    async with engine.connect() as conn:
        return cursors.encode(
            await conn.scalar(text("select coalesce(max(id), 0) from outbox_events")))


async def test_reservations_cuts_cancellations_and_holds_push_the_balance_and_replay(
    server: LiveServer, client: Client, engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=10)
    customer = await builders.make_customer(sessionmaker)
    await caught_up(server.app, engine)
    # Subscribing from a cursor taken now: nothing committed after it can be missed, however
    # late the server registers the subscription.
    start = await _latest_cursor(engine)
    variables = {"productId": gid("Product", product.id), "after": start}

    async with ws_connect(server.ws_url, await client.token("warehouse")) as ws:
        await ws.subscribe(STOCK_LEVEL_CHANGED, variables)
        order = await allocated_order(client, customer.id, [(product.id, 4)])
        cut = (await client.call("sales", AMEND, input={
            "orderId": order["id"], "expectedVersion": 1, "reason": "Three will do",
            "lines": [{"lineId": order["lines"][0]["id"], "quantity": 3}]}))["amendSalesOrder"]
        assert cut["userErrors"] == []
        cancelled = await client.call("sales", CANCEL, id=order["id"], reason="Not needed")
        assert cancelled["cancelSalesOrder"]["userErrors"] == []
        held = (await client.call("qa", HOLD, input={
            "lotId": gid("Lot", lot.id), "reason": "Supplier alert"}))["placeQualityHold"]
        assert held["userErrors"] == [] and held["hold"]["lot"]["status"] == "ON_HOLD"
        released = (await client.call("qa", RELEASE_HOLD, input={
            "holdId": held["hold"]["id"],
            "signature": {"password": DEMO_PASSWORD, "meaning": "Hold released"},
        }))["releaseQualityHold"]
        assert released["userErrors"] == []
        live = [d["stockLevelChanged"] for d in await ws.collect(5, wait=WAIT)]
        assert await ws.silent(0.5)

    assert [figures(c) for c in live] == [
        ("RESERVED", "RELEASED", 10, 4, 0, 6),
        ("UNRESERVED", "RELEASED", 10, 3, 0, 7),
        ("UNRESERVED", "RELEASED", 10, 0, 0, 10),
        ("LOT_STATUS_CHANGED", "ON_HOLD", 10, 0, 0, 0),
        ("LOT_STATUS_CHANGED", "RELEASED", 10, 0, 0, 10),
    ]
    assert {(c["product"]["id"], c["warehouse"]["code"], c["lot"]["lotNumber"])
            for c in live} == {(gid("Product", product.id), "NL-RTM", lot.lot_number)}
    assert all(c["moveKind"] is None for c in live)

    # A subscriber that was away gets exactly the same events again, then nothing more.
    async with ws_connect(server.ws_url, await client.token("qa")) as ws:
        await ws.subscribe(STOCK_LEVEL_CHANGED, variables)
        replayed = [d["stockLevelChanged"] for d in await ws.collect(5, wait=WAIT)]
        assert await ws.silent(0.5)
    assert replayed == live

    # Resuming from the third event's cursor replays only the two after it.
    async with ws_connect(server.ws_url, await client.token("warehouse")) as ws:
        await ws.subscribe(STOCK_LEVEL_CHANGED, {**variables, "after": live[2]["cursor"]})
        rest = [d["stockLevelChanged"] for d in await ws.collect(2, wait=WAIT)]
        assert await ws.silent(0.5)
    assert rest == live[3:]


async def test_partners_may_not_subscribe_to_stock_levels(
    server: LiveServer, client: Client
) -> None:
    async with ws_connect(server.ws_url, await client.token("partner-a")) as ws:
        await ws.subscribe(STOCK_LEVEL_CHANGED)
        message = await ws.receive(wait=WAIT)
    assert message["type"] in ("error", "next"), message
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
