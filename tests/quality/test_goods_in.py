"""Goods in and production: new lots start in QUARANTINE, stock moves say why, serials add up."""

from datetime import date, timedelta

from backend.enums import TrackingMode
from tests.support.builders import today as utc_today
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.documents import PRODUCE, RECEIVE
from tests.support.flows import Quality

LOT_STOCK = """query($id: ID!) { node(id: $id) { ... on Lot { status stock { onHand reserved }
  consumedBy { id } moves(first: 50) { edges { node { kind quantity reference } } } } } }"""


async def test_receipt_creates_quarantined_lot_with_default_expiry(quality: Quality, client: Client) -> None:
    product = await quality.product(shelf_life_days=730)
    made = utc_today() - timedelta(days=10)
    data = await client.call("warehouse", RECEIVE, {"input": {
        "supplierId": quality.supplier_id, "warehouseId": quality.warehouse_id,
        "reference": "PO-77",
        "lines": [{"productId": product["id"], "lotNumber": "R-1", "quantity": 40,
                   "manufacturedOn": made.isoformat()}],
    }})
    (lot,) = data["receiveGoods"]["lots"]
    assert lot["status"] == "QUARANTINE"
    assert lot["expiresOn"] == (made + timedelta(days=730)).isoformat()
    assert lot["stock"] == [{"onHand": 40, "reserved": 0}]
    assert [e["node"] for e in lot["moves"]["edges"]] == [{"kind": "RECEIPT", "quantity": 40}]


async def test_serial_product_receives_exactly_quantity_unique_serials(quality: Quality) -> None:
    product = await quality.product(TrackingMode.SERIAL)
    lot = await quality.receive(product, 3, serials=["SN-1", "SN-2", "SN-3"], lot_number="S-1")
    assert lot["serials"]["totalCount"] == 3
    udis = {e["node"]["serialNumber"]: e["node"]["udi"] for e in lot["serials"]["edges"]}
    expiry = date.fromisoformat(lot["expiresOn"]).strftime("%y%m%d")
    assert udis["SN-2"] == f"(01){product['gtin']}(17){expiry}(10)S-1(21)SN-2"
    assert len(lot["moves"]["edges"]) == 3  # one RECEIPT per unit


async def test_serial_count_and_duplicates_are_refused(quality: Quality, client: Client) -> None:
    product = await quality.product(TrackingMode.SERIAL)
    await quality.receive(product, 1, serials=["DUP-1"])

    async def errors(quantity: int, serials: list[str] | None) -> list[dict]:
        data = await client.call("warehouse", RECEIVE, {"input": {
            "supplierId": quality.supplier_id, "warehouseId": quality.warehouse_id,
            "lines": [{"productId": product["id"], "lotNumber": unique("L"), "quantity": quantity,
                       "serialNumbers": serials}],
        }})
        assert data["receiveGoods"]["lots"] == []
        return data["receiveGoods"]["userErrors"]

    assert [e["code"] for e in await errors(3, ["A", "B"])] == ["SERIAL_MISMATCH"]
    assert [e["code"] for e in await errors(2, None)] == ["SERIAL_MISMATCH"]
    twice = await errors(2, ["X", "X"])
    assert [(e["code"], e["field"]) for e in twice] == [
        ("DUPLICATE", ["input", "lines", "0", "serialNumbers", "1"])]
    assert [e["code"] for e in await errors(1, ["DUP-1"])] == ["DUPLICATE"]


async def test_bad_receipts_leave_nothing_behind(quality: Quality, client: Client) -> None:
    product = await quality.product()
    lot_number = unique("L")
    data = await client.call("warehouse", RECEIVE, {"input": {
        "supplierId": quality.supplier_id, "warehouseId": quality.warehouse_id,
        "lines": [
            {"productId": product["id"], "lotNumber": lot_number, "quantity": 5},
            {"productId": product["id"], "lotNumber": unique("L"), "quantity": 0},
        ],
    }})
    assert [e["field"] for e in data["receiveGoods"]["userErrors"]] == [
        ["input", "lines", "1", "quantity"]]
    again = await quality.receive(product, 5, lot_number=lot_number)
    assert again["lotNumber"] == lot_number


async def test_receiving_needs_the_warehouse_role(quality: Quality, client: Client) -> None:
    product = await quality.product()
    body = await client.body("sales", RECEIVE, {"input": {
        "supplierId": quality.supplier_id, "warehouseId": quality.warehouse_id,
        "lines": [{"productId": product["id"], "lotNumber": "X", "quantity": 1}],
    }})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_production_consumes_released_components_and_records_genealogy(
    quality: Quality, client: Client,
) -> None:
    part = await quality.product()
    component = await quality.released_lot(part, 50)
    device = await quality.product(TrackingMode.SERIAL)
    number = unique("P")
    data = await client.call("warehouse", PRODUCE, {"input": {
        "productId": device["id"], "warehouseId": quality.warehouse_id, "lotNumber": number,
        "manufacturedOn": utc_today().isoformat(), "quantity": 2, "serialNumbers": ["U1", "U2"],
        "components": [{"lotId": component["id"], "quantity": 20}],
    }})
    payload = data["recordProduction"]
    assert payload["userErrors"] == []
    lot = payload["lot"]
    assert lot["status"] == "QUARANTINE"
    assert lot["components"] == [{"id": component["id"], "lotNumber": component["lotNumber"]}]
    assert lot["serials"]["totalCount"] == 2 and lot["stock"] == [{"onHand": 2}]
    source = (await client.call("admin", LOT_STOCK, {"id": component["id"]}))["node"]
    assert source["stock"] == [{"onHand": 30, "reserved": 0}]
    assert source["consumedBy"] == [{"id": lot["id"]}]
    assert {"kind": "CONSUMPTION", "quantity": -20, "reference": f"WO-{number}"} in [
        e["node"] for e in source["moves"]["edges"]]


async def test_production_refuses_unreleased_and_short_components(quality: Quality, client: Client) -> None:
    part = await quality.product()
    quarantined = await quality.receive(part, 10)
    released = await quality.released_lot(part, 10)
    device = await quality.product()

    async def errors(components: list[dict]) -> list[tuple[str, list[str]]]:
        data = await client.call("warehouse", PRODUCE, {"input": {
            "productId": device["id"], "warehouseId": quality.warehouse_id,
            "lotNumber": unique("P"), "manufacturedOn": utc_today().isoformat(), "quantity": 1,
            "components": components,
        }})
        assert data["recordProduction"]["lot"] is None
        return [(e["code"], e["field"]) for e in data["recordProduction"]["userErrors"]]

    assert await errors([{"lotId": quarantined["id"], "quantity": 1}]) == [
        ("LOT_NOT_RELEASED", ["input", "components", "0", "lotId"])]
    assert await errors([{"lotId": released["id"], "quantity": 11}]) == [
        ("INSUFFICIENT_STOCK", ["input", "components", "0", "quantity"])]
    stock = (await client.call("admin", LOT_STOCK, {"id": released["id"]}))["node"]["stock"]
    assert stock == [{"onHand": 10, "reserved": 0}]


async def test_a_repeated_receipt_with_the_same_key_receives_once(quality: Quality, client: Client) -> None:
    product = await quality.product()
    receipt = {"supplierId": quality.supplier_id, "warehouseId": quality.warehouse_id,
               "idempotencyKey": unique("K"),
               "lines": [{"productId": product["id"], "lotNumber": unique("L"), "quantity": 7}]}
    first = (await client.call("warehouse", RECEIVE, {"input": receipt}))["receiveGoods"]
    again = (await client.call("warehouse", RECEIVE, {"input": receipt}))["receiveGoods"]
    assert again["userErrors"] == [] and again["lots"] == first["lots"]
    assert again["lots"][0]["stock"] == [{"onHand": 7, "reserved": 0}]
    receipt["lines"][0]["quantity"] = 8
    changed = (await client.call("warehouse", RECEIVE, {"input": receipt}))["receiveGoods"]
    assert [e["code"] for e in changed["userErrors"]] == ["IDEMPOTENCY_KEY_REUSED"]
