"""Nonconformances hold what is suspect; QA decides (root cause, disposition) and closes,
both e-signed; while one is open neither the lot nor its holds are released."""

from sqlalchemy import select

from backend.db.models import AuditEvent, OutboxEvent
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.flows import Quality, allocated_order
from tests.support.ids import gid, pk

ERRORS = "userErrors { field message code }"
NC = """id number source status title rootCause disposition
  lot { status } holds { status scope quantity } closureSignature { meaning }
  inspection { result } notes { text author { username } }"""
OPEN = f"""mutation($input: OpenNonconformanceInput!) {{ openNonconformance(input: $input) {{
  nonconformance {{ {NC} }} {ERRORS} }} }}"""
NOTE = f"""mutation($input: AddNonconformanceNoteInput!) {{ addNonconformanceNote(input: $input) {{
  nonconformance {{ {NC} }} {ERRORS} }} }}"""
DECIDE = f"""mutation($input: DecideNonconformanceInput!) {{ decideNonconformance(input: $input) {{
  nonconformance {{ {NC} }} {ERRORS} }} }}"""
CLOSE = f"""mutation($input: CloseNonconformanceInput!) {{ closeNonconformance(input: $input) {{
  nonconformance {{ {NC} }} {ERRORS} }} }}"""
RELEASE_HOLD = f"""mutation($input: ReleaseQualityHoldInput!) {{
  releaseQualityHold(input: $input) {{ hold {{ status }} {ERRORS} }} }}"""
LOT = """query($id: ID!) { node(id: $id) { ... on Lot { status
  stock { onHand held available } moves { edges { node { kind quantity } } }
  nonconformances { number status } holds { status } } } }"""
SIGN = {"password": DEMO_PASSWORD, "meaning": "Decided"}


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def test_opening_needs_a_subject_and_a_title(quality: Quality, client: Client) -> None:
    nothing = (await client.call("sales", OPEN, input={
        "source": "INTERNAL", "title": "Odd smell", "description": "x"}))["openNonconformance"]
    assert codes(nothing) == [("INVALID", ["input"])]
    lot = await quality.released_lot(await quality.product(), 2)
    blank = (await client.call("sales", OPEN, input={
        "source": "INTERNAL", "title": " ", "description": "x", "lotId": lot["id"]}))
    assert codes(blank["openNonconformance"]) == [("INVALID", ["input", "title"])]
    assert (await client.call("warehouse", LOT, id=lot["id"]))["node"]["status"] == "RELEASED"


async def test_a_lot_nonconformance_holds_the_lot_until_decided_and_closed(
    quality: Quality, client: Client, sessionmaker
) -> None:
    lot = await quality.released_lot(await quality.product(), 10)
    opened = (await client.call("sales", OPEN, input={
        "source": "CUSTOMER_COMPLAINT", "title": "Cracked housing",
        "description": "Two reports from the field", "lotId": lot["id"]}))["openNonconformance"]
    assert opened["userErrors"] == []
    nc = opened["nonconformance"]
    assert nc["number"].startswith("NC-") and nc["status"] == "OPEN"
    assert nc["lot"]["status"] == "ON_HOLD"
    assert [(h["status"], h["scope"]) for h in nc["holds"]] == [("ACTIVE", "WHOLE_LOT")]
    noted = (await client.call("warehouse", NOTE, input={
        "nonconformanceId": nc["id"], "text": "Retained units inspected"}))
    assert noted["addNonconformanceNote"]["nonconformance"]["notes"] == [
        {"text": "Retained units inspected", "author": {"username": "warehouse"}}]

    hold_id = (await client.call("qa", """query($id: ID!) { node(id: $id) { ... on Lot {
      holds { id } } } }""", id=lot["id"]))["node"]["holds"][0]["id"]
    blocked = (await client.call("qa", RELEASE_HOLD, input={
        "holdId": hold_id, "signature": SIGN}))["releaseQualityHold"]
    assert codes(blocked) == [("NONCONFORMANCE_OPEN", ["input", "holdId"])]
    release = await quality.release(lot["id"])
    assert [e["code"] for e in release["userErrors"]] == ["NONCONFORMANCE_OPEN"]
    early = (await client.call("qa", CLOSE, input={
        "nonconformanceId": nc["id"], "signature": SIGN}))["closeNonconformance"]
    assert codes(early) == [("INVALID_TRANSITION", ["input", "nonconformanceId"])]

    refused = await client.body("inspector", DECIDE, input={
        "nonconformanceId": nc["id"], "rootCause": "Mould wear", "disposition": "USE_AS_IS",
        "signature": SIGN})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    no_cause = (await client.call("qa", DECIDE, input={
        "nonconformanceId": nc["id"], "rootCause": "  ", "disposition": "USE_AS_IS",
        "signature": SIGN}))["decideNonconformance"]
    assert codes(no_cause) == [("INVALID", ["input", "rootCause"])]
    decided = (await client.call("qa", DECIDE, input={
        "nonconformanceId": nc["id"], "rootCause": "Mould wear", "disposition": "USE_AS_IS",
        "signature": SIGN}))["decideNonconformance"]["nonconformance"]
    assert (decided["status"], decided["rootCause"], decided["disposition"]) == (
        "DISPOSITIONED", "Mould wear", "USE_AS_IS")
    assert decided["lot"]["status"] == "ON_HOLD"
    closed = (await client.call("qa", CLOSE, input={
        "nonconformanceId": nc["id"], "signature": {**SIGN, "meaning": "Closed"}}))
    closed = closed["closeNonconformance"]["nonconformance"]
    assert closed["status"] == "CLOSED" and closed["closureSignature"]["meaning"] == "Closed"
    assert closed["lot"]["status"] == "RELEASED"
    assert [h["status"] for h in closed["holds"]] == ["RELEASED"]

    async with sessionmaker() as session:
        actions = list(await session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_type == "Nonconformance",
                                            AuditEvent.entity_id == pk(nc["id"]))
            .order_by(AuditEvent.id)))
        events = list(await session.scalars(
            select(OutboxEvent.payload["status"].astext)
            .where(OutboxEvent.aggregate_type == "Nonconformance",
                   OutboxEvent.aggregate_id == pk(nc["id"])).order_by(OutboxEvent.id)))
    assert actions == ["nonconformance.opened", "nonconformance.noted",
                       "nonconformance.decided", "nonconformance.closed"]
    assert events == ["OPEN", "DISPOSITIONED", "CLOSED"]


async def test_scrap_posts_scrap_moves_for_the_held_units_only(
    quality: Quality, client: Client
) -> None:
    lot = await quality.released_lot(await quality.product(), 10)
    opened = (await client.call("warehouse", OPEN, input={
        "source": "INTERNAL", "title": "Wet cartons", "description": "Leak in bay 4",
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 3}))
    nc = opened["openNonconformance"]["nonconformance"]
    assert nc["lot"]["status"] == "RELEASED"
    assert [(h["scope"], h["quantity"]) for h in nc["holds"]] == [("QUANTITY", 3)]
    decided = (await client.call("qa", DECIDE, input={
        "nonconformanceId": nc["id"], "rootCause": "Roof leak", "disposition": "SCRAP",
        "signature": SIGN}))["decideNonconformance"]["nonconformance"]
    assert [h["status"] for h in decided["holds"]] == ["DISPOSED"]
    node = (await client.call("warehouse", LOT, id=lot["id"]))["node"]
    assert node["status"] == "RELEASED"
    assert [(b["onHand"], b["held"], b["available"]) for b in node["stock"]] == [(7, 0, 7)]
    assert ("SCRAP", -3) in [(e["node"]["kind"], e["node"]["quantity"])
                             for e in node["moves"]["edges"]]


async def test_a_failed_incoming_inspection_opens_one_and_use_as_is_accepts_it(
    quality: Quality, client: Client
) -> None:
    lot = await quality.receive(await quality.product(), 4)
    await quality.inspect(lot["id"], result="FAIL")
    node = (await client.call("qa", LOT, id=lot["id"]))["node"]
    assert node["status"] == "QUARANTINE"
    [nc_ref] = node["nonconformances"]
    ncs = (await client.call("qa", """{ nonconformances(source: [INCOMING_INSPECTION],
      status: [OPEN]) { edges { node { id number inspection { result } } } } }"""))
    [nc] = [e["node"] for e in ncs["nonconformances"]["edges"]
            if e["node"]["number"] == nc_ref["number"]]
    assert nc["inspection"]["result"] == "FAIL"
    await client.call("qa", DECIDE, input={"nonconformanceId": nc["id"],
                                           "rootCause": "Label misprint only",
                                           "disposition": "USE_AS_IS", "signature": SIGN})
    await client.call("qa", CLOSE, input={"nonconformanceId": nc["id"], "signature": SIGN})
    released = await quality.release(lot["id"])
    assert released["userErrors"] == [] and released["lot"]["status"] == "RELEASED"


async def test_a_customer_return_holds_only_the_returned_units(
    quality: Quality, client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=10)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 4)])
    shipped = (await client.call("warehouse", """mutation($input: CreateShipmentInput!) {
      createShipment(input: $input) { shipment { id } userErrors { code } } }""",
        input={"orderId": order["id"]}))["createShipment"]
    returned = (await client.call("warehouse", """mutation($input: RecordCustomerReturnInput!) {
      recordCustomerReturn(input: $input) { customerReturn { number
        lines { quantity lot { status } }
        nonconformance { source status customer { code } shipment { id } lot { lotNumber }
                         customerReturn { number } }
        holds { scope quantity status } } userErrors { code field } } }""", input={
        "shipmentId": shipped["shipment"]["id"], "reason": "Box crushed",
        "lines": [{"lotId": gid("Lot", lot.id), "quantity": 2}]}))["recordCustomerReturn"]
    assert returned["userErrors"] == []
    back = returned["customerReturn"]
    assert back["lines"] == [{"quantity": 2, "lot": {"status": "RELEASED"}}]
    assert back["holds"] == [{"scope": "QUANTITY", "quantity": 2, "status": "ACTIVE"}]
    nc = back["nonconformance"]
    assert (nc["source"], nc["status"], nc["customer"]["code"]) == (
        "CUSTOMER_RETURN", "OPEN", customer.code)
    assert nc["shipment"]["id"] == shipped["shipment"]["id"]
    assert nc["customerReturn"]["number"] == back["number"]
    node = (await client.call("warehouse", LOT, id=gid("Lot", lot.id)))["node"]
    # 6 left after shipping 4, 2 back and held: 6 available.
    assert [(b["onHand"], b["held"], b["available"]) for b in node["stock"]] == [(8, 2, 6)]
