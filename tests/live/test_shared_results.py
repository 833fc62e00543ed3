"""Identical subscriptions share each event's result; different scopes never do."""

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.api.ids import to_global_id
from backend.enums import OrderStatus
from tests.support.builders import StockItem, draft_order, move, set_status
from tests.support.client import Client
from tests.support.server import LiveServer
from tests.support.ws import caught_up, ws_connect

STOCK_CHANGED = """
subscription ($productId: ID, $after: String) {
  stockChanged(productId: $productId, after: $after) {
    cursor occurredAt delta onHand available kind product { id sku } lot { lotNumber }
  }
}
"""
ORDER_STATUS_CHANGED = """
subscription ($orderId: ID) {
  orderStatusChanged(orderId: $orderId) { cursor to order { id number approvals { rule status } } }
}
"""


async def test_subscribers_of_the_same_query_get_identical_payloads(
    server: LiveServer, client: Client, item: StockItem, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with (
        ws_connect(server.ws_url, await client.token("warehouse")) as first,
        ws_connect(server.ws_url, await client.token("warehouse")) as second,
        ws_connect(server.ws_url, await client.token("admin")) as other_roles,
    ):
        await first.subscribe(STOCK_CHANGED, {"productId": item.product_gid})
        await second.subscribe(STOCK_CHANGED, {"productId": item.product_gid})
        await other_roles.subscribe(STOCK_CHANGED, {"productId": item.product_gid})
        for delta in (4, 6):
            await move(sessionmaker, item, delta)
        received = [await ws.collect(2) for ws in (second, other_roles)]
        # Per-event messages carry the data only: the cost was settled when subscribing.
        messages = [await first.receive() for _ in range(2)]
        assert [m["payload"].keys() for m in messages] == [{"data"}, {"data"}]
        received.insert(0, [m["payload"]["data"] for m in messages])
    assert [d["stockChanged"]["delta"] for d in received[0]] == [4, 6]
    assert [d["stockChanged"]["onHand"] for d in received[0]] == [4, 10]
    assert received[0] == received[1] == received[2]


async def test_a_partner_and_a_staff_subscriber_never_share_a_result(
    server: LiveServer, client: Client, engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    order_id = await draft_order(sessionmaker, "DIST-A")
    order_gid = to_global_id("SalesOrder", order_id)
    await caught_up(server.app, engine)  # the order's creation is not news to the sockets
    async with (
        ws_connect(server.ws_url, await client.token("partner-a")) as partner,
        ws_connect(server.ws_url, await client.token("sales")) as staff,
    ):
        # The same document and variables: only the scope differs, and with it the answer
        # (approvals are internal).
        await staff.subscribe(ORDER_STATUS_CHANGED, {"orderId": order_gid})
        await partner.subscribe(ORDER_STATUS_CHANGED, {"orderId": order_gid})
        await set_status(sessionmaker, order_id, OrderStatus.PENDING_APPROVAL)
        await set_status(sessionmaker, order_id, OrderStatus.CANCELLED)
        for _ in range(2):
            staff_message = await staff.receive()
            partner_message = await partner.receive()
            assert staff_message["type"] == "next" and "errors" not in staff_message["payload"], (
                staff_message
            )
            order = staff_message["payload"]["data"]["orderStatusChanged"]["order"]
            assert order["id"] == order_gid and isinstance(order["approvals"], list)
            errors = partner_message["payload"]["errors"]
            assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"]
            assert errors[0]["path"][-1] == "approvals"
