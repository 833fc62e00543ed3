"""The demo set shows the quality loop: what QA opens on a fresh install."""

from tests.support.client import Client

QUERY = """{
  qualityHolds(first: 100, status: [ACTIVE]) { edges { node { scope lot { lotNumber status }
    nonconformance { source status } } } }
  capas(first: 20) { edges { node { number actions { status } } } }
  expiryAlerts(first: 100) { edges { node { lot { lotNumber } } } }
  overdueRecallNotices(first: 20) { edges { node { customer { code } recall { number } } } }
  retainedSamples(first: 20) { edges { node { lot { lotNumber } remainingQuantity
    pulls { quantity } } } }
  lots(first: 100, status: [EXPIRED]) { edges { node { lotNumber } } }
}"""
PLAN = """query($id: ID!) { inspectionPlan(productId: $id, kind: INCOMING) { version
  characteristics { code } } }"""


async def test_the_demo_set_shows_the_quality_loop(client: Client, demo_data) -> None:
    data = await client.call("qa", QUERY)
    holds = [e["node"] for e in data["qualityHolds"]["edges"]]
    assert any(h["scope"] == "QUANTITY" and h["lot"]["lotNumber"] == "CAN-2409"
               and h["lot"]["status"] == "RELEASED"
               and h["nonconformance"] == {"source": "CUSTOMER_RETURN", "status": "OPEN"}
               for h in holds)
    assert any(h["lot"] == {"lotNumber": "AED-2407", "status": "ON_HOLD"}
               and h["nonconformance"]["status"] == "OPEN" for h in holds)
    assert any(sorted(a["status"] for a in e["node"]["actions"]) == ["DONE", "OPEN"]
               for e in data["capas"]["edges"])
    assert "CAN-2305" in [e["node"]["lotNumber"] for e in data["lots"]["edges"]]
    assert data["expiryAlerts"]["edges"], "a lot expiring within 30 days is alerted"
    assert "HOSP-BER" in [e["node"]["customer"]["code"]
                          for e in data["overdueRecallNotices"]["edges"]]
    assert any(e["node"]["lot"]["lotNumber"] == "PGA-2402" and e["node"]["pulls"]
               for e in data["retainedSamples"]["edges"])
    products = await client.call("qa", """{ products(first: 100) { edges { node { id sku } } } }""")
    housing = next(e["node"]["id"] for e in products["products"]["edges"]
                   if e["node"]["sku"] == "CMP-HSG-02")
    plan = (await client.call("qa", PLAN, id=housing))["inspectionPlan"]
    assert plan["version"] >= 1 and [c["code"] for c in plan["characteristics"]] == [
        "BORE", "SEAL"]
