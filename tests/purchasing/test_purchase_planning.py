"""Reorder points (min/max; 0/0 removes; max below min INVALID) and purchase planning: DRAFT
requisitions for open purchase backorders not yet covered and for available + on order
below min, up to max; run again, it adds nothing."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import ReplenishmentRequest
from backend.domain import numbering
from backend.enums import Replenishment, ReplenishmentStatus
from tests.purchasing.flow import (
    CREATE_PO,
    CREATE_REQUISITION,
    ERRORS,
    REQUISITION,
    codes,
    requisition_action,
    supplier_with_price,
)
from tests.support.builders import gid
from tests.support.client import Client
from tests.support.flows import Quality

SET_POINT = f"""mutation($input: SetReorderPointInput!) {{ setReorderPoint(input: $input) {{
  reorderPoint {{ id minQuantity maxQuantity availableQuantity onOrderQuantity
                  product {{ id }} warehouse {{ code }} }} {ERRORS} }} }}"""
PLAN = f"""mutation($input: RunPurchasePlanningInput!) {{ runPurchasePlanning(input: $input) {{
  requisitions {{ {REQUISITION} }} {ERRORS} }} }}"""
POINTS = """query($p: ID) { reorderPoints(productId: $p) { minQuantity maxQuantity } }"""


async def set_point(client: Client, quality: Quality, product: str, low: int, high: int,
                    username: str = "buyer") -> dict:
    return (await client.call(username, SET_POINT, input={
        "productId": product, "warehouseId": quality.warehouse_id, "minQuantity": low,
        "maxQuantity": high}))["setReorderPoint"]


async def test_reorder_points_are_set_checked_and_removed(client: Client,
                                                           quality: Quality) -> None:
    product = await quality.product()
    wrong = await set_point(client, quality, product["id"], 20, 10)
    assert codes(wrong) == [("INVALID", ["input", "maxQuantity"])]
    negative = await set_point(client, quality, product["id"], -1, 10)
    assert codes(negative) == [("INVALID", ["input", "minQuantity"])]
    forbidden = await client.body("sales", SET_POINT, input={
        "productId": product["id"], "warehouseId": quality.warehouse_id, "minQuantity": 1,
        "maxQuantity": 2})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await client.call("buyer", POINTS, p=product["id"]))["reorderPoints"] == []
    made = await set_point(client, quality, product["id"], 10, 40)
    assert made["userErrors"] == [] and made["reorderPoint"]["warehouse"] == {"code": "DE-LEJ"}
    changed = await set_point(client, quality, product["id"], 15, 45)
    assert changed["reorderPoint"]["id"] == made["reorderPoint"]["id"]
    assert (await client.call("buyer", POINTS, p=product["id"]))["reorderPoints"] == [
        {"minQuantity": 15, "maxQuantity": 45}]
    removed = await set_point(client, quality, product["id"], 0, 0)
    assert removed == {"reorderPoint": None, "userErrors": []}
    assert (await client.call("buyer", POINTS, p=product["id"]))["reorderPoints"] == []


async def test_planning_covers_backorders_and_shortfalls_once(
    client: Client, quality: Quality, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    short, backordered = await quality.product(), await quality.product()
    supplier = await supplier_with_price(client, short["id"], "2.50")
    await quality.released_lot(short, 30)
    order = (await client.call("buyer", CREATE_PO, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id,
        "lines": [{"productId": short["id"], "quantity": 10}]}))["createPurchaseOrder"]
    assert order["userErrors"] == []
    point = (await set_point(client, quality, short["id"], 50, 120))["reorderPoint"]
    assert point["availableQuantity"] == 30 and point["onOrderQuantity"] == 10
    async with sessionmaker() as s, s.begin():
        request = ReplenishmentRequest(
            number=await numbering.next_number(s, "RQ"), product_id=backordered["pk"],
            quantity=7, kind=Replenishment.PURCHASE, status=ReplenishmentStatus.OPEN)
        s.add(request)
        await s.flush()
        request_id = gid("ReplenishmentRequest", request.id)

    planned = (await client.call("buyer", PLAN, input={}))["runPurchasePlanning"]
    assert planned["userErrors"] == []
    lines = {line["product"]["id"]: (req, line) for req in planned["requisitions"]
             for line in req["lines"]}
    requisition, line = lines[short["id"]]
    assert requisition["status"] == "DRAFT"
    # 30 available + 10 on order is below 50: up to 120.
    assert (line["quantity"], line["source"]) == (80, "REORDER_POINT")
    assert line["supplier"]["code"].startswith("VND-") and line["estimatedUnitPrice"] == "2.50"
    _, cover = lines[backordered["id"]]
    assert (cover["quantity"], cover["source"]) == (7, "BACKORDER")
    assert cover["replenishmentRequest"]["id"] == request_id
    linked = (await client.call("buyer", """query($id: ID!) { node(id: $id) {
      ... on ReplenishmentRequest { status requisitionLine { quantity source } } } }""",
                                id=request_id))["node"]
    assert linked == {"status": "OPEN", "requisitionLine": {"quantity": 7, "source": "BACKORDER"}}
    after = (await client.call("buyer", POINTS, p=short["id"]))
    assert after["reorderPoints"] == [{"minQuantity": 50, "maxQuantity": 120}]

    again = (await client.call("buyer", PLAN, input={}))["runPurchasePlanning"]
    assert again == {"requisitions": [], "userErrors": []}
    assert (await client.body("warehouse", PLAN, input={}))["errors"][0]["extensions"][
        "code"] == "FORBIDDEN"


async def test_requisitions_by_hand(client: Client, quality: Quality,
                                    sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    product = await quality.product()
    dear = await supplier_with_price(client, product["id"], "9.00")
    cheap = await supplier_with_price(client, product["id"], "7.25")
    line = {"productId": product["id"], "warehouseId": quality.warehouse_id, "quantity": 4}
    bad = (await client.call("buyer", CREATE_REQUISITION, input={"lines": [
        {**line, "quantity": 0}, {**line, "neededBy": "2020-01-01"}]}))["createPurchaseRequisition"]
    assert codes(bad) == [("INVALID", ["input", "lines", "0", "quantity"]),
                          ("INVALID", ["input", "lines", "1", "neededBy"])]
    made = (await client.call("buyer", CREATE_REQUISITION, input={"lines": [
        line, {**line, "supplierId": dear}]}))["createPurchaseRequisition"]["requisition"]
    assert [(x["supplier"]["code"] is not None, x["estimatedUnitPrice"]) for x in made["lines"]] \
        == [(True, "7.25"), (True, "9.00")]
    assert made["estimatedTotal"] == "65.00" and cheap != dear
    blank = await requisition_action(client, "cancelPurchaseRequisition", made["id"], "")
    assert codes(blank) == [("INVALID", ["input", "reason"])]
    cancelled = await requisition_action(client, "cancelPurchaseRequisition", made["id"],
                                         "Bought elsewhere")
    assert cancelled["requisition"]["status"] == "CANCELLED"
    async with sessionmaker() as s, s.begin():
        request = ReplenishmentRequest(
            number=await numbering.next_number(s, "RQ"), product_id=product["pk"],
            quantity=3, kind=Replenishment.PURCHASE, status=ReplenishmentStatus.OPEN)
        s.add(request)
        await s.flush()
        request_id = gid("ReplenishmentRequest", request.id)
    covering = {**line, "quantity": 3, "replenishmentRequestId": request_id}
    first = (await client.call("buyer", CREATE_REQUISITION, input={"lines": [covering]}))
    assert first["createPurchaseRequisition"]["requisition"]["lines"][0]["source"] == "BACKORDER"
    twice = (await client.call("buyer", CREATE_REQUISITION, input={"lines": [covering]}))
    assert codes(twice["createPurchaseRequisition"]) == [
        ("DUPLICATE", ["input", "lines", "0", "replenishmentRequestId"])]
