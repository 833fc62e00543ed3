"""The production part of the demo data, as the planner, operator and QA find it."""

from tests.support.client import Client

DEMO = """{ workCenters { code hoursPerDay warehouse { code } }
  products(first: 100) { edges { node { sku bom { version status components { product { sku }
    scrapPercent } operations { workCenter { code } } batchSteps { requiresVerification } }
    bomVersions { version status effectiveTo } } } }
  workOrders(first: 50) { edges { node { number status late scheduledStart quantity
    product { sku } outputLots { lotNumber serials(first: 5) { edges { node { serialNumber
      components { serialNumber product { sku } } } } } documents { kind } }
    batchRecord { status document { kind } deviations { number status } } } } } }"""


async def test_the_demo_has_work_centres_boms_and_work_orders_in_every_state(
    client: Client
) -> None:
    data = await client.call("planner", DEMO)
    centers = {c["code"]: c for c in data["workCenters"]}
    assert {"ASSY-1", "TEST-1"} <= set(centers)
    assert centers["ASSY-1"]["hoursPerDay"] == "8.00"
    assert centers["TEST-1"]["warehouse"]["code"] == "DE-LEJ"
    pump = next(e["node"] for e in data["products"]["edges"] if e["node"]["sku"] == "PMP-VP300")
    assert [(v["version"], v["status"]) for v in pump["bomVersions"]] == [
        (2, "APPROVED"), (1, "SUPERSEDED")]
    bom = pump["bom"]
    assert bom["version"] == 2
    assert [(c["product"]["sku"], c["scrapPercent"]) for c in bom["components"]] == [
        ("CMP-BRD-01", "0.00"), ("CMP-HSG-02", "2.00"), ("CMP-DRV-03", "0.00")]
    assert [o["workCenter"]["code"] for o in bom["operations"]] == ["ASSY-1", "TEST-1"]
    assert any(s["requiresVerification"] for s in bom["batchSteps"])
    orders = [e["node"] for e in data["workOrders"]["edges"]
              if e["node"]["product"]["sku"] == "PMP-VP300"]
    assert {o["status"] for o in orders} >= {
        "PLANNED", "RELEASED", "IN_PROGRESS", "COMPLETED", "CLOSED", "CANCELLED"}
    ready = next(o for o in orders if any(lot["lotNumber"] == "VP3-2409"
                                          for lot in o["outputLots"]))
    assert ready["batchRecord"]["status"] == "READY_FOR_REVIEW"
    assert [d["status"] for d in ready["batchRecord"]["deviations"]] == ["OPEN"]
    closed = next(o for o in orders if o["status"] == "CLOSED")
    assert closed["batchRecord"]["document"]["kind"] == "BATCH_RECORD"
    [made] = closed["outputLots"]
    assert "BATCH_RECORD" in [d["kind"] for d in made["documents"]]
    for edge in made["serials"]["edges"]:
        assert [c["product"]["sku"] for c in edge["node"]["components"]] == ["CMP-DRV-03"]
    released = [o for o in orders if o["status"] == "RELEASED"]
    assert all(o["scheduledStart"] for o in released)
    assert any(o["late"] for o in released) and not all(o["late"] for o in released)
