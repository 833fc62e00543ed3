"""Inspection plans give receipts a task with the plan in force; results are checked against
it. Retained samples leave saleable stock and are pulled with a reason."""

from datetime import date, timedelta

from tests.support.builders import today
from tests.support.client import Client
from tests.support.flows import Quality

ERRORS = "userErrors { field message code }"
SET_PLAN = f"""mutation($input: SetInspectionPlanInput!) {{ setInspectionPlan(input: $input) {{
  plan {{ id version sampleSize characteristics {{ code kind lowerLimit upperLimit }} }}
  {ERRORS} }} }}"""
TASKS = """query($id: ID!) { node(id: $id) { ... on Lot { status
  inspectionTasks { id kind status plan { version } inspection { result } }
  nonconformances { source } } } }"""
RESULTS = f"""mutation($input: RecordInspectionResultsInput!) {{
  recordInspectionResults(input: $input) {{ inspection {{ result sampleSize defectsFound
    plan {{ version }} measurements {{ characteristic {{ code }} values passed withinLimits }} }}
  {ERRORS} }} }}"""
RETAIN = f"""mutation($input: RetainSampleInput!) {{ retainSample(input: $input) {{
  sample {{ id number quantity remainingQuantity retainUntil location
            pulls {{ quantity reason pulledBy {{ username }} }} }} {ERRORS} }} }}"""
PULL = f"""mutation($input: PullRetainedSampleInput!) {{ pullRetainedSample(input: $input) {{
  sample {{ remainingQuantity pulls {{ quantity reason }} }} {ERRORS} }} }}"""
LOT = """query($id: ID!) { node(id: $id) { ... on Lot { expiresOn stock { onHand available }
  moves { edges { node { kind quantity } } } retainedSamples { number } } } }"""
BORE = {"code": "BORE", "name": "Bore diameter", "kind": "MEASURED", "unit": "mm",
        "lowerLimit": "9.95", "upperLimit": "10.05"}
SEAL = {"code": "SEAL", "name": "Seal intact", "kind": "PASS_FAIL"}


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def test_a_plan_makes_receipts_tasks_and_computes_the_verdict(
    quality: Quality, client: Client
) -> None:
    product = await quality.product()
    bad = (await client.call("qa", SET_PLAN, input={
        "productId": product["id"], "kind": "INCOMING", "sampleSize": 3,
        "characteristics": [{**BORE, "lowerLimit": "11", "upperLimit": "10"}]}))
    assert codes(bad["setInspectionPlan"]) == [
        ("INVALID", ["input", "characteristics", "0", "lowerLimit"])]
    refused = await client.body("inspector", SET_PLAN, input={
        "productId": product["id"], "kind": "INCOMING", "sampleSize": 3,
        "characteristics": [BORE]})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for version in (1, 2):
        plan = (await client.call("qa", SET_PLAN, input={
            "productId": product["id"], "kind": "INCOMING", "sampleSize": 3,
            "characteristics": [BORE, SEAL]}))["setInspectionPlan"]["plan"]
        assert plan["version"] == version

    lot = await quality.receive(product, 20)
    [task] = (await client.call("qa", TASKS, id=lot["id"]))["node"]["inspectionTasks"]
    assert (task["kind"], task["status"], task["plan"]) == ("INCOMING", "PENDING", {"version": 2})
    short = (await client.call("inspector", RESULTS, input={"taskId": task["id"], "measurements": [
        {"code": "BORE", "values": ["10.00", "10.01"]}, {"code": "SEAL", "passed": True}]}))
    assert codes(short["recordInspectionResults"]) == [
        ("INVALID", ["input", "measurements", "0", "values"])]
    done = (await client.call("inspector", RESULTS, input={"taskId": task["id"], "measurements": [
        {"code": "BORE", "values": ["10.05", "10.06", "9.95"]},
        {"code": "SEAL", "passed": True}]}))["recordInspectionResults"]
    assert done["userErrors"] == []
    inspection = done["inspection"]
    # 10.05 and 9.95 are on the (inclusive) limits; 10.06 is out.
    assert (inspection["result"], inspection["defectsFound"]) == ("FAIL", 1)
    assert inspection["plan"] == {"version": 2}
    assert [(m["characteristic"]["code"], m["withinLimits"])
            for m in inspection["measurements"]] == [("BORE", False), ("SEAL", True)]
    node = (await client.call("qa", TASKS, id=lot["id"]))["node"]
    assert node["inspectionTasks"][0]["status"] == "DONE"
    assert node["nonconformances"] == [{"source": "INCOMING_INSPECTION"}]
    again = (await client.call("inspector", RESULTS, input={"taskId": task["id"],
                                                             "measurements": []}))
    assert codes(again["recordInspectionResults"]) == [("INVALID_TRANSITION",
                                                        ["input", "taskId"])]


async def test_retained_samples_leave_stock_and_are_pulled_with_a_reason(
    quality: Quality, client: Client
) -> None:
    lot = await quality.released_lot(await quality.product(), 10)
    expires_on = date.fromisoformat(
        (await client.call("qa", LOT, id=lot["id"]))["node"]["expiresOn"])
    too_many = (await client.call("qa", RETAIN, input={
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 11,
        "location": "Room B"}))["retainSample"]
    assert [e["code"] for e in too_many["userErrors"]] == ["INSUFFICIENT_STOCK"]
    none = (await client.call("qa", RETAIN, input={
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 0,
        "location": "Room B"}))["retainSample"]
    assert codes(none) == [("INVALID", ["input", "quantity"])]
    sample = (await client.call("qa", RETAIN, input={
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 3,
        "location": "Retention room B, shelf 3"}))["retainSample"]["sample"]
    assert sample["number"].startswith("RS-") and sample["remainingQuantity"] == 3
    assert sample["retainUntil"] == (expires_on + timedelta(days=365)).isoformat()
    node = (await client.call("qa", LOT, id=lot["id"]))["node"]
    assert [b["onHand"] for b in node["stock"]] == [7]
    assert ("SAMPLE", -3) in [(e["node"]["kind"], e["node"]["quantity"])
                              for e in node["moves"]["edges"]]
    assert node["retainedSamples"] == [{"number": sample["number"]}]
    blank = (await client.call("qa", PULL, input={"sampleId": sample["id"], "quantity": 1,
                                                  "reason": " "}))["pullRetainedSample"]
    assert codes(blank) == [("INVALID", ["input", "reason"])]
    pulled = (await client.call("qa", PULL, input={
        "sampleId": sample["id"], "quantity": 2, "reason": "Complaint investigation"}))
    assert pulled["pullRetainedSample"]["sample"]["remainingQuantity"] == 1
    beyond = (await client.call("qa", PULL, input={"sampleId": sample["id"], "quantity": 2,
                                                   "reason": "More tests"}))
    assert codes(beyond["pullRetainedSample"]) == [("INVALID", ["input", "quantity"])]
    listed = (await client.call("qa", """query($before: Date) {
      retainedSamples(retainUntilBefore: $before) { edges { node { number } } } }""",
        before=(today() + timedelta(days=365 * 5)).isoformat()))
    assert sample["number"] in [e["node"]["number"]
                                for e in listed["retainedSamples"]["edges"]]
