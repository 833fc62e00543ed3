"""Orders under change control: draft edits, amendments as versions, short-close."""

from datetime import timedelta

from tests.sales.change_control_docs import (
    AMEND,
    CC_ALLOCATE,
    CC_CREATE,
    CC_DECIDE,
    CC_SUBMIT,
    EDIT,
    SHORT_CLOSE,
)
from tests.support import builders
from tests.support.client import DEMO_PASSWORD
from tests.support.documents import line
from tests.support.ids import gid

SIGN = {"password": DEMO_PASSWORD, "meaning": "Approved"}


def errors(payload: dict) -> set[tuple[str, tuple[str, ...]]]:
    return {(e["code"], tuple(e["field"] or ())) for e in payload["userErrors"]}


async def _draft(client, customer_id: int, lines: list) -> dict:
    made = (await client.call("sales", CC_CREATE, input={
        "customerId": gid("Customer", customer_id), "lines": lines}))["createSalesOrder"]
    assert made["userErrors"] == [], made
    return made["order"]


async def _allocated(client, sessionmaker, quantity: int = 10, stock: int = 30) -> tuple:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="20.00")
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=stock)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    order = await _draft(client, customer.id, [line(product.id, quantity)])
    submitted = (await client.call("sales", CC_SUBMIT, id=order["id"]))["submitSalesOrder"]
    assert submitted["order"]["status"] == "APPROVED", submitted
    allocated = (await client.call("sales", CC_ALLOCATE, id=order["id"]))["allocateSalesOrder"]
    assert allocated["order"]["status"] == "ALLOCATED", allocated
    return allocated["order"], product, customer


async def test_a_draft_is_edited_in_place_and_checked_as_on_create(
    client, sessionmaker, consistent
) -> None:
    product = await builders.make_product(sessionmaker, price="29.90")
    other = await builders.make_product(sessionmaker, price="10.00")
    customer = await builders.make_customer(sessionmaker)
    order = await _draft(client, customer.id, [line(product.id, 10)])
    assert order["version"] == 1 and "EDIT" in order["availableActions"]

    edited = (await client.call("sales", EDIT, input={
        "orderId": order["id"], "customerReference": "PO-77",
        "lines": [line(product.id, 6), line(other.id, 2)],
    }))["updateDraftSalesOrder"]
    assert edited["userErrors"] == []
    changed = edited["order"]
    assert changed["version"] == 1 and changed["status"] == "DRAFT"
    assert changed["customerReference"] == "PO-77"
    assert [(ln["lineNumber"], ln["quantity"]) for ln in changed["lines"]] == [(1, 6), (2, 2)]
    assert changed["subtotal"] == "199.40"
    assert [v["version"] for v in changed["versions"]] == [1]

    refused = (await client.call("sales", EDIT, input={
        "orderId": order["id"], "lines": [line(product.id, 1, unitPrice="99.00")]}))
    assert errors(refused["updateDraftSalesOrder"]) == {
        ("PRICE_MISMATCH", ("input", "lines", "0", "unitPrice"))}

    ship_to = {"name": "Ward 3", "street": "Elbufer 3", "postalCode": "01067", "city": "Dresden",
               "country": "Germany", "region": "NOWHERE"}
    bad_ship_to = (await client.call("sales", EDIT, input={
        "orderId": order["id"], "shipTo": ship_to}))["updateDraftSalesOrder"]
    assert errors(bad_ship_to) == {("INVALID", ("input", "shipTo", "country")),
                                   ("INVALID", ("input", "shipTo", "region"))}
    good = (await client.call("sales", EDIT, input={
        "orderId": order["id"], "shipTo": {**ship_to, "country": "DE", "region": "DE-EAST"},
    }))["updateDraftSalesOrder"]["order"]
    assert good["shipTo"] == {"name": "Ward 3", "city": "Dresden", "country": "DE",
                              "region": "DE-EAST"}

    await client.call("sales", CC_SUBMIT, id=order["id"])
    late = (await client.call("sales", EDIT, input={"orderId": order["id"],
                                                    "customerReference": "x"}))
    assert {c for c, _ in errors(late["updateDraftSalesOrder"])} == {"INVALID_TRANSITION"}

    theirs = await builders.draft_order(sessionmaker, "DIST-B")
    foreign = await client.call("partner-a", EDIT, input={
        "orderId": gid("SalesOrder", theirs), "customerReference": "mine now"})
    assert {c for c, _ in errors(foreign["updateDraftSalesOrder"])} == {"NOT_FOUND"}


async def test_an_amendment_is_a_new_version_that_releases_a_cut_at_once(
    client, sessionmaker, consistent
) -> None:
    order, product, _ = await _allocated(client, sessionmaker, quantity=10)
    line_id = order["lines"][0]["id"]
    available_before = order["lines"][0]["product"]["availableQuantity"]
    amended = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Customer needs fewer",
        "lines": [{"lineId": line_id, "quantity": 6}],
    }))["amendSalesOrder"]
    assert amended["userErrors"] == []
    after = amended["order"]
    assert after["version"] == 2 and after["status"] == "ALLOCATED"
    assert after["lines"][0]["quantity"] == 6
    assert sum(a["quantity"] for a in after["lines"][0]["allocations"]) == 6
    # Exactly the 4 units cut come back.
    assert after["lines"][0]["product"]["availableQuantity"] == available_before + 4
    latest = after["versions"][-1]
    assert latest["version"] == 2 and latest["reason"] == "Customer needs fewer"
    assert latest["createdBy"]["username"] == "sales"
    assert latest["changes"] == [
        {"field": "quantity", "lineNumber": 1, "before": "10", "after": "6"}]
    assert latest["total"] == after["total"] == "145.20"  # 6 x 20.00 + 21% tax
    # Asking for less keeps the approvals and status: nothing to approve again.
    assert after["approvals"] == []

    stale = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "again",
        "lines": [{"lineId": line_id, "quantity": 5}]}))["amendSalesOrder"]
    assert errors(stale) == {("VERSION_CONFLICT", ("input", "expectedVersion"))}

    bad = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 2, "reason": " ",
        "requestedDeliveryDate": str(builders.today() - timedelta(days=1)),
        "lines": [{"lineId": line_id, "quantity": -1}]}))["amendSalesOrder"]
    assert errors(bad) == {
        ("INVALID", ("input", "reason")),
        ("INVALID", ("input", "requestedDeliveryDate")),
        ("INVALID", ("input", "lines", "0", "quantity")),
    }
    same = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 2, "reason": "nothing",
        "lines": [{"lineId": line_id, "quantity": 6}]}))["amendSalesOrder"]
    assert {c for c, _ in errors(same)} == {"INVALID"}


async def test_asking_for_more_waits_for_approval_again_and_the_author_may_not_decide(
    client, sessionmaker, consistent
) -> None:
    order, product, _ = await _allocated(client, sessionmaker, quantity=10)
    line_id = order["lines"][0]["id"]
    amended = (await client.call("manager", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Tender discount",
        "lines": [{"lineId": line_id, "discountPercent": "15"}]}))["amendSalesOrder"]
    assert amended["userErrors"] == []
    waiting = amended["order"]
    assert waiting["status"] == "PENDING_APPROVAL" and waiting["version"] == 2
    assert [(a["rule"], a["level"], a["orderVersion"], a["status"])
            for a in waiting["approvals"]] == [("DISCOUNT_OVER_10", 1, 2, "PENDING")]
    assert waiting["versions"][-1]["changes"] == [
        {"field": "discountPercent", "lineNumber": 1, "before": "0.00", "after": "15.00"}]
    # Nothing allocates or ships while it waits; the reservation stays.
    refused = (await client.call("sales", CC_ALLOCATE, id=order["id"]))["allocateSalesOrder"]
    assert {c for c, _ in errors(refused)} == {"INVALID_TRANSITION"}
    assert sum(a["quantity"] for a in waiting["lines"][0]["allocations"]) == 10

    own = await client.body("manager", CC_DECIDE, input={
        "orderId": order["id"], "approve": True, "signature": SIGN})
    assert {c for c, _ in errors(own["data"]["decideApproval"])} == {"SEPARATION_OF_DUTIES"}

    # A second amendment supersedes the first approval request.
    again = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 2, "reason": "Tender discount, final",
        "lines": [{"lineId": line_id, "discountPercent": "12"}]}))["amendSalesOrder"]
    assert again["userErrors"] == []
    assert [(a["orderVersion"], a["status"]) for a in again["order"]["approvals"]] == [
        (2, "SUPERSEDED"), (3, "PENDING")]
    decided = (await client.call("manager", CC_DECIDE, input={
        "orderId": order["id"], "approve": True, "signature": SIGN}))["decideApproval"]
    assert decided["userErrors"] == []
    # Approved, the status follows the quantities: it still holds its reservation.
    assert decided["order"]["status"] == "ALLOCATED"


async def test_rejection_releases_reservations_and_an_amendment_resubmits(
    client, sessionmaker, consistent
) -> None:
    order, product, _ = await _allocated(client, sessionmaker, quantity=4)
    line_id = order["lines"][0]["id"]
    waiting = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Discount asked",
        "lines": [{"lineId": line_id, "discountPercent": "20", "quantity": 5}]}))
    assert waiting["amendSalesOrder"]["order"]["status"] == "PENDING_APPROVAL"
    rejected = (await client.call("manager", CC_DECIDE, input={
        "orderId": order["id"], "approve": False,
        "signature": {"password": DEMO_PASSWORD, "meaning": "Rejected"}}))["decideApproval"]
    assert rejected["order"]["status"] == "REJECTED"
    assert rejected["order"]["lines"][0]["allocations"] == []
    resubmitted = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 2, "reason": "Back to list price",
        "lines": [{"lineId": line_id, "discountPercent": "0"}]}))["amendSalesOrder"]
    assert resubmitted["userErrors"] == []
    assert resubmitted["order"]["status"] == "APPROVED"
    assert [a["status"] for a in resubmitted["order"]["approvals"]] == ["REJECTED"]


async def test_short_close_cancels_unshipped_lines_and_releases_them(
    client, sessionmaker, consistent
) -> None:
    order, product, _ = await _allocated(client, sessionmaker, quantity=3)
    available = order["lines"][0]["product"]["availableQuantity"]
    closed = (await client.call("sales", SHORT_CLOSE, input={
        "orderId": order["id"], "reason": "Customer cancelled the rest"}))["shortCloseSalesOrder"]
    assert closed["userErrors"] == []
    result = closed["order"]
    assert result["status"] == "CANCELLED" and result["version"] == 2
    assert [(ln["status"], ln["quantity"], ln["lineTotal"]) for ln in result["lines"]] == [
        ("CANCELLED", 0, "0.00")]
    assert result["total"] == "0.00"
    assert result["lines"][0]["product"]["availableQuantity"] == available + 3
    assert result["versions"][-1]["changes"] == [
        {"field": "quantity", "lineNumber": 1, "before": "3", "after": "0"},
        {"field": "status", "lineNumber": 1, "before": "OPEN", "after": "CANCELLED"},
    ]
    nothing = (await client.call("sales", SHORT_CLOSE, input={
        "orderId": order["id"], "reason": "again"}))["shortCloseSalesOrder"]
    assert {c for c, _ in errors(nothing)} == {"INVALID_TRANSITION"}


async def test_an_amendment_adds_and_cancels_lines_and_refuses_going_below_shipped(
    client, sessionmaker, consistent
) -> None:
    order, product, customer = await _allocated(client, sessionmaker, quantity=5)
    extra = await builders.make_product(sessionmaker, price="5.00")
    line_id = order["lines"][0]["id"]
    changed = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Swap the device",
        "lines": [{"lineId": line_id, "quantity": 0},
                  {"productId": gid("Product", extra.id), "quantity": 2}]}))["amendSalesOrder"]
    assert changed["userErrors"] == []
    lines = changed["order"]["lines"]
    assert [(ln["lineNumber"], ln["status"], ln["quantity"]) for ln in lines] == [
        (1, "CANCELLED", 0), (2, "OPEN", 2)]
    assert {"field": "line", "lineNumber": 2, "before": None,
            "after": f"2 × {lines[1]['product']['sku']}"} in changed["order"]["versions"][-1][
                "changes"]
    assert lines[0]["allocations"] == []


async def test_an_increase_is_reserved_at_once_and_each_version_is_announced_and_audited(
    client, sessionmaker, consistent
) -> None:
    from sqlalchemy import select

    from backend.db.models import AuditEvent, OutboxEvent
    from tests.support.ids import pk

    order, product, _ = await _allocated(client, sessionmaker, quantity=10, stock=30)
    available = order["lines"][0]["product"]["availableQuantity"]
    more = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Customer needs more",
        "lines": [{"lineId": order["lines"][0]["id"], "quantity": 12}]}))["amendSalesOrder"]
    assert more["userErrors"] == []
    after = more["order"]
    assert after["status"] == "ALLOCATED"
    assert sum(a["quantity"] for a in after["lines"][0]["allocations"]) == 12
    assert after["lines"][0]["product"]["availableQuantity"] == available - 2
    async with sessionmaker() as s:
        events = list(await s.scalars(select(OutboxEvent).where(
            OutboxEvent.aggregate_id == pk(order["id"]),
            OutboxEvent.topic == "order.version_created")))
        audits = list(await s.scalars(select(AuditEvent).where(
            AuditEvent.entity_id == pk(order["id"]), AuditEvent.action == "order.amended")))
    assert [e.payload["version"] for e in events] == [2]
    assert audits[0].changes["line 1 quantity"] == ["10", "12"]
    assert audits[0].changes["version"] == [1, 2]


async def test_a_partly_shipped_line_short_closes_at_what_shipped(
    client, sessionmaker, consistent
) -> None:
    from backend.domain.fulfilment import shipping
    from backend.domain.sales import allocation
    from backend.domain.tx import transaction
    from tests.support.ids import pk

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
    line_id = order["lines"][0]["id"]
    below = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "fewer",
        "lines": [{"lineId": line_id, "quantity": 2}]}))["amendSalesOrder"]
    assert {c for c, _ in errors(below)} == {"BELOW_SHIPPED_QUANTITY"}
    closed = (await client.call("sales", SHORT_CLOSE, input={
        "orderId": order["id"], "lineIds": [line_id],
        "reason": "The rest will not be made"}))["shortCloseSalesOrder"]
    assert closed["userErrors"] == []
    result = closed["order"]
    assert [(ln["status"], ln["quantity"], ln["shippedQuantity"], ln["lineTotal"])
            for ln in result["lines"]] == [("SHORT_CLOSED", 3, 3, "30.00")]
    assert result["status"] == "SHIPPED" and result["total"] == "36.30"
    shipped = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 2, "reason": "too late",
        "customerReference": "x"}))["amendSalesOrder"]
    assert {c for c, _ in errors(shipped)} == {"INVALID_TRANSITION"}
