"""Holds at the grain of the suspicion: held units stay on hand, out of what is available,
and reservations they covered are re-made at once from other released stock."""

from backend.enums import TrackingMode
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.flows import Quality, allocated_order
from tests.support.ids import gid

ERRORS = "userErrors { field message code }"
HOLD = f"""mutation($input: PlaceQualityHoldInput!) {{ placeQualityHold(input: $input) {{
  hold {{ id number scope status quantity lot {{ status }} warehouse {{ code }}
          affectedOrders {{ number }} }} {ERRORS} }} }}"""
RELEASE_HOLD = f"""mutation($input: ReleaseQualityHoldInput!) {{
  releaseQualityHold(input: $input) {{ hold {{ status releasedBy {{ username }}
  releaseSignature {{ meaning }} lot {{ status }} }} {ERRORS} }} }}"""
STOCK = """query($id: ID!) { node(id: $id) { ... on Product {
  availableQuantity
  stock { onHand reserved held available lot { lotNumber } }
  stockTotals { onHand released reserved available quarantine onHold recalled rejected expired }
} } }"""
ORDER = """query($id: ID!) { node(id: $id) { ... on SalesOrder { needsReallocation
  allocationIssues { reason quantity reallocatedQuantity lot { lotNumber } warehouse { code } }
  lines { allocations { quantity lot { lotNumber } warehouse { code } } } } } }"""
SIGNATURE = {"password": DEMO_PASSWORD, "meaning": "Hold released"}


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def test_a_quantity_hold_keeps_units_on_hand_but_out_of_reach(
    quality: Quality, client: Client
) -> None:
    product = await quality.product()
    lot = await quality.released_lot(product, 10)
    no_warehouse = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "quantity": 4, "reason": "Seal suspect"}))["placeQualityHold"]
    assert codes(no_warehouse) == [("INVALID", ["input", "warehouseId"])]
    too_many = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 11,
        "reason": "Seal suspect"}))["placeQualityHold"]
    assert codes(too_many) == [("INSUFFICIENT_STOCK", ["input", "quantity"])]
    blank = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 4,
        "reason": "  "}))["placeQualityHold"]
    assert codes(blank) == [("INVALID", ["input", "reason"])]

    placed = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 4,
        "reason": "Seal suspect"}))["placeQualityHold"]
    assert placed["userErrors"] == []
    hold = placed["hold"]
    assert hold["number"].startswith("HLD-") and (hold["scope"], hold["status"]) == (
        "QUANTITY", "ACTIVE")
    assert hold["quantity"] == 4 and hold["lot"]["status"] == "RELEASED"
    node = (await client.call("warehouse", STOCK, id=product["id"]))["node"]
    assert node["availableQuantity"] == 6
    assert [(b["onHand"], b["held"], b["available"]) for b in node["stock"]] == [(10, 4, 6)]
    assert node["stockTotals"] == {"onHand": 10, "released": 6, "reserved": 0, "available": 6,
                                   "quarantine": 0, "onHold": 4, "recalled": 0, "rejected": 0,
                                   "expired": 0}

    refused = await client.body("warehouse", RELEASE_HOLD, input={
        "holdId": hold["id"], "signature": SIGNATURE})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    wrong = (await client.call("qa", RELEASE_HOLD, input={
        "holdId": hold["id"], "signature": {**SIGNATURE, "password": "nope"}}))
    assert codes(wrong["releaseQualityHold"]) == [
        ("SIGNATURE_INVALID", ["input", "signature", "password"])]
    released = (await client.call("qa", RELEASE_HOLD, input={
        "holdId": hold["id"], "signature": SIGNATURE}))["releaseQualityHold"]
    assert released["hold"]["status"] == "RELEASED"
    assert released["hold"]["releasedBy"]["username"] == "qa"
    assert released["hold"]["releaseSignature"]["meaning"] == "Hold released"
    node = (await client.call("warehouse", STOCK, id=product["id"]))["node"]
    assert node["availableQuantity"] == 10 and node["stockTotals"]["onHold"] == 0
    again = (await client.call("qa", RELEASE_HOLD, input={
        "holdId": hold["id"], "signature": SIGNATURE}))["releaseQualityHold"]
    assert codes(again) == [("INVALID_TRANSITION", ["input", "holdId"])]


async def test_a_whole_lot_hold_puts_a_released_lot_on_hold_until_released(
    quality: Quality, client: Client
) -> None:
    product = await quality.product()
    lot = await quality.released_lot(product, 5)
    placed = (await client.call("qa", HOLD, input={
        "lotId": lot["id"], "reason": "Supplier alert"}))["placeQualityHold"]
    assert placed["hold"]["scope"] == "WHOLE_LOT"
    assert placed["hold"]["lot"]["status"] == "ON_HOLD"
    node = (await client.call("warehouse", STOCK, id=product["id"]))["node"]
    assert node["availableQuantity"] == 0
    assert (node["stockTotals"]["onHold"], node["stockTotals"]["released"]) == (5, 0)
    assert [b["available"] for b in node["stock"]] == [0]
    sales = await client.body("sales", HOLD, input={"lotId": lot["id"], "reason": "x"})
    assert sales["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    released = (await client.call("qa", RELEASE_HOLD, input={
        "holdId": placed["hold"]["id"], "signature": SIGNATURE}))["releaseQualityHold"]
    assert released["hold"]["lot"]["status"] == "RELEASED"


async def test_unknown_serials_and_ids_are_refused(quality: Quality, client: Client) -> None:
    product = await quality.product()
    lot = await quality.released_lot(product, 3)
    unknown = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "serialNumbers": ["NOPE-1"], "reason": "x"}))["placeQualityHold"]
    assert codes(unknown) == [("SERIAL_MISMATCH", ["input", "serialNumbers"])]
    missing = (await client.call("warehouse", HOLD, input={
        "lotId": gid("Lot", 10**9), "reason": "x"}))["placeQualityHold"]
    assert codes(missing) == [("NOT_FOUND", ["input", "lotId"])]
    wrong_type = (await client.call("warehouse", HOLD, input={
        "lotId": product["id"], "reason": "x"}))["placeQualityHold"]
    assert codes(wrong_type) == [("INVALID", ["input", "lotId"])]


async def test_a_serial_hold_takes_only_those_units(quality: Quality, client: Client) -> None:
    product = await quality.product(tracking=TrackingMode.SERIAL)
    lot = await quality.released_lot(product, 3, serials=["HS-1", "HS-2", "HS-3"])
    placed = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "serialNumbers": ["HS-2"], "reason": "Dropped"}))["placeQualityHold"]
    assert placed["userErrors"] == [] and placed["hold"]["quantity"] == 1
    node = (await client.call("warehouse", STOCK, id=product["id"]))["node"]
    assert node["availableQuantity"] == 2
    twice = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "serialNumbers": ["HS-2"], "reason": "Dropped"}))["placeQualityHold"]
    assert codes(twice) == [("SERIAL_MISMATCH", ["input", "serialNumbers"])]


async def test_a_hold_takes_reservations_and_reallocates_them_elsewhere(
    quality: Quality, client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    near = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=10)
    other = await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=10)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 6)])
    placed = (await client.call("warehouse", HOLD, input={
        "lotId": gid("Lot", near.id), "warehouseId": gid("Warehouse", wh["NL-RTM"]),
        "quantity": 8, "reason": "Crushed pallet"}))["placeQualityHold"]
    assert placed["userErrors"] == []
    assert placed["hold"]["affectedOrders"] == [{"number": order["number"]}]
    seen = (await client.call("sales", ORDER, id=order["id"]))["node"]
    assert seen["needsReallocation"] is False
    assert seen["allocationIssues"] == [{
        "reason": "LOT_ON_HOLD", "quantity": 6, "reallocatedQuantity": 6,
        "lot": {"lotNumber": near.lot_number}, "warehouse": {"code": "NL-RTM"}}]
    allocations = [a for line in seen["lines"] for a in line["allocations"]]
    # 2 unheld units stay at Rotterdam; the rest comes from the other lot.
    assert sum(a["quantity"] for a in allocations) == 6
    assert {a["lot"]["lotNumber"] for a in allocations} <= {near.lot_number, other.lot_number}
    near_units = sum(a["quantity"] for a in allocations if a["lot"]["lotNumber"] == near.lot_number)
    assert near_units <= 2


async def test_a_hold_with_no_other_stock_leaves_the_order_short_and_flagged(
    quality: Quality, client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=5)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 4)])
    placed = (await client.call("qa", HOLD, input={
        "lotId": gid("Lot", lot.id), "reason": "Supplier alert"}))["placeQualityHold"]
    assert placed["userErrors"] == []
    assert placed["hold"]["affectedOrders"] == [{"number": order["number"]}]
    seen = (await client.call("sales", ORDER, id=order["id"]))["node"]
    assert seen["needsReallocation"] is True
    assert seen["allocationIssues"] == [{
        "reason": "LOT_ON_HOLD", "quantity": 4, "reallocatedQuantity": 0,
        "lot": {"lotNumber": lot.lot_number}, "warehouse": {"code": "NL-RTM"}}]
    assert [a for line in seen["lines"] for a in line["allocations"]] == []
    node = (await client.call("warehouse", STOCK, id=gid("Product", product.id)))["node"]
    assert [(b["onHand"], b["reserved"], b["available"]) for b in node["stock"]] == [(5, 0, 0)]


async def test_reallocation_takes_the_nearest_warehouse_first_then_the_earliest_expiry(
    quality: Quality, client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)

    async def lot_at(code: str, quantity: int, days: int):
        return await builders.make_lot(sessionmaker, product, warehouse_id=wh[code],
                                       quantity=quantity, expires_in_days=days)

    suspect = await lot_at("NL-RTM", 4, 100)
    later = await lot_at("NL-RTM", 3, 300)
    sooner = await lot_at("NL-RTM", 3, 200)
    # Expires first of all, but further from the customer near Utrecht.
    far = await lot_at("DE-LEJ", 10, 60)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 4)])
    assert [(a["lot"]["lotNumber"], a["warehouse"]["code"], a["quantity"])
            for a in order["lines"][0]["allocations"]] == [(suspect.lot_number, "NL-RTM", 4)]

    placed = (await client.call("qa", HOLD, input={
        "lotId": gid("Lot", suspect.id), "reason": "Supplier alert"}))["placeQualityHold"]
    assert placed["userErrors"] == []
    seen = (await client.call("sales", ORDER, id=order["id"]))["node"]
    assert seen["needsReallocation"] is False
    assert [(i["reason"], i["quantity"], i["reallocatedQuantity"])
            for i in seen["allocationIssues"]] == [("LOT_ON_HOLD", 4, 4)]
    allocations = sorted((a["lot"]["lotNumber"], a["warehouse"]["code"], a["quantity"])
                         for line in seen["lines"] for a in line["allocations"])
    assert allocations == sorted([(sooner.lot_number, "NL-RTM", 3),
                                  (later.lot_number, "NL-RTM", 1)])
    assert far.lot_number not in {lot for lot, _, _ in allocations}
