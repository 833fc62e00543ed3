"""What stock is worth: lots carry a cost, every stock move posts its value to Inventory
(1300) against the move's account, written-off lots leave Inventory, and
`inventoryValuation` equals account 1300 after every step of a whole flow."""

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import Lot
from backend.domain.actor import SYSTEM
from backend.domain.finance.valuation import produced_unit_cost
from backend.domain.inventory.lot_cost import set_standard_cost
from backend.domain.inventory.lot_status import change_lot_status
from backend.enums import AuditAction, LotStatus
from tests.quality.test_nonconformance import DECIDE, OPEN, SIGN
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.documents import DELIVER, INVOICE, SHIP
from tests.support.flows import allocated_order
from tests.support.ids import gid

D = Decimal
VALUATION = """query($w: ID, $after: String) { inventoryValuation(warehouseId: $w) {
  total ledgerBalance warehouses { warehouse { code } quantity value }
  rows(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { quantity unitCost value lot { lotNumber } warehouse { code } } } } } }"""
LOT_COST = """query($id: ID!) { node(id: $id) { ... on Lot { unitCost
  product { standardCost } valuationEntries { memo lines { account debit credit } } } } }"""
PRODUCT_COST = """query($id: ID!) { node(id: $id) { ... on Product { standardCost } } }"""
COGS = """query($id: ID!) { node(id: $id) { ... on Shipment {
  costOfSalesEntry { memo lines { account debit credit } } } } }"""
RETURN = """mutation($input: RecordCustomerReturnInput!) { recordCustomerReturn(input: $input) {
  customerReturn { number } userErrors { code message } } }"""
RETAIN = """mutation($input: RetainSampleInput!) { retainSample(input: $input) {
  sample { number } userErrors { code message } } }"""
RECALL = """mutation($input: InitiateRecallInput!) { initiateRecall(input: $input) {
  recall { number } userErrors { code message } } }"""


async def valuation(client: Client, user: str = "finance") -> dict:
    """The valuation with every row, page after page."""
    found = (await client.call(user, VALUATION))["inventoryValuation"]
    page = found["rows"]
    while page["pageInfo"]["hasNextPage"]:
        page = (await client.call(user, VALUATION, after=page["pageInfo"]["endCursor"])
                )["inventoryValuation"]["rows"]
        found["rows"]["edges"] += page["edges"]
    return found


def lot_rows(found: dict, lot_number: str) -> list[tuple[str, int, str, str]]:
    return [(e["node"]["warehouse"]["code"], e["node"]["quantity"], e["node"]["unitCost"],
             e["node"]["value"]) for e in found["rows"]["edges"]
            if e["node"]["lot"]["lotNumber"] == lot_number]


class Books:
    """The valuation and 1300 together: each step changes both by the same amount."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.total = D(0)

    async def start(self) -> None:
        found = await valuation(self.client)
        assert found["total"] == found["ledgerBalance"]
        self.total = D(found["total"])

    async def moved(self, by: str) -> dict:
        found = await valuation(self.client)
        assert found["total"] == found["ledgerBalance"], found
        assert D(found["total"]) - self.total == D(by)
        assert found["rows"]["totalCount"] == len(found["rows"]["edges"])
        assert sum(D(w["value"]) for w in found["warehouses"]) == D(found["total"])
        self.total = D(found["total"])
        return found


async def _standard_cost(sessionmaker: async_sessionmaker[AsyncSession], product_id: int,
                         cost: str) -> None:
    async with sessionmaker() as session, session.begin():
        await set_standard_cost(session, actor=SYSTEM, product_id=product_id,
                                standard_cost=D(cost))


async def test_valuation_equals_inventory_through_a_whole_flow(
    client: Client, sessionmaker: async_sessionmaker[AsyncSession], consistent: None
) -> None:
    books = Books(client)
    await books.start()
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="50.00")
    await _standard_cost(sessionmaker, product.id, "12.34")
    # receipt: no PO and no supplier price, so the standard cost; Dr 1300 / Cr 2150
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=20)
    found = await books.moved("246.80")
    assert lot_rows(found, lot.lot_number) == [("NL-RTM", 20, "12.34", "246.80")]
    node = (await client.call("finance", LOT_COST, id=gid("Lot", lot.id)))["node"]
    assert node["unitCost"] == "12.34" and node["product"]["standardCost"] == "12.34"
    assert {"account": "2150", "debit": "0.00", "credit": "246.80"} in \
        node["valuationEntries"][0]["lines"]

    # shipment: Dr 5000 / Cr 1300 at lot cost
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 5)])
    shipped = (await client.call("warehouse", SHIP, input={"orderId": order["id"]}))
    shipment = shipped["createShipment"]["shipment"]
    await books.moved("-61.70")
    cogs = (await client.call("finance", COGS, id=shipment["id"]))["node"]["costOfSalesEntry"]
    assert sorted((x["account"], x["debit"], x["credit"]) for x in cogs["lines"]) == [
        ("1300", "0.00", "61.70"), ("5000", "61.70", "0.00")]
    assert (await client.call("sales", COGS, id=shipment["id"]))["node"][
        "costOfSalesEntry"] is None

    # customer return: back into Inventory at cost
    await client.call("warehouse", DELIVER, id=shipment["id"])
    await client.call("finance", INVOICE, input={"orderId": order["id"]})
    back = (await client.call("warehouse", RETURN, input={
        "shipmentId": shipment["id"], "reason": "Wrong size ordered",
        "lines": [{"lotId": gid("Lot", lot.id), "quantity": 2}]}))["recordCustomerReturn"]
    assert back["userErrors"] == []
    await books.moved("24.68")

    # a retained sample and a scrapped quantity are written off to 5900
    sample = (await client.call("qa", RETAIN, input={
        "lotId": gid("Lot", lot.id), "warehouseId": gid("Warehouse", wh["NL-RTM"]),
        "quantity": 1, "location": "Retention room A"}))["retainSample"]
    assert sample["userErrors"] == []
    await books.moved("-12.34")
    nc = (await client.call("warehouse", OPEN, input={
        "source": "INTERNAL", "title": "Crushed cartons", "description": "Forklift damage",
        "lotId": gid("Lot", lot.id), "warehouseId": gid("Warehouse", wh["NL-RTM"]),
        "quantity": 3}))["openNonconformance"]["nonconformance"]
    decided = (await client.call("qa", DECIDE, input={
        "nonconformanceId": nc["id"], "rootCause": "Handling", "disposition": "SCRAP",
        "signature": SIGN}))["decideNonconformance"]
    assert decided["userErrors"] == []
    found = await books.moved("-37.02")
    assert lot_rows(found, lot.lot_number) == [("NL-RTM", 13, "12.34", "160.42")]

    # recall: what is left of the lot leaves Inventory
    recalled = (await client.call("qa", RECALL, input={
        "lotIds": [gid("Lot", lot.id)], "reason": "Sterility breach", "recallClass": "II",
        "signature": {"password": DEMO_PASSWORD, "meaning": "Recall initiated"}}))
    assert recalled["initiateRecall"]["userErrors"] == []
    found = await books.moved("-160.42")
    assert lot_rows(found, lot.lot_number) == []
    entries = (await client.call("finance", LOT_COST, id=gid("Lot", lot.id)))["node"][
        "valuationEntries"]
    assert {"account": "5900", "debit": "160.42", "credit": "0.00"} in entries[-1]["lines"]

    # expiry: another lot expires and is written off the same way
    other = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=4)
    await books.moved("49.36")
    async with sessionmaker() as session, session.begin():
        expiring = await session.get_one(Lot, other.id)
        await change_lot_status(session, expiring, LotStatus.EXPIRED, actor=SYSTEM,
                                action=AuditAction.LOT_EXPIRED, reason="expired")
    await books.moved("-49.36")


async def test_costs_are_staff_only(client: Client, sessionmaker, consistent) -> None:
    product = await builders.make_product(sessionmaker)
    await _standard_cost(sessionmaker, product.id, "7.00")
    assert (await client.call("sales", PRODUCT_COST, id=gid("Product", product.id)))[
        "node"]["standardCost"] == "7.00"
    partner = await client.body("partner-a", PRODUCT_COST, id=gid("Product", product.id))
    assert partner.get("data", {}).get("node") in (None, {"standardCost": None})
    for user in ("partner-a", "sales", "warehouse"):
        body = await client.body(user, VALUATION)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", user
    assert (await valuation(client, "buyer"))["total"] is not None


def test_a_made_lot_costs_its_components_over_the_quantity_made() -> None:
    # 12 boards at 38.50 and 12 housings at 17.20 make 12 pumps at 55.70 each
    assert produced_unit_cost([(12, D("38.50")), (12, D("17.20"))], 12) == D("55.70")
    # to the cent: 10.00 over 3 units is 3.33 (the rounding is posted with the batch)
    assert produced_unit_cost([(1, D("10.00"))], 3) == D("3.33")


PRODUCE = """mutation($input: RecordProductionInput!) { recordProduction(input: $input) {
  lot { id unitCost } userErrors { code message } } }"""


async def test_a_produced_lot_costs_the_components_consumed_over_the_quantity_made(
    client: Client, sessionmaker: async_sessionmaker[AsyncSession], consistent: None
) -> None:
    books = Books(client)
    await books.start()
    wh = await builders.warehouses(sessionmaker)
    board = await builders.make_product(sessionmaker)
    housing = await builders.make_product(sessionmaker)
    await _standard_cost(sessionmaker, board.id, "10.00")
    await _standard_cost(sessionmaker, housing.id, "5.01")
    boards = await builders.make_lot(sessionmaker, board, warehouse_id=wh["DE-LEJ"], quantity=5)
    housings = await builders.make_lot(sessionmaker, housing, warehouse_id=wh["DE-LEJ"],
                                       quantity=5)
    await books.moved("75.05")
    pump = await builders.make_product(sessionmaker, price="900.00")
    made = (await client.call("warehouse", PRODUCE, input={
        "productId": gid("Product", pump.id), "warehouseId": gid("Warehouse", wh["DE-LEJ"]),
        "lotNumber": f"P-{builders.tag()}", "manufacturedOn": builders.today().isoformat(),
        "quantity": 3, "components": [
            {"lotId": gid("Lot", boards.id), "quantity": 2},
            {"lotId": gid("Lot", housings.id), "quantity": 1}]}))["recordProduction"]
    assert made["userErrors"] == [], made
    # 2 x 10.00 + 1 x 5.01 = 25.01 over 3 made: 8.34 each (8.33666...), 0.01 rounding
    assert made["lot"]["unitCost"] == "8.34"
    await books.moved("0.01")
