"""External builds are recorded by the warehouse and by QA; other roles may not."""

import pytest

from tests.support.builders import today as utc_today
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.documents import PRODUCE
from tests.support.flows import Quality

VIEWER = "{ viewer { permissions } }"


def _build(quality: Quality, product_id: str, component_id: str) -> dict:
    return {"input": {
        "productId": product_id, "warehouseId": quality.warehouse_id, "lotNumber": unique("QB"),
        "manufacturedOn": utc_today().isoformat(), "quantity": 3,
        "components": [{"lotId": component_id, "quantity": 2}],
    }}


@pytest.mark.parametrize("username", ["qa", "inspector"])
async def test_qa_roles_record_a_production(quality: Quality, client: Client, username: str) -> None:
    part = await quality.product()
    component = await quality.released_lot(part, 10)
    device = await quality.product()
    payload = (await client.call(username, PRODUCE, _build(quality, device["id"], component["id"])))[
        "recordProduction"]
    assert payload["userErrors"] == []
    assert payload["lot"]["status"] == "QUARANTINE"
    assert payload["lot"]["stock"] == [{"onHand": 3}]
    assert payload["lot"]["components"] == [{"id": component["id"],
                                             "lotNumber": component["lotNumber"]}]
    # The lots page offers "Record production…" from this permission.
    assert "stock.produce" in (await client.call(username, VIEWER))["viewer"]["permissions"]


@pytest.mark.parametrize("username", ["operator", "sales"])
async def test_other_roles_may_not_record_a_production(
    quality: Quality, client: Client, username: str,
) -> None:
    part = await quality.product()
    component = await quality.released_lot(part, 10)
    device = await quality.product()
    body = await client.body(username, PRODUCE, _build(quality, device["id"], component["id"]))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"] is None or body["data"].get("recordProduction") is None
    stock = (await client.call("qa", """query($id: ID!) { node(id: $id) { ... on Lot {
      stock { onHand } } } }""", {"id": component["id"]}))["node"]["stock"]
    assert stock == [{"onHand": 10}]
