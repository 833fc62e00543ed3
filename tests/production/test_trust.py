"""Trust around production: every change of a work order is pushed to `workOrderChanged`
as it commits and audited with before and after; a partner sees nothing of production,
its documents (the DHR) included."""

import asyncio
import json

from sqlalchemy import func, select

from backend.db.models import AuditEvent, BatchRecord, Document, OutboxEvent, WorkOrder
from backend.enums import DocumentKind
from backend.events import cursors
from tests.production.conftest import Plant
from tests.security.schema_walk import INTROSPECTION, Walk, client_schema
from tests.support.builders import unique
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.ids import gid, pk
from tests.support.server import LiveServer
from tests.support.ws import ws_connect

CHANGED = """subscription($id: ID) { workOrderChanged(workOrderId: $id) {
  cursor kind from to workOrder { number status completedQuantity } } }"""
CHANGED_AFTER = """subscription($id: ID, $after: String) {
  workOrderChanged(workOrderId: $id, after: $after) {
  cursor kind from to workOrder { number status completedQuantity } } }"""
ISSUE = """mutation($id: ID!) { issueMaterial(input: {workOrderId: $id}) { userErrors { code } } }"""
OUTPUT = """mutation($input: RecordWorkOrderOutputInput!) { recordWorkOrderOutput(input: $input) {
  lot { id } userErrors { code message } } }"""
STEP = """mutation($input: RecordBatchStepInput!) { recordBatchStep(input: $input) {
  userErrors { code } } }"""
VERIFY = """mutation($input: VerifyBatchStepInput!) { verifyBatchStep(input: $input) {
  userErrors { code } } }"""
REVIEW = """mutation($input: ReviewBatchRecordInput!) { reviewBatchRecord(input: $input) {
  userErrors { code } } }"""
STAFF_VIEW = """{ workOrders(first: 50) { edges { node { id number bomVersion { id }
  outputLots { id } batchRecord { id document { id downloadUrl } deviations { id number } } } } }
  workCenters { id code } }"""


def sign(meaning: str) -> dict:
    return {"password": DEMO_PASSWORD, "meaning": meaning}


async def test_release_issue_output_and_completion_are_pushed_as_they_commit(
    plant: Plant, client: Client, live_server: LiveServer, sessionmaker
) -> None:
    _, _, order = await plant.simple(quantity=2)
    async with sessionmaker() as s:
        latest = await s.scalar(select(func.coalesce(func.max(OutboxEvent.id), 0)))
    async with ws_connect(live_server.ws_url, await client.token("planner")) as ws:
        # From a cursor: nothing is missed however fast the first change commits.
        await ws.subscribe(CHANGED_AFTER, {"id": order["id"], "after": cursors.encode(latest)})
        assert (await plant.release(order))["userErrors"] == []
        released = (await ws.next_data())["workOrderChanged"]
        assert (released["kind"], released["from"], released["to"]) == (
            "RELEASED", "PLANNED", "RELEASED")
        issued = await client.call("operator", ISSUE, id=order["id"])
        assert issued["issueMaterial"]["userErrors"] == []
        moved = (await ws.next_data())["workOrderChanged"]
        assert (moved["kind"], moved["from"], moved["to"]) == (
            "MATERIAL_ISSUED", "RELEASED", "IN_PROGRESS")
        for quantity, status in ((1, "IN_PROGRESS"), (1, "COMPLETED")):
            made = (await client.call("operator", OUTPUT, input={
                "workOrderId": order["id"], "lotNumber": unique("FG"),
                "quantity": quantity}))["recordWorkOrderOutput"]
            assert made["userErrors"] == [], made
            change = (await ws.next_data())["workOrderChanged"]
            assert (change["kind"], change["from"], change["to"]) == (
                "OUTPUT_RECORDED", "IN_PROGRESS", status)
        assert change["workOrder"] == {"number": order["number"], "status": "COMPLETED",
                                       "completedQuantity": 2}
        assert len({released["cursor"], moved["cursor"], change["cursor"]}) == 3
        assert await ws.silent(0.3)


async def test_every_change_of_a_work_order_is_audited_with_before_and_after(
    plant: Plant, client: Client, sessionmaker
) -> None:
    _, _, order = await plant.simple(quantity=1)
    wo = order["id"]
    assert (await plant.release(order))["userErrors"] == []
    assert (await client.call("operator", ISSUE, id=wo))["issueMaterial"]["userErrors"] == []
    assert (await client.call("operator", STEP, input={
        "workOrderId": wo, "stepSequence": 1, "values": [{"code": "TQ", "value": "2.0"}],
        "signature": sign("Step performed")}))["recordBatchStep"]["userErrors"] == []
    assert (await client.call("inspector", VERIFY, input={
        "workOrderId": wo, "stepSequence": 1, "signature": sign("Step verified")}))[
        "verifyBatchStep"]["userErrors"] == []
    made = (await client.call("operator", OUTPUT, input={
        "workOrderId": wo, "lotNumber": unique("FG"), "quantity": 1}))["recordWorkOrderOutput"]
    assert made["userErrors"] == []
    assert (await client.call("qa", REVIEW, input={
        "workOrderId": wo, "approve": True, "signature": sign("Batch record approved")}))[
        "reviewBatchRecord"]["userErrors"] == []

    async with sessionmaker() as s:
        record = await s.scalar(select(BatchRecord.id).where(BatchRecord.work_order_id == pk(wo)))
        trail = [(e.entity_type, e.action, e.changes, e.actor_id) for e in await s.scalars(
            select(AuditEvent).where(
                ((AuditEvent.entity_type == "WorkOrder") & (AuditEvent.entity_id == pk(wo)))
                | ((AuditEvent.entity_type == "BatchRecord") & (AuditEvent.entity_id == record)))
            .order_by(AuditEvent.id))]
    statuses = [tuple(c["status"]) for t, _, c, _ in trail
                if t == "WorkOrder" and "status" in c]
    assert statuses == [(None, "PLANNED"), ("PLANNED", "RELEASED"),
                        ("RELEASED", "IN_PROGRESS"), ("IN_PROGRESS", "COMPLETED"),
                        ("COMPLETED", "CLOSED")]
    released = next(c for t, _, c, _ in trail if t == "WorkOrder"
                    and c.get("status") == ["PLANNED", "RELEASED"])
    assert released["reserved"][0] is None and released["reserved"][1]  # what it reserved
    closed = next(c for t, _, c, _ in trail if c.get("status") == ["COMPLETED", "CLOSED"])
    assert "freed" in closed
    steps = [c for t, a, c, _ in trail if t == "BatchRecord"]
    assert {"step_1": [None, {"status": "DONE", "values": [["TQ", "2.0"]]}]} in steps
    assert {"step_1": ["DONE", "VERIFIED"]} in steps
    assert any(c.get("status") == ["READY_FOR_REVIEW", "APPROVED"] for c in steps)
    # Everything but the automatic READY_FOR_REVIEW step names who did it.
    assert all(actor is not None for t, a, c, actor in trail
               if c.get("status") != ["IN_PROGRESS", "READY_FOR_REVIEW"])


async def test_a_partner_sees_nothing_of_production_nor_the_dhr(
    client: Client, live_server: LiveServer, sessionmaker
) -> None:
    staff = await client.call("qa", STAFF_VIEW)
    orders = [e["node"] for e in staff["workOrders"]["edges"]]
    ids = {o["id"] for o in orders} | {o["bomVersion"]["id"] for o in orders}
    ids |= {c["id"] for c in staff["workCenters"]}
    numbers = {o["number"] for o in orders}
    dhr_urls = []
    for o in orders:
        record = o["batchRecord"]
        if record:
            ids.add(record["id"])
            ids |= {d["id"] for d in record["deviations"]}
            numbers |= {d["number"] for d in record["deviations"]}
            if record["document"]:
                ids.add(record["document"]["id"])
                dhr_urls.append(record["document"]["downloadUrl"])
    async with sessionmaker() as s:
        dhr_ids = list(await s.scalars(select(Document.id).where(
            Document.kind == DocumentKind.BATCH_RECORD)))
        produced = list(await s.scalars(select(WorkOrder.id)))
    assert dhr_urls and dhr_ids and produced
    ids |= {gid("Document", d) for d in dhr_ids}
    lots = {lot["id"] for o in orders for lot in o["outputLots"]}

    token = await client.token("partner-a")
    headers = {"authorization": f"Bearer {token}"}
    for url in dhr_urls:
        assert (await client.http.get(url, headers=headers)).status_code in (403, 404)
    schema = client_schema((await client.http.post("/graphql", json={
        "query": INTROSPECTION}, headers=headers)).json()["data"])
    # One id of each production type (and the DHRs) is tried wherever an id goes; every
    # one of them is looked for in the answers.
    tried = {o["id"] for o in orders[:1]} | {o["bomVersion"]["id"] for o in orders[:1]}
    tried |= {staff["workCenters"][0]["id"], *sorted(lots)[:1]}
    tried |= {gid("Document", d) for d in dhr_ids[:3]}
    tried |= {next(o["batchRecord"]["id"] for o in orders if o["batchRecord"])}
    tried |= {next(d["id"] for o in orders if o["batchRecord"]
                   for d in o["batchRecord"]["deviations"])}
    walk = Walk(schema, {"ID": sorted(tried), "number": [
        min(n for n in numbers if n.startswith(prefix)) for prefix in ("WO-", "DEV-")],
                         "Date": ["2026-01-01"], "String": ["VP3"], "Int": [1]}, steps=3)
    roots = {"node", "nodes", "workOrder", "workOrders", "workCenters", "productionSchedule",
             "batchDeviations", "products", "lots", "documents"}
    queries = [d.query for d in walk.documents() if d.path[0] in roots]
    assert len(queries) > 10
    needles = ids | numbers | {"Device history record"}
    for start in range(0, len(queries), 16):
        batch = queries[start:start + 16]
        bodies = await asyncio.gather(*(client.http.post(
            "/graphql", json={"query": q}, headers=headers) for q in batch))
        for query, response in zip(batch, bodies, strict=True):
            body = response.json()
            codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
            assert "INTERNAL_SERVER_ERROR" not in codes, (query, body)
            data = json.dumps(body.get("data"))
            leaked = [n for n in needles if f'"{n}"' in data or (
                n == "Device history record" and n in data)]
            assert not leaked, f"partner-a saw {leaked} through:\n{query}"
    async with ws_connect(live_server.ws_url, token) as ws:
        await ws.subscribe(CHANGED)
        message = await ws.receive()
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


UPDATE_CENTER = """mutation($input: UpdateWorkCenterInput!) { updateWorkCenter(input: $input) {
  userErrors { code } } }"""


async def test_a_work_order_the_schedule_moves_is_pushed_as_rescheduled(
    plant: Plant, client: Client, live_server: LiveServer, sessionmaker
) -> None:
    _, _, order = await plant.simple(quantity=40)
    assert (await plant.release(order))["userErrors"] == []
    async with sessionmaker() as s:
        latest = await s.scalar(select(func.coalesce(func.max(OutboxEvent.id), 0)))
    async with ws_connect(live_server.ws_url, await client.token("planner")) as ws:
        await ws.subscribe(CHANGED_AFTER, {"id": order["id"], "after": cursors.encode(latest)})
        # Fewer hours a day on its work centre: it finishes later, though nobody touched it.
        cut = await client.call("planner", UPDATE_CENTER, input={
            "workCenterId": plant.center["id"], "hoursPerDay": "2"})
        assert cut["updateWorkCenter"]["userErrors"] == []
        moved = (await ws.next_data())["workOrderChanged"]
        assert (moved["kind"], moved["from"], moved["to"]) == (
            "RESCHEDULED", "RELEASED", "RELEASED")
        assert moved["workOrder"]["number"] == order["number"]
        assert await ws.silent(0.3)
