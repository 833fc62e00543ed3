"""A recall closes once every notice is acknowledged and every shipped unit is accounted for,
or with a justification; partners see and report their own lines only."""

from sqlalchemy import select

from backend.db.models import Customer, RecallNotice
from backend.domain.quality.reminders import remind_overdue
from backend.domain.tx import transaction
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.flows import allocated_order
from tests.support.ids import gid, pk

ERRORS = "userErrors { field message code }"
RECALL = """id number status reconciled closedAt closedBy { username } closureJustification
  closureSignature { meaning } ageHours hoursToAcknowledgement
  reconciliation { customer { code } lot { lotNumber } shipped returned destroyed used
                   confirmedOnHand outstanding }
  notices { customer { code } overdue remindersSent acknowledgementChannel
            acknowledgedByContact dueAt fieldSafetyNotice { kind downloadUrl } }"""
INITIATE = f"""mutation($input: InitiateRecallInput!) {{ initiateRecall(input: $input) {{
  recall {{ {RECALL} }} {ERRORS} }} }}"""
RECONCILE = f"""mutation($input: RecordRecallReconciliationInput!) {{
  recordRecallReconciliation(input: $input) {{ recall {{ {RECALL} }} {ERRORS} }} }}"""
ACK = f"""mutation($input: RecordRecallAcknowledgementInput!) {{
  recordRecallAcknowledgement(input: $input) {{ recall {{ {RECALL} }} {ERRORS} }} }}"""
PARTNER_ACK = f"""mutation($id: ID!) {{ acknowledgeRecall(recallId: $id) {{
  recall {{ {RECALL} }} {ERRORS} }} }}"""
CLOSE = f"""mutation($input: CloseRecallInput!) {{ closeRecall(input: $input) {{
  recall {{ {RECALL} }} {ERRORS} }} }}"""
OVERDUE = """{ overdueRecallNotices(first: 100) { edges { node { customer { code }
  recall { number } remindersSent } } } }"""
SHIP = """mutation($input: CreateShipmentInput!) { createShipment(input: $input) {
  shipment { id } userErrors { code } } }"""
SIGN = {"password": DEMO_PASSWORD, "meaning": "Recall closed"}


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def test_a_recall_is_reconciled_acknowledged_and_closed(
    client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=20)
    async with sessionmaker() as session:
        dist_a = await session.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
    hospital = await builders.make_customer(sessionmaker)
    for customer_id, quantity in ((dist_a, 5), (hospital.id, 3)):
        order = await allocated_order(client, customer_id, [(product.id, quantity)])
        shipped = await client.call("warehouse", SHIP, input={"orderId": order["id"]})
        assert shipped["createShipment"]["userErrors"] == []

    started = (await client.call("qa", INITIATE, input={
        "lotIds": [gid("Lot", lot.id)], "reason": "Sterility breach", "recallClass": "II",
        "acknowledgementDueDays": 0,
        "signature": {"password": DEMO_PASSWORD, "meaning": "Recall initiated"}}))
    recall = started["initiateRecall"]["recall"]
    lines = {line["customer"]["code"]: line for line in recall["reconciliation"]}
    assert (lines["DIST-A"]["shipped"], lines["DIST-A"]["outstanding"]) == (5, 5)
    assert (lines[hospital.code]["shipped"], lines[hospital.code]["outstanding"]) == (3, 3)
    assert recall["reconciled"] is False and recall["hoursToAcknowledgement"] is None
    assert all(n["overdue"] for n in recall["notices"])
    fsn = {n["customer"]["code"]: n["fieldSafetyNotice"] for n in recall["notices"]}
    assert {f["kind"] for f in fsn.values()} == {"FIELD_SAFETY_NOTICE"}
    partner = {"authorization": f"Bearer {await client.token('partner-a')}"}
    own_pdf = await client.http.get(fsn["DIST-A"]["downloadUrl"], headers=partner)
    assert own_pdf.status_code == 200 and own_pdf.content.startswith(b"%PDF-")
    others = await client.http.get(fsn[hospital.code]["downloadUrl"], headers=partner)
    assert others.status_code == 404
    suppliers = (await client.call("qa", """query($id: ID!) { node(id: $id) { ... on Recall {
      supplierNotices { supplier { code } lots { lotNumber } document { kind } } } } }""",
        id=recall["id"]))["node"]["supplierNotices"]
    assert [n["lots"] for n in suppliers] == [[{"lotNumber": lot.lot_number}]]
    overdue = (await client.call("qa", OVERDUE))["overdueRecallNotices"]["edges"]
    assert {"DIST-A", hospital.code} <= {e["node"]["customer"]["code"] for e in overdue
                                        if e["node"]["recall"]["number"] == recall["number"]}

    # The reminder job reminds each overdue notice at most once a day.
    for _ in range(2):
        async with transaction(sessionmaker) as session:
            await remind_overdue(session)
    async with sessionmaker() as session:
        sent = set(await session.scalars(select(RecallNotice.reminders_sent).where(
            RecallNotice.recall_id == pk(recall["id"]))))
    assert sent == {1}

    refused = (await client.call("qa", CLOSE, input={"recallId": recall["id"],
                                                     "signature": SIGN}))["closeRecall"]
    assert codes(refused) == [("RECALL_NOT_RECONCILED", ["input", "justification"])]
    too_many = (await client.call("partner-a", RECONCILE, input={
        "recallId": recall["id"], "lotId": gid("Lot", lot.id), "destroyed": 4,
        "used": 2}))["recordRecallReconciliation"]
    assert codes(too_many) == [("INVALID", ["input"])]
    own = (await client.call("partner-a", RECONCILE, input={
        "recallId": recall["id"], "lotId": gid("Lot", lot.id), "destroyed": 4, "used": 1}))
    seen = own["recordRecallReconciliation"]["recall"]
    # A partner sees its own line only.
    assert [(x["customer"]["code"], x["outstanding"]) for x in seen["reconciliation"]] == [
        ("DIST-A", 0)]
    other = (await client.call("partner-b", RECONCILE, input={
        "recallId": recall["id"], "lotId": gid("Lot", lot.id), "destroyed": 1}))
    assert [e["code"] for e in other["recordRecallReconciliation"]["userErrors"]] == ["NOT_FOUND"]
    replaced = (await client.call("sales", RECONCILE, input={
        "recallId": recall["id"], "customerId": gid("Customer", hospital.id),
        "lotId": gid("Lot", lot.id), "confirmedOnHand": 3}))
    assert replaced["recordRecallReconciliation"]["userErrors"] == []

    await client.call("partner-a", PARTNER_ACK, id=recall["id"])
    blank = (await client.call("sales", ACK, input={
        "recallId": recall["id"], "customerId": gid("Customer", hospital.id),
        "channel": "PHONE", "contactName": " "}))["recordRecallAcknowledgement"]
    assert codes(blank) == [("INVALID", ["input", "contactName"])]
    acked = (await client.call("sales", ACK, input={
        "recallId": recall["id"], "customerId": gid("Customer", hospital.id),
        "channel": "PHONE", "contactName": "Dr. Vos"}))["recordRecallAcknowledgement"]["recall"]
    channels = {n["customer"]["code"]: (n["acknowledgementChannel"], n["acknowledgedByContact"])
                for n in acked["notices"]}
    assert channels == {"DIST-A": ("PORTAL", None), hospital.code: ("PHONE", "Dr. Vos")}
    assert acked["reconciled"] is True and acked["hoursToAcknowledgement"] is not None

    forbidden = await client.body("sales", CLOSE, input={"recallId": recall["id"],
                                                         "signature": SIGN})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    closed = (await client.call("qa", CLOSE, input={"recallId": recall["id"],
                                                    "signature": SIGN}))["closeRecall"]["recall"]
    assert (closed["status"], closed["closedBy"]["username"]) == ("CLOSED", "qa")
    assert closed["closureSignature"]["meaning"] == "Recall closed"
    twice = (await client.call("qa", CLOSE, input={"recallId": recall["id"],
                                                   "signature": SIGN}))["closeRecall"]
    assert codes(twice) == [("INVALID_TRANSITION", ["input", "recallId"])]


async def test_an_unreconciled_recall_closes_with_a_justification(
    client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=5)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 2)])
    await client.call("warehouse", SHIP, input={"orderId": order["id"]})
    recall = (await client.call("qa", INITIATE, input={
        "lotIds": [gid("Lot", lot.id)], "reason": "Label error", "recallClass": "III",
        "signature": {"password": DEMO_PASSWORD, "meaning": "Recall initiated"}}))[
        "initiateRecall"]["recall"]
    assert not any(n["overdue"] for n in recall["notices"])  # class III: 7 days to answer
    blank = (await client.call("qa", CLOSE, input={"recallId": recall["id"], "signature": SIGN,
                                                   "justification": "  "}))["closeRecall"]
    assert codes(blank) == [("INVALID", ["input", "justification"])]
    none = (await client.call("qa", CLOSE, input={"recallId": recall["id"], "signature": SIGN,
                                                  "justification": None}))["closeRecall"]
    assert codes(none) == [("RECALL_NOT_RECONCILED", ["input", "justification"])]
    still = (await client.call("qa", """query($id: ID!) { node(id: $id) { ... on Recall {
      status closedAt } } }""", id=recall["id"]))["node"]
    assert still == {"status": "OPEN", "closedAt": None}
    closed = (await client.call("qa", CLOSE, input={
        "recallId": recall["id"], "signature": SIGN,
        "justification": "Customer ceased trading; units written off"}))["closeRecall"]
    assert closed["recall"]["status"] == "CLOSED"
    assert closed["recall"]["closureJustification"].startswith("Customer ceased")


async def _ship(client: Client, customer_id: int, lines: list[tuple[int, int]]) -> dict:
    order = await allocated_order(client, customer_id, lines)
    shipped = (await client.call("warehouse", SHIP, input={"orderId": order["id"]}))
    assert shipped["createShipment"]["userErrors"] == []
    return shipped["createShipment"]["shipment"]


def _lines(recall: dict) -> dict[tuple[str, str], tuple[int, ...]]:
    return {(x["customer"]["code"], x["lot"]["lotNumber"]): (
        x["shipped"], x["returned"], x["destroyed"], x["used"], x["confirmedOnHand"],
        x["outstanding"]) for x in recall["reconciliation"]}


async def test_reconciliation_per_customer_and_lot_counts_returns_and_replaces_figures(
    client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    first = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"],
                                    quantity=5, expires_in_days=100)
    second = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"],
                                     quantity=5, expires_in_days=200)
    one, two = await builders.make_customer(sessionmaker), await builders.make_customer(
        sessionmaker)
    shipment = await _ship(client, one.id, [(product.id, 7)])  # 5 of the first lot, 2 of the next
    await _ship(client, two.id, [(product.id, 2)])
    recall = (await client.call("qa", INITIATE, input={
        "lotIds": [gid("Lot", first.id), gid("Lot", second.id)], "reason": "Seal failure",
        "recallClass": "II",
        "signature": {"password": DEMO_PASSWORD, "meaning": "Recall initiated"}}))[
        "initiateRecall"]["recall"]
    a, b = first.lot_number, second.lot_number
    assert _lines(recall) == {(one.code, a): (5, 0, 0, 0, 0, 5), (one.code, b): (2, 0, 0, 0, 0, 2),
                              (two.code, b): (2, 0, 0, 0, 0, 2)}

    returned = (await client.call("warehouse", """mutation($input: RecordCustomerReturnInput!) {
      recordCustomerReturn(input: $input) { userErrors { code field } } }""", input={
        "shipmentId": shipment["id"], "reason": "Recalled",
        "lines": [{"lotId": gid("Lot", first.id), "quantity": 2}]}))["recordCustomerReturn"]
    assert returned["userErrors"] == []

    def reconcile(**figures: object) -> dict:
        return {"recallId": recall["id"], "customerId": gid("Customer", one.id),
                "lotId": gid("Lot", first.id), **figures}

    for name in ("destroyed", "used", "confirmedOnHand"):
        negative = (await client.call("sales", RECONCILE, input=reconcile(**{name: -1})))[
            "recordRecallReconciliation"]
        assert codes(negative) == [("INVALID", ["input", name])]
    recorded = (await client.call("sales", RECONCILE, input=reconcile(destroyed=3)))[
        "recordRecallReconciliation"]["recall"]
    assert _lines(recorded)[(one.code, a)] == (5, 2, 3, 0, 0, 0)
    # Recorded again, the figures replace the first ones: added up they would exceed 5.
    again = (await client.call("sales", RECONCILE, input=reconcile(
        destroyed=1, used=0, confirmedOnHand=2)))["recordRecallReconciliation"]
    assert again["userErrors"] == []
    assert _lines(again["recall"]) == {
        (one.code, a): (5, 2, 1, 0, 2, 0), (one.code, b): (2, 0, 0, 0, 0, 2),
        (two.code, b): (2, 0, 0, 0, 0, 2)}


async def test_a_reconciled_recall_with_a_notice_unacknowledged_needs_a_justification(
    client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=5)
    one, two = await builders.make_customer(sessionmaker), await builders.make_customer(
        sessionmaker)
    await _ship(client, one.id, [(product.id, 2)])
    await _ship(client, two.id, [(product.id, 1)])
    recall = (await client.call("qa", INITIATE, input={
        "lotIds": [gid("Lot", lot.id)], "reason": "Label error", "recallClass": "III",
        "signature": {"password": DEMO_PASSWORD, "meaning": "Recall initiated"}}))[
        "initiateRecall"]["recall"]
    for customer, figures in ((one, {"destroyed": 2}), (two, {"confirmedOnHand": 1})):
        done = (await client.call("sales", RECONCILE, input={
            "recallId": recall["id"], "customerId": gid("Customer", customer.id),
            "lotId": gid("Lot", lot.id), **figures}))["recordRecallReconciliation"]
        assert done["userErrors"] == []
    acked = (await client.call("sales", ACK, input={
        "recallId": recall["id"], "customerId": gid("Customer", one.id), "channel": "PHONE",
        "contactName": "Ms. Jansen"}))["recordRecallAcknowledgement"]["recall"]
    assert all(line["outstanding"] == 0 for line in acked["reconciliation"])
    assert acked["reconciled"] is False

    refused = (await client.call("qa", CLOSE, input={"recallId": recall["id"],
                                                     "signature": SIGN}))["closeRecall"]
    assert codes(refused) == [("RECALL_NOT_RECONCILED", ["input", "justification"])]
    await client.call("sales", ACK, input={
        "recallId": recall["id"], "customerId": gid("Customer", two.id), "channel": "EMAIL",
        "contactName": "Mr. de Boer"})
    closed = (await client.call("qa", CLOSE, input={"recallId": recall["id"],
                                                    "signature": SIGN}))["closeRecall"]
    assert closed["userErrors"] == [] and closed["recall"]["status"] == "CLOSED"
    assert closed["recall"]["closureJustification"] is None
