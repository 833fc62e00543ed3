"""The batch record: steps in sequence with e-signed values, verification by another person,
out-of-limit values raising deviations; QA's review gating the release of the lots made,
deviation closure as a PRODUCTION nonconformance, and the device history record."""

import re

import pypdfium2 as pdfium

from backend.enums import Replenishment
from tests.production.conftest import Plant, codes
from tests.support.builders import today, unique
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.documents import INSPECT, RELEASE

RECORD = """status steps { sequence status comment values { value withinLimits
  parameter { code } deviation { number status } } performed { signer { username } }
  verified { signer { username } } }
  deviations { id number status disposition rationale closure { signer { username } }
    nonconformance { id } }
  review { approved comment signature { signer { displayName } } }
  document { kind title downloadUrl }"""
STEP = f"""mutation($input: RecordBatchStepInput!) {{ recordBatchStep(input: $input) {{
  batchRecord {{ {RECORD} }} userErrors {{ field message code }} }} }}"""
VERIFY = f"""mutation($input: VerifyBatchStepInput!) {{ verifyBatchStep(input: $input) {{
  batchRecord {{ {RECORD} }} userErrors {{ field message code }} }} }}"""
CLOSE = """mutation($input: CloseBatchDeviationInput!) { closeBatchDeviation(input: $input) {
  deviation { status disposition rationale closure { signer { username } } nonconformance { id } }
  userErrors { field message code } } }"""
REVIEW = f"""mutation($input: ReviewBatchRecordInput!) {{ reviewBatchRecord(input: $input) {{
  batchRecord {{ {RECORD} workOrder {{ status components {{ reservations {{ quantity }} }} }} }}
  userErrors {{ field message code }} }} }}"""
ISSUE = """mutation($id: ID!) { issueMaterial(input: {workOrderId: $id}) {
  userErrors { code } } }"""
OUTPUT = """mutation($input: RecordWorkOrderOutputInput!) { recordWorkOrderOutput(input: $input) {
  lot { id documents { kind title } } userErrors { field code message } } }"""
LOT_DOCS = """query($id: ID!) { node(id: $id) { ... on Lot { status workOrder { status }
  documents { kind title } } } }"""
STEPS = [
    {"sequence": 1, "title": "Torque check", "instructions": "Torque the housing screws.",
     "operationSequence": 10, "requiresVerification": True,
     "parameters": [{"code": "TQ", "name": "Torque", "kind": "NUMERIC", "unit": "Nm",
                     "min": "1.8", "max": "2.2"}]},
    {"sequence": 2, "title": "Leak test", "instructions": "Pressurise to 2 bar.",
     "parameters": [{"code": "LEAK", "name": "Leak", "kind": "PASS_FAIL"},
                    {"code": "NOTE", "name": "Operator note", "kind": "TEXT"}]},
]


def sign(meaning: str) -> dict:
    return {"password": DEMO_PASSWORD, "meaning": meaning}


def pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


async def test_steps_deviations_review_and_the_release_gate(
    plant: Plant, client: Client
) -> None:
    component = await plant.product()
    await plant.lot(component, 50)
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(finished, [(component, 1, "0")], batchSteps=STEPS)
    order = await plant.work_order(finished, 3)
    assert (await plant.release(order))["userErrors"] == []
    wo = order["id"]

    async def step(sequence: int, values: list[tuple[str, str]], comment: str | None = None,
                   user: str = "operator") -> dict:
        return (await client.call(user, STEP, input={
            "workOrderId": wo, "stepSequence": sequence, "comment": comment,
            "values": [{"code": c, "value": v} for c, v in values],
            "signature": sign("Step performed")}))["recordBatchStep"]

    assert codes(await step(2, [("LEAK", "PASS"), ("NOTE", "ok")])) == [
        ("INVALID_TRANSITION", ["input", "stepSequence"])]
    assert codes(await step(1, [("TQ", "two")])) == [("INVALID", ["input", "values", "0",
                                                                  "value"])]
    assert codes(await step(1, [("TQ", "2.5")])) == [("INVALID", ["input", "comment"])]
    done = await step(1, [("TQ", "2.5")], comment="Screw thread tight; re-torqued")
    assert done["userErrors"] == []
    [value] = done["batchRecord"]["steps"][0]["values"]
    assert value["value"] == "2.5" and value["withinLimits"] is False
    deviation = value["deviation"]
    assert re.fullmatch(rf"DEV-{today().year}-\d{{6}}", deviation["number"])
    assert deviation["status"] == "OPEN"
    assert done["batchRecord"]["steps"][0]["performed"]["signer"]["username"] == "operator"
    own = (await client.call("operator", VERIFY, input={
        "workOrderId": wo, "stepSequence": 1, "signature": sign("Verified")}))["verifyBatchStep"]
    assert codes(own) == [("SEPARATION_OF_DUTIES", ["input", "stepSequence"])]
    verified = (await client.call("inspector", VERIFY, input={
        "workOrderId": wo, "stepSequence": 1, "signature": sign("Verified")}))["verifyBatchStep"]
    assert verified["batchRecord"]["steps"][0]["status"] == "VERIFIED"
    assert (await step(2, [("LEAK", "PASS"), ("NOTE", "dry")]))["batchRecord"]["status"] == \
        "IN_PROGRESS"  # the work order is not completed yet

    early = (await client.call("qa", REVIEW, input={
        "workOrderId": wo, "approve": True, "signature": sign("Reviewed")}))["reviewBatchRecord"]
    assert codes(early) == [("BATCH_RECORD_INCOMPLETE", ["input", "workOrderId"])]
    assert (await client.call("operator", ISSUE, id=wo))["issueMaterial"]["userErrors"] == []
    made = (await client.call("operator", OUTPUT, input={
        "workOrderId": wo, "lotNumber": unique("FG"), "quantity": 3}))["recordWorkOrderOutput"]
    assert made["userErrors"] == [], made
    lot_id = made["lot"]["id"]
    inspected = (await client.call("inspector", INSPECT, {"input": {
        "lotId": lot_id, "kind": "FINAL", "result": "PASS", "sampleSize": 3,
        "defectsFound": 0}}))["recordInspection"]
    assert inspected["userErrors"] == []
    gated = (await client.call("qa", RELEASE, {"input": {
        "lotId": lot_id, "signature": sign("Released")}}))["releaseLot"]
    assert codes(gated) == [("BATCH_RECORD_NOT_REVIEWED", ["input", "lotId"])]
    blocked = (await client.call("qa", REVIEW, input={
        "workOrderId": wo, "approve": True, "signature": sign("Reviewed")}))["reviewBatchRecord"]
    assert codes(blocked) == [("BATCH_DEVIATION_OPEN", ["input", "workOrderId"])]
    current = (await client.call("qa", """query($n: String!) { workOrder(number: $n) {
      batchRecord { status deviations { id } } } }""", n=order["number"]))["workOrder"][
        "batchRecord"]
    assert current["status"] == "READY_FOR_REVIEW"  # the refusal changed nothing
    deviation_id = current["deviations"][0]["id"]
    by_operator = await client.body("operator", CLOSE, input={
        "deviationId": deviation_id, "disposition": "USE_AS_IS", "rationale": "x",
        "signature": sign("Closed")})
    assert by_operator["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    closed = (await client.call("qa", CLOSE, input={
        "deviationId": deviation_id, "disposition": "USE_AS_IS",
        "rationale": "Torque within the screw maker's tolerance", "signature": sign(
            "Deviation closed")}))["closeBatchDeviation"]
    assert closed["userErrors"] == [], closed
    assert closed["deviation"]["status"] == "CLOSED"
    assert closed["deviation"]["disposition"] == "USE_AS_IS"
    assert closed["deviation"]["closure"]["signer"]["username"] == "qa"
    assert closed["deviation"]["nonconformance"] is not None
    approved = (await client.call("qa", REVIEW, input={
        "workOrderId": wo, "approve": True, "comment": "Complete",
        "signature": sign("Batch record approved")}))["reviewBatchRecord"]
    assert approved["userErrors"] == [], approved
    record = approved["batchRecord"]
    assert record["status"] == "APPROVED" and record["review"]["approved"] is True
    assert record["review"]["signature"]["signer"]["displayName"] == "Dr. Katrin Vogel"
    assert record["workOrder"]["status"] == "CLOSED"
    assert record["document"]["kind"] == "BATCH_RECORD"
    again = (await client.call("qa", REVIEW, input={
        "workOrderId": wo, "approve": True, "signature": sign("Again")}))["reviewBatchRecord"]
    assert codes(again) == [("INVALID_TRANSITION", ["input", "workOrderId"])]
    lot = (await client.call("qa", LOT_DOCS, id=lot_id))["node"]
    assert ("BATCH_RECORD", f"Device history record {order['number']}") in [
        (d["kind"], d["title"]) for d in lot["documents"]]
    headers = {"authorization": f"Bearer {await client.token('qa')}"}
    pdf = (await client.http.get(record["document"]["downloadUrl"], headers=headers)).content
    text = pdf_text(pdf)
    for expected in (order["number"], "Torque: 2.5", "OUT OF LIMITS", "1.8 to 2.2 Nm",
                     deviation["number"], "USE_AS_IS", "Dr. Katrin Vogel", "Elif Yilmaz"):
        assert expected in text, expected
    released = (await client.call("qa", RELEASE, {"input": {
        "lotId": lot_id, "signature": sign("Released")}}))["releaseLot"]
    assert released["userErrors"] == [], released
