"""Orders under change control, as the people using them notice it: what waits for
approval does not ship, approvals kept or superseded, the status after approval, increases
beyond stock, explicit prices and ship-to in the version history, and short-close."""

from datetime import timedelta

from sqlalchemy import func, select

from backend.db.models import AuditEvent, OutboxEvent
from tests.sales.change_control_docs import (
    AMEND,
    CC_ALLOCATE,
    CC_DECIDE,
    CC_SUBMIT,
    CREATE_RULE,
    SHORT_CLOSE,
    UPDATE_RULE,
)
from tests.sales.test_order_changes_api import SIGN, _allocated, _draft, errors
from tests.support import builders
from tests.support.documents import CANCEL, line
from tests.support.ids import pk
from tests.support.ws import caught_up, ws_connect

SHIP = """mutation($input: CreateShipmentInput!) { createShipment(input: $input) {
  shipment { number lines { quantity } } userErrors { field code } } }"""
SHIPMENTS = """query($id: ID!) { node(id: $id) { ... on SalesOrder {
  status version availableActions shipments { number } lines { shippedQuantity allocations { quantity } } } } }"""
PRODUCT_STOCK = "query($id: ID!) { node(id: $id) { ... on Product { availableQuantity } } }"
STATUS_CHANGED = """subscription($orderId: ID) { orderStatusChanged(orderId: $orderId) {
  from to order { id } } }"""


def held(order: dict, index: int = 0) -> int:
    return sum(a["quantity"] for a in order["lines"][index]["allocations"])


async def _partly_shipped(client, sessionmaker) -> dict:
    """An order of 5 with 3 in stock: allocated with a backorder, the 3 shipped."""
    from backend.domain.fulfilment import shipping
    from backend.domain.sales import allocation
    from backend.domain.tx import transaction

    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="10.00")
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=3)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    order = await _draft(client, customer.id, [line(product.id, 5)])
    await client.call("sales", CC_SUBMIT, id=order["id"])
    async with transaction(sessionmaker) as s:
        actor = await builders.demo_actor(s, "warehouse")
        await allocation.allocate_sales_order(s, actor=actor, order_id=pk(order["id"]),
                                              backorder=True)
        await shipping.create_shipment(s, actor=actor, order_id=pk(order["id"]))
    return order


async def test_an_allocated_order_waiting_for_approval_again_ships_nothing_until_approved(
    client, sessionmaker, consistent
) -> None:
    order, _, _ = await _allocated(client, sessionmaker, quantity=10, stock=30)
    available = order["lines"][0]["product"]["availableQuantity"]
    waiting = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Tender discount",
        "lines": [{"lineId": order["lines"][0]["id"], "discountPercent": "15"}]}))[
        "amendSalesOrder"]["order"]
    assert waiting["status"] == "PENDING_APPROVAL" and held(waiting) == 10
    assert "SHIP" not in waiting["availableActions"]

    refused = (await client.call("warehouse", SHIP, input={"orderId": order["id"]}))[
        "createShipment"]
    assert refused["shipment"] is None
    assert errors(refused) == {("INVALID_TRANSITION", ("input", "orderId"))}
    seen = (await client.call("sales", SHIPMENTS, id=order["id"]))["node"]
    assert seen["status"] == "PENDING_APPROVAL" and seen["shipments"] == []
    assert [(ln["shippedQuantity"], sum(a["quantity"] for a in ln["allocations"]))
            for ln in seen["lines"]] == [(0, 10)]

    decided = (await client.call("manager", CC_DECIDE, input={
        "orderId": order["id"], "approve": True, "signature": SIGN}))["decideApproval"]
    assert decided["order"]["status"] == "ALLOCATED"
    shipped = (await client.call("warehouse", SHIP, input={"orderId": order["id"]}))[
        "createShipment"]
    assert shipped["userErrors"] == []
    assert [ln["quantity"] for ln in shipped["shipment"]["lines"]] == [10]
    after = (await client.call("sales", SHIPMENTS, id=order["id"]))["node"]
    assert after["status"] == "SHIPPED" and len(after["shipments"]) == 1
    # The stock the order held is what left: nothing else was taken.
    stock = (await client.call("sales", PRODUCT_STOCK,
                               id=order["lines"][0]["product"]["id"]))["node"]
    assert stock["availableQuantity"] == available


async def test_asking_no_more_keeps_approved_approvals_and_more_supersedes_them(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="100.00")
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=20)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    order = await _draft(client, customer.id, [line(product.id, 5, discountPercent="15")])
    submitted = (await client.call("sales", CC_SUBMIT, id=order["id"]))["submitSalesOrder"]
    assert submitted["order"]["status"] == "PENDING_APPROVAL"
    await client.call("manager", CC_DECIDE, input={
        "orderId": order["id"], "approve": True, "signature": SIGN})
    allocated = (await client.call("sales", CC_ALLOCATE, id=order["id"]))["allocateSalesOrder"]
    assert allocated["order"]["status"] == "ALLOCATED"
    line_id = order["lines"][0]["id"]

    fewer = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Fewer, a smaller discount",
        "lines": [{"lineId": line_id, "quantity": 4, "discountPercent": "12"}]}))[
        "amendSalesOrder"]
    assert fewer["userErrors"] == []
    kept = fewer["order"]
    assert kept["status"] == "ALLOCATED" and kept["version"] == 2
    assert [(a["rule"], a["orderVersion"], a["status"], a["decidedBy"]["username"])
            for a in kept["approvals"]] == [("DISCOUNT_OVER_10", 1, "APPROVED", "manager")]
    assert held(kept) == 4

    more = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 2, "reason": "A deeper discount",
        "lines": [{"lineId": line_id, "discountPercent": "20"}]}))["amendSalesOrder"]
    assert more["userErrors"] == []
    waiting = more["order"]
    assert waiting["status"] == "PENDING_APPROVAL"
    assert [(a["orderVersion"], a["status"]) for a in waiting["approvals"]] == [
        (1, "SUPERSEDED"), (3, "PENDING")]
    # The approval of version 1 does not count: nothing allocates or ships.
    assert "SHIP" not in waiting["availableActions"]
    refused = (await client.call("warehouse", SHIP, input={"orderId": order["id"]}))
    assert {c for c, _ in errors(refused["createShipment"])} == {"INVALID_TRANSITION"}
    decided = (await client.call("manager", CC_DECIDE, input={
        "orderId": order["id"], "approve": True, "signature": SIGN}))["decideApproval"]
    assert decided["order"]["status"] == "ALLOCATED"
    assert [(a["orderVersion"], a["status"]) for a in decided["order"]["approvals"]] == [
        (1, "SUPERSEDED"), (3, "APPROVED")]


async def test_a_superseded_level_does_not_open_the_next_one(
    client, sessionmaker, consistent
) -> None:
    region = builders.unique("R")
    made = (await client.call("admin", CREATE_RULE, input={
        "code": builders.unique("TWO"), "description": "Two levels for the test region",
        "conditions": {"minOrderTotal": "300", "customerRegions": [region]},
        "levels": [{"requiredRoles": ["SALES_MANAGER"]}, {"requiredRoles": ["FINANCE"]}],
    }))["createOrderApprovalRule"]
    assert made["userErrors"] == []
    try:
        product = await builders.make_product(sessionmaker, price="100.00")
        customer = await builders.make_customer(sessionmaker, place=(region, 51.05, 13.74))
        order = await _draft(client, customer.id, [line(product.id, 3)])
        await client.call("sales", CC_SUBMIT, id=order["id"])
        first = (await client.call("manager", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": SIGN}))["decideApproval"]
        assert first["userErrors"] == [] and first["order"]["status"] == "PENDING_APPROVAL"

        amended = (await client.call("sales", AMEND, input={
            "orderId": order["id"], "expectedVersion": 1, "reason": "One more",
            "lines": [{"lineId": order["lines"][0]["id"], "quantity": 4}]}))["amendSalesOrder"]
        assert amended["userErrors"] == []
        assert sorted((a["orderVersion"], a["level"], a["status"])
                      for a in amended["order"]["approvals"]) == [
            (1, 1, "SUPERSEDED"), (1, 2, "SUPERSEDED"), (2, 1, "PENDING"), (2, 2, "PENDING")]
        # Level 1 of version 1 was approved, but only version 2's level 1 opens level 2.
        early = (await client.call("finance", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": SIGN}))["decideApproval"]
        assert {c for c, _ in errors(early)} == {"APPROVAL_LEVEL_PENDING"}
        await client.call("manager", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": SIGN})
        last = (await client.call("finance", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": SIGN}))["decideApproval"]
        assert last["userErrors"] == [] and last["order"]["status"] == "APPROVED"
    finally:
        await client.call("admin", UPDATE_RULE, input={
            "ruleId": made["rule"]["id"], "active": False})


async def test_a_partly_shipped_order_is_partly_shipped_again_once_approved(
    client, sessionmaker, consistent
) -> None:
    order = await _partly_shipped(client, sessionmaker)
    assert (await client.call("sales", SHIPMENTS, id=order["id"]))["node"]["status"] == (
        "PARTIALLY_SHIPPED")
    waiting = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Discount on the rest",
        "lines": [{"lineId": order["lines"][0]["id"], "discountPercent": "15"}]}))[
        "amendSalesOrder"]["order"]
    assert waiting["status"] == "PENDING_APPROVAL"
    decided = (await client.call("manager", CC_DECIDE, input={
        "orderId": order["id"], "approve": True, "signature": SIGN}))["decideApproval"]
    assert decided["userErrors"] == []
    assert decided["order"]["status"] == "PARTIALLY_SHIPPED"
    assert [(ln["shippedQuantity"], ln["quantity"]) for ln in decided["order"]["lines"]] == [
        (3, 5)]


async def test_an_increase_beyond_free_stock_reserves_what_is_there_and_leaves_the_rest(
    client, sessionmaker, consistent
) -> None:
    order, product, _ = await _allocated(client, sessionmaker, quantity=10, stock=12)
    assert "ALLOCATE" not in order["availableActions"]
    more = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Customer needs 15",
        "lines": [{"lineId": order["lines"][0]["id"], "quantity": 15}]}))["amendSalesOrder"]
    assert more["userErrors"] == []
    after = more["order"]
    assert after["lines"][0]["quantity"] == 15 and held(after) == 12
    assert after["lines"][0]["product"]["availableQuantity"] == 0
    # Still allocated (it holds stock), and it offers to allocate the 3 missing.
    assert after["status"] == "ALLOCATED" and "ALLOCATE" in after["availableActions"]
    assert after["lines"][0]["promise"]["fromStock"] == 12

    wh = await builders.warehouses(sessionmaker)
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=5)
    topped = (await client.call("sales", CC_ALLOCATE, id=order["id"]))["allocateSalesOrder"]
    assert topped["userErrors"] == []
    assert held(topped["order"]) == 15 and "ALLOCATE" not in topped["order"]["availableActions"]
    assert topped["order"]["lines"][0]["product"]["availableQuantity"] == 2


async def test_an_explicit_unit_price_and_a_new_ship_to_are_in_the_version(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    main = await builders.make_product(sessionmaker, price="20.00")
    extra = await builders.make_product(sessionmaker, price="5.00")
    for product in (main, extra):
        await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=20)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    order = await _draft(client, customer.id, [line(main.id, 10), line(extra.id, 4)])
    await client.call("sales", CC_SUBMIT, id=order["id"])
    order = (await client.call("sales", CC_ALLOCATE, id=order["id"]))["allocateSalesOrder"][
        "order"]
    first, second = (ln["id"] for ln in order["lines"])

    priced = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Agreed price",
        "lines": [{"lineId": first, "unitPrice": "18.00"}]}))["amendSalesOrder"]
    assert priced["userErrors"] == []
    after = priced["order"]
    assert (after["lines"][0]["unitPrice"], after["lines"][0]["lineTotal"]) == (
        "18.00", "180.00")
    assert after["versions"][-1]["changes"] == [
        {"field": "unitPrice", "lineNumber": 1, "before": "20.00", "after": "18.00"}]
    # 10 % below list is not over the discount rule's 10 %: still allocated, nothing asked.
    assert after["status"] == "ALLOCATED" and after["approvals"] == []

    above = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 2, "reason": "Cancel one, reprice one",
        "lines": [{"lineId": second, "quantity": 0},
                  {"lineId": first, "unitPrice": "25.00"}]}))["amendSalesOrder"]
    assert errors(above) == {("PRICE_MISMATCH", ("input", "lines", "1", "unitPrice"))}
    assert above["order"] is None

    ship_to = {"name": "Hospital Central", "street": "Calle Mayor 1", "postalCode": "28013",
               "city": "Madrid", "country": "ES", "region": "ES"}
    moved = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 2, "reason": "Deliver to Madrid",
        "shipTo": ship_to}))["amendSalesOrder"]
    assert moved["userErrors"] == []
    result = moved["order"]
    assert result["version"] == 3
    assert result["shipTo"] == {"name": "Hospital Central", "city": "Madrid", "country": "ES",
                                "region": "ES"}
    [change] = result["versions"][-1]["changes"]
    assert (change["field"], change["lineNumber"], change["after"]) == (
        "shipTo", None, "Hospital Central, Calle Mayor 1, 28013 Madrid, ES (ES)")
    # Leipzig to Spain is 5 days: the lines are promised for the new address.
    today = builders.today()
    assert {ln["promise"]["promisedDeliveryDate"] for ln in result["lines"]} == {
        str(today + timedelta(days=1 + 5))}
    assert [ln["unitPrice"] for ln in result["lines"]] == ["18.00", "5.00"]


async def test_a_cancelled_order_cannot_be_amended(client, sessionmaker, consistent) -> None:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    order = await _draft(client, customer.id, [line(product.id, 2)])
    await client.call("sales", CC_SUBMIT, id=order["id"])
    cancelled = (await client.call("sales", CANCEL, id=order["id"], reason="Not needed"))
    assert cancelled["cancelSalesOrder"]["order"]["status"] == "CANCELLED"
    refused = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Wanted after all",
        "lines": [{"lineId": order["lines"][0]["id"], "quantity": 3}]}))["amendSalesOrder"]
    assert errors(refused) == {("INVALID_TRANSITION", ("input", "orderId"))}
    again = (await client.call("sales", SHIPMENTS, id=order["id"]))["node"]
    assert (again["status"], again["version"]) == ("CANCELLED", 1)
    assert "AMEND" not in again["availableActions"]


async def _written(sessionmaker, order_id: int) -> tuple[int, int]:
    async with sessionmaker() as s:
        audits = await s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.entity_type == "SalesOrder", AuditEvent.entity_id == order_id))
        events = await s.scalar(select(func.count()).select_from(OutboxEvent).where(
            OutboxEvent.aggregate_id == order_id, OutboxEvent.aggregate_type == "SalesOrder"))
    return audits, events


async def test_short_close_needs_a_reason_and_closes_only_the_lines_named(
    client, sessionmaker, live_server, engine, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    one = await builders.make_product(sessionmaker, price="10.00")
    two = await builders.make_product(sessionmaker, price="10.00")
    for product in (one, two):
        await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=5)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    order = await _draft(client, customer.id, [line(one.id, 2), line(two.id, 3)])
    await client.call("sales", CC_SUBMIT, id=order["id"])
    order = (await client.call("sales", CC_ALLOCATE, id=order["id"]))["allocateSalesOrder"][
        "order"]
    first, second = (ln["id"] for ln in order["lines"])
    before = await _written(sessionmaker, pk(order["id"]))

    blank = (await client.call("sales", SHORT_CLOSE, input={
        "orderId": order["id"], "lineIds": [first], "reason": "   "}))["shortCloseSalesOrder"]
    assert errors(blank) == {("INVALID", ("input", "reason"))}
    assert await _written(sessionmaker, pk(order["id"])) == before
    unchanged = (await client.call("sales", SHIPMENTS, id=order["id"]))["node"]
    assert [sum(a["quantity"] for a in ln["allocations"]) for ln in unchanged["lines"]] == [2, 3]

    await caught_up(live_server.app, engine)
    async with ws_connect(live_server.ws_url, await client.token("sales")) as ws:
        await ws.subscribe(STATUS_CHANGED, {"orderId": order["id"]})
        closed = (await client.call("sales", SHORT_CLOSE, input={
            "orderId": order["id"], "lineIds": [first],
            "reason": "First device discontinued"}))["shortCloseSalesOrder"]
        assert closed["userErrors"] == []
        result = closed["order"]
        assert [(ln["status"], ln["quantity"], held(result, i))
                for i, ln in enumerate(result["lines"])] == [("CANCELLED", 0, 0), ("OPEN", 3, 3)]
        assert (result["status"], result["version"]) == ("ALLOCATED", 2)
        assert result["total"] == "36.30"  # 3 x 10.00 + 21 % tax
        assert result["versions"][-1]["reason"] == "First device discontinued"

        rest = (await client.call("sales", SHORT_CLOSE, input={
            "orderId": order["id"], "reason": "Nothing more wanted"}))["shortCloseSalesOrder"]
        assert rest["order"]["status"] == "CANCELLED" and rest["order"]["version"] == 3
        # The first close left the status alone: the one change announced is the last.
        change = (await ws.next_data())["orderStatusChanged"]
        assert (change["from"], change["to"], change["order"]["id"]) == (
            "ALLOCATED", "CANCELLED", order["id"])
        assert await ws.silent(0.5)

    async with sessionmaker() as s:
        versions = [e.payload["version"] for e in await s.scalars(
            select(OutboxEvent).where(OutboxEvent.aggregate_id == pk(order["id"]),
                                      OutboxEvent.topic == "order.version_created")
            .order_by(OutboxEvent.id))]
    assert versions == [2, 3]
