"""A recall pulls the root lots and everything made from them, frees their reservations and
notifies every customer who received affected units."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from backend.db.models import Customer, Lot, SalesOrder
from backend.schema.ids import from_global_id, to_global_id
from backend.seed.invariants import check_invariants
from tests.helpers import gql
from tests.quality import builders
from tests.quality.conftest import Quality, unique, utc_today
from tests.quality.test_goods_in import PRODUCE

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
    quality: Quality,
) -> None:
    part = await quality.released_lot(await quality.product(), 100)
    device_product = await quality.product()
    produced = (await quality.call("warehouse", PRODUCE, {"input": {
        "productId": device_product["id"], "warehouseId": quality.warehouse_id,
        "lotNumber": unique("D"), "manufacturedOn": utc_today().isoformat(), "quantity": 20,
        "components": [{"lotId": part["id"], "quantity": 40}],
    }}))["recordProduction"]["lot"]
    await quality.inspect(produced["id"], kind="FINAL")
    assert (await quality.release(produced["id"]))["userErrors"] == []
    spare = await quality.released_lot(device_product, 10)  # not made from the recalled part

    async with quality.sessionmaker() as session, session.begin():
        device = await session.get(Lot, pk(produced["id"]))
        other = await session.get(Lot, pk(spare["id"]))
        receiver, reserver, bystander = [await builders.customer(session) for _ in range(3)]
        dist_a = await session.scalar(select(Customer).where(Customer.code == "DIST-A"))
        wh = quality.warehouse_pk
        order, line = await builders.order(session, receiver.id, device.product_id, 5)
        shipped = await builders.ship(session, order, line, device, wh, 5)
        order, line = await builders.order(session, dist_a.id, device.product_id, 2)
        to_partner = await builders.ship(session, order, line, device, wh, 2)
        waiting, line = await builders.order(session, reserver.id, device.product_id, 3)
        await builders.allocate(session, waiting, line, device, wh, 3)
        order, line = await builders.order(session, bystander.id, device.product_id, 1)
        await builders.ship(session, order, line, other, wh, 1)
        expected = {"shipments": {shipped.number, to_partner.number},
                    "notified": {receiver.code, "DIST-A"}, "waiting": waiting.id,
                    "receiver": to_global_id("Customer", receiver.id)}

    data = await quality.call("qa", INITIATE, {"input": {
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
        order = await session.get(SalesOrder, expected["waiting"])
        assert (order.status.value, order.needs_reallocation) == ("APPROVED", True)
        assert await check_invariants(session) == []
        spare_row = await session.get(Lot, pk(spare["id"]))
        assert spare_row.status.value == "RELEASED"
    stock = (await quality.call("qa", """query($id: ID!) { node(id: $id) { ... on Lot {
        stock { onHand reserved } } } }""", {"id": produced["id"]}))["node"]["stock"]
    assert stock == [{"onHand": 13, "reserved": 0}]

    # partner-b was not notified; partner-a acknowledges its own notice only.
    refused = await quality.call("partner-b", ACKNOWLEDGE, {"id": recall["id"]})
    assert [e["code"] for e in refused["acknowledgeRecall"]["userErrors"]] == ["NOT_FOUND"]
    own = (await quality.call("partner-a", ACKNOWLEDGE, {"id": recall["id"]}))["acknowledgeRecall"]
    assert [(n["customer"]["code"], n["acknowledgedBy"]["username"]) for n in
            own["recall"]["notices"]] == [("DIST-A", "partner-a")]

    # Staff record the other customer's acknowledgement on its behalf.
    missing = await quality.call("sales", ACKNOWLEDGE, {"id": recall["id"]})
    assert [e["code"] for e in missing["acknowledgeRecall"]["userErrors"]] == ["INVALID"]
    on_behalf = {"id": recall["id"], "customer": expected["receiver"]}
    done = (await quality.call("sales", ACKNOWLEDGE, on_behalf))["acknowledgeRecall"]
    assert all(n["acknowledgedAt"] for n in done["recall"]["notices"])

    today = datetime.now(UTC).date()
    kpis = (await quality.call("qa", KPIS, {"from": today.isoformat(),
                                            "to": today.isoformat()}))["kpis"]
    assert kpis["recallResponseHours"] is not None and kpis["recallResponseHours"] < 1


async def test_recall_needs_a_valid_signature_and_known_lots(quality: Quality) -> None:
    lot = await quality.receive(await quality.product(), 5)
    data = await quality.call("qa", INITIATE, {"input": {
        "lotIds": [lot["id"]], "reason": "x", "recallClass": "I",
        "signature": {"password": "wrong", "meaning": "Recall initiated"},
    }})
    assert [e["code"] for e in data["initiateRecall"]["userErrors"]] == ["SIGNATURE_INVALID"]
    data = await quality.call("qa", INITIATE, {"input": {
        "lotIds": [lot["id"], to_global_id("Lot", 10**15)], "reason": "x", "recallClass": "I",
        "signature": {"password": "demo1234", "meaning": "Recall initiated"},
    }})
    assert [(e["code"], e["field"]) for e in data["initiateRecall"]["userErrors"]] == [
        ("NOT_FOUND", ["input", "lotIds", "1"])]
    body = await gql(quality.api, INITIATE, {"input": {
        "lotIds": [lot["id"]], "reason": "x", "recallClass": "I",
        "signature": {"password": "demo1234", "meaning": "Recall initiated"},
    }}, token=await quality.token("inspector"), expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_kpis_are_computed_for_any_period(quality: Quality) -> None:
    async with quality.sessionmaker() as session, session.begin():
        product = await quality.product()
        lot = await quality.released_lot(product, 10)
        row = await session.get(Lot, pk(lot["id"]))
        customer = await builders.customer(session)
        late, line = await builders.order(session, customer.id, row.product_id, 1,
                                          promised_in_days=-400)
        await builders.ship(session, late, line, row, quality.warehouse_pk, 1,
                            delivered_in_days=-399)
    day = (datetime.now(UTC) - timedelta(days=399)).date().isoformat()
    kpis = (await quality.call("finance", KPIS, {"from": day, "to": day}))["kpis"]
    assert kpis["from"] == kpis["to"] == day
    assert kpis["onTimeDeliveryRate"] is not None and kpis["onTimeDeliveryRate"] < 1

    year = (await quality.call("finance", KPIS, {"from": (utc_today() - timedelta(days=365))
                                                 .isoformat(), "to": utc_today().isoformat()}))[
        "kpis"]
    assert year["ordersCreated"] > 0 and float(year["revenue"]) > 0
    assert year["daysSalesOutstanding"] is not None and year["daysSalesOutstanding"] >= 0
    empty = (await quality.call("finance", KPIS, {"from": "1990-01-01",
                                                  "to": "1990-12-31"}))["kpis"]
    assert empty == {"from": "1990-01-01", "to": "1990-12-31", "onTimeDeliveryRate": None,
                     "daysSalesOutstanding": None, "recallResponseHours": None,
                     "ordersCreated": 0, "revenue": "0.00"}
    body = await gql(quality.api, KPIS, {"from": "2026-02-01", "to": "2026-01-01"},
                     token=await quality.token("finance"), expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
