"""A recall pulls the root lots and everything made from them, frees their reservations and
notifies every customer who received affected units."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from backend.api.ids import from_global_id, to_global_id
from backend.db.models import Customer, Lot, SalesOrder, Shipment
from backend.domain.fulfilment import shipping
from backend.domain.tx import transaction
from backend.seed.invariants import check_invariants
from tests.support import builders
from tests.support.builders import today as utc_today
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.documents import PRODUCE
from tests.support.flows import Quality

INITIATE = """mutation($input: InitiateRecallInput!) { initiateRecall(input: $input) {
  recall { id number status recallClass initiatedBy { username } rootLots { id }
           affectedLots { id status } affectedShipments { number }
           notices { customer { code } acknowledgedAt acknowledgedBy { username } } }
  userErrors { field message code } } }"""
ACKNOWLEDGE = """mutation($id: ID!, $customer: ID) {
  acknowledgeRecall(recallId: $id, customerId: $customer) {
  recall { notices { customer { code } acknowledgedAt acknowledgedBy { username } } }
  userErrors { field message code } } }"""
KPIS = """query($from: Date!, $to: Date!) { kpis(from: $from, to: $to) { from to onTimeDeliveryRate
  daysSalesOutstanding recallResponseHours ordersCreated revenue } }"""


def pk(global_id: str) -> int:
    return from_global_id(global_id)[1]


async def test_recall_follows_genealogy_drops_reservations_and_notifies_receivers(
    quality: Quality, client: Client,
) -> None:
    part = await quality.released_lot(await quality.product(), 100)
    device_product = await quality.product()
    # Not made from the recalled part; it expires last, so that allocation (earliest expiry
    # first) takes the produced lot for every order but the bystander's, shipped before.
    spare = await quality.released_lot(
        device_product, 10, expiresOn=(utc_today() + timedelta(days=1000)).isoformat()
    )
    sessions = quality.sessionmaker
    receiver, reserver, bystander = [
        await builders.make_customer(sessions, place=None, shelf_life_days=0) for _ in range(3)
    ]
    async with transaction(sessions) as session:
        await builders.shipped(session, bystander.id, [(device_product["pk"], 1)])
    produced = (await client.call("warehouse", PRODUCE, {"input": {
        "productId": device_product["id"], "warehouseId": quality.warehouse_id,
        "lotNumber": unique("D"), "manufacturedOn": utc_today().isoformat(), "quantity": 20,
        "components": [{"lotId": part["id"], "quantity": 40}],
    }}))["recordProduction"]["lot"]
    await quality.inspect(produced["id"], kind="FINAL")
    assert (await quality.release(produced["id"]))["userErrors"] == []

    async with transaction(sessions) as session:
        dist_a = await session.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
        shipped = await builders.shipped(session, receiver.id, [(device_product["pk"], 5)])
        to_partner = await builders.shipped(session, dist_a, [(device_product["pk"], 2)])
        waiting = await builders.allocated(session, reserver.id, [(device_product["pk"], 3)])
        expected = {"shipments": {shipped.number, to_partner.number},
                    "notified": {receiver.code, "DIST-A"}, "waiting": waiting.id,
                    "receiver": to_global_id("Customer", receiver.id)}

    data = await client.call("qa", INITIATE, {"input": {
        "lotIds": [part["id"]], "reason": "Supplier reports contaminated resin",
        "recallClass": "II",
        "signature": {"password": "demo1234", "meaning": "Recall initiated"},
    }})
    payload = data["initiateRecall"]
    assert payload["userErrors"] == []
    recall = payload["recall"]
    assert recall["status"] == "OPEN" and recall["initiatedBy"]["username"] == "qa"
    assert recall["rootLots"] == [{"id": part["id"]}]
    assert {lot["id"] for lot in recall["affectedLots"]} == {part["id"], produced["id"]}
    assert {lot["status"] for lot in recall["affectedLots"]} == {"RECALLED"}
    assert {s["number"] for s in recall["affectedShipments"]} == expected["shipments"]
    assert {n["customer"]["code"] for n in recall["notices"]} == expected["notified"]
    assert all(n["acknowledgedAt"] is None for n in recall["notices"])

    async with quality.sessionmaker() as session:
        # Re-reserved at once from the spare lot (not made from the recalled part).
        order = await session.get(SalesOrder, expected["waiting"])
        assert (order.status.value, order.needs_reallocation) == ("ALLOCATED", False)
        assert await check_invariants(session) == []
        spare_row = await session.get(Lot, pk(spare["id"]))
        assert spare_row.status.value == "RELEASED"
    stock = (await client.call("qa", """query($id: ID!) { node(id: $id) { ... on Lot {
        stock { onHand reserved } } } }""", {"id": produced["id"]}))["node"]["stock"]
    assert stock == [{"onHand": 13, "reserved": 0}]

    # partner-b was not notified; partner-a acknowledges its own notice only.
    refused = await client.call("partner-b", ACKNOWLEDGE, {"id": recall["id"]})
    assert [e["code"] for e in refused["acknowledgeRecall"]["userErrors"]] == ["NOT_FOUND"]
    own = (await client.call("partner-a", ACKNOWLEDGE, {"id": recall["id"]}))["acknowledgeRecall"]
    assert [(n["customer"]["code"], n["acknowledgedBy"]["username"]) for n in
            own["recall"]["notices"]] == [("DIST-A", "partner-a")]

    # Staff record the other customer's acknowledgement on its behalf.
    missing = await client.call("sales", ACKNOWLEDGE, {"id": recall["id"]})
    assert [e["code"] for e in missing["acknowledgeRecall"]["userErrors"]] == ["INVALID"]
    on_behalf = {"id": recall["id"], "customer": expected["receiver"]}
    done = (await client.call("sales", ACKNOWLEDGE, on_behalf))["acknowledgeRecall"]
    notices = done["recall"]["notices"]
    assert {n["customer"]["code"] for n in notices} == expected["notified"]
    assert all(n["acknowledgedAt"] for n in notices)

    today = datetime.now(UTC).date()
    kpis = (await client.call("qa", KPIS, {"from": today.isoformat(),
                                            "to": today.isoformat()}))["kpis"]
    assert kpis["recallResponseHours"] is not None and kpis["recallResponseHours"] < 1


async def test_recall_needs_a_valid_signature_and_known_lots(quality: Quality, client: Client) -> None:
    lot = await quality.receive(await quality.product(), 5)
    data = await client.call("qa", INITIATE, {"input": {
        "lotIds": [lot["id"]], "reason": "x", "recallClass": "I",
        "signature": {"password": "wrong", "meaning": "Recall initiated"},
    }})
    assert [e["code"] for e in data["initiateRecall"]["userErrors"]] == ["SIGNATURE_INVALID"]
    data = await client.call("qa", INITIATE, {"input": {
        "lotIds": [lot["id"], to_global_id("Lot", 10**15)], "reason": "x", "recallClass": "I",
        "signature": {"password": "demo1234", "meaning": "Recall initiated"},
    }})
    assert [(e["code"], e["field"]) for e in data["initiateRecall"]["userErrors"]] == [
        ("NOT_FOUND", ["input", "lotIds", "1"])]
    body = await client.body("inspector", INITIATE, {"input": {
        "lotIds": [lot["id"]], "reason": "x", "recallClass": "I",
        "signature": {"password": "demo1234", "meaning": "Recall initiated"},
    }})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_kpis_are_computed_for_any_period(quality: Quality, client: Client) -> None:
    product = await quality.product()
    await quality.released_lot(product, 10)
    customer = await builders.make_customer(quality.sessionmaker, place=None, shelf_life_days=0)
    async with transaction(quality.sessionmaker) as session:
        late = await builders.shipped(session, customer.id, [(product["pk"], 1)])
        await shipping.confirm_delivery(
            session, actor=await builders.demo_actor(session, "warehouse"), shipment_id=late.id
        )
        # 400 days pass: the order was promised then and delivered a day late.
        now = datetime.now(UTC)
        await session.execute(update(SalesOrder).where(SalesOrder.id == late.order_id).values(
            promised_delivery_date=(now - timedelta(days=400)).date()))
        await session.execute(update(Shipment).where(Shipment.id == late.id).values(
            shipped_at=now - timedelta(days=400), delivered_at=now - timedelta(days=399)))
    day = (datetime.now(UTC) - timedelta(days=399)).date().isoformat()
    kpis = (await client.call("finance", KPIS, {"from": day, "to": day}))["kpis"]
    assert kpis["from"] == kpis["to"] == day
    assert kpis["onTimeDeliveryRate"] is not None and kpis["onTimeDeliveryRate"] < 1

    year = (await client.call("finance", KPIS, {"from": (utc_today() - timedelta(days=365))
                                                 .isoformat(), "to": utc_today().isoformat()}))[
        "kpis"]
    assert year["ordersCreated"] > 0 and float(year["revenue"]) > 0
    # Invoices of the year are open (the demo's and the tests'), so days are outstanding.
    assert year["daysSalesOutstanding"] is not None and year["daysSalesOutstanding"] > 0
    empty = (await client.call("finance", KPIS, {"from": "1990-01-01",
                                                  "to": "1990-12-31"}))["kpis"]
    assert empty == {"from": "1990-01-01", "to": "1990-12-31", "onTimeDeliveryRate": None,
                     "daysSalesOutstanding": None, "recallResponseHours": None,
                     "ordersCreated": 0, "revenue": "0.00"}
    body = await client.body("finance", KPIS, {"from": "2026-02-01", "to": "2026-01-01"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
