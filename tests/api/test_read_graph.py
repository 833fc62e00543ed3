"""The read graph resolves real data: every root field, node(id), connections and filters."""

from datetime import UTC, datetime
from decimal import Decimal

from tests.support.client import Client

NODE_TYPES = """
{
  customers(first: 1) { edges { node { id } } }
  suppliers(first: 1) { edges { node { id } } }
  products(first: 1) { edges { node { id } } }
  warehouses { id }
  lots(first: 1, status: [RELEASED]) { edges { node { id release { id } serials(first: 1) { edges { node { id } } }
    inspections { id } moves(first: 1) { edges { node { id } } } documents { id } } } }
  salesOrders(first: 1, filter: {status: [SHIPPED, DELIVERED, INVOICED, CLOSED]}) {
    edges { node { id shipments { id } invoices { id } createdBy { id } } } }
  recalls(first: 1) { edges { node { id } } }
  journal(first: 1) { edges { node { id } } }
  auditTrail(first: 1) { edges { node { id } } }
}
"""


def ids_in(value: object) -> list[str]:
    if isinstance(value, dict):
        return [v for k, v in value.items() if k == "id"] + [
            i for v in value.values() for i in ids_in(v)
        ]
    if isinstance(value, list):
        return [i for v in value for i in ids_in(v)]
    return []


async def test_node_fetches_every_kind_of_object_by_its_id(client: Client) -> None:
    ids = ids_in(await client.call("admin", NODE_TYPES))
    assert len(ids) >= 15
    for node_id in ids:
        data = await client.call(
            "admin", "query($id: ID!) { node(id: $id) { __typename id } }", {"id": node_id}
        )
        assert data["node"] is not None and data["node"]["id"] == node_id, node_id


async def test_the_deep_walk_reaches_supplier_through_inspection(client: Client) -> None:
    data = await client.call(
        "admin",
        """{ salesOrders(first: 50, filter: {status: [SHIPPED, DELIVERED, INVOICED, CLOSED]}) { edges { node {
            number customer { name } subtotal taxTotal total
            lines { lineNumber quantity unitPrice lineTotal shippedQuantity product { sku gtin } }
            shipments { number status shippedAt warehouse { code }
              lines { quantity lot { lotNumber status expiresOn
                inspections { kind result inspector { username } } supplier { name } }
                serials { serialNumber status udi } } } } } } }""",
    )
    orders = [e["node"] for e in data["salesOrders"]["edges"]]
    assert orders
    lots = [line["lot"] for o in orders for s in o["shipments"] for line in s["lines"]]
    assert lots and all(lot["status"] for lot in lots)
    assert any(lot["supplier"] for lot in lots) or any(lot["inspections"] for lot in lots)
    for order in orders:
        assert sum(Decimal(line["lineTotal"]) for line in order["lines"]) == Decimal(
            order["subtotal"]
        )
    serials = [
        s for o in orders for sh in o["shipments"] for line in sh["lines"] for s in line["serials"]
    ]
    assert serials, "the walk reaches shipped serialised units"
    for serial in serials:
        assert serial["udi"].startswith("(01)") and f"(21){serial['serialNumber']}" in serial["udi"]


async def test_connections_page_without_gaps_or_repeats(client: Client) -> None:
    query = "query($after: String) { salesOrders(first: 3, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } }"
    seen: list[str] = []
    after = None
    while True:
        page = (await client.call("sales", query, {"after": after}))["salesOrders"]
        seen += [e["node"]["id"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]


async def test_sales_order_filter(client: Client) -> None:
    by_status = await client.call(
        "sales",
        "{ salesOrders(first: 100, filter: {status: [DRAFT, CANCELLED]}) { edges { node { status } } } }",
    )
    got = {e["node"]["status"] for e in by_status["salesOrders"]["edges"]}
    assert got == {"DRAFT", "CANCELLED"}

    recent = await client.call(
        "sales", "{ salesOrders(first: 1) { edges { node { number createdAt customer { id } } } } }"
    )
    target = recent["salesOrders"]["edges"][0]["node"]
    by_number = await client.call(
        "sales",
        "query($s: String) { salesOrders(filter: {search: $s}) { edges { node { number } } } }",
        {"s": target["number"][-6:].lower()},
    )
    assert target["number"] in [
        e["node"]["number"] for e in by_number["salesOrders"]["edges"]
    ]

    by_customer = await client.call(
        "sales",
        "query($c: ID) { salesOrders(first: 100, filter: {customerId: $c}) { edges { node { customer { id } } } } }",
        {"c": target["customer"]["id"]},
    )
    assert {e["node"]["customer"]["id"] for e in by_customer["salesOrders"]["edges"]} == {
        target["customer"]["id"]
    }

    window = await client.call(
        "sales",
        "query($f: DateTime, $t: DateTime) { salesOrders(first: 100, filter: {createdFrom: $f, createdTo: $t}) { edges { node { createdAt } } } }",
        {"f": target["createdAt"], "t": "2999-01-01T00:00:00+00:00"},
    )
    created = [e["node"]["createdAt"] for e in window["salesOrders"]["edges"]]
    assert created and all(c >= target["createdAt"] for c in created)


async def test_catalogue_stock_and_ledger_fields(client: Client) -> None:
    data = await client.call(
        "admin",
        """{ products(first: 20) { totalCount edges { node { sku gtin trackingMode deviceClass unitPrice taxRate
              availableQuantity stock { onHand reserved held available warehouse { code }
                lot { lotNumber status expiresOn } } } } }
            customers(first: 20) { edges { node { code creditLimit receivableBalance minRemainingShelfLifeDays } } }
            trialBalance { account debit credit balance } }""",
    )
    products = [e["node"] for e in data["products"]["edges"]]
    assert len(products) >= 8 and {p["trackingMode"] for p in products} == {"LOT", "SERIAL"}
    assert any(p["availableQuantity"] > 0 for p in products)
    for product in products:
        for balance in product["stock"]:
            # Available: released, unexpired lots only, less what is reserved and held.
            lot = balance["lot"]
            live = lot["status"] == "RELEASED" and (
                lot["expiresOn"] is None or lot["expiresOn"] >= datetime.now(UTC).date().isoformat()
            )
            unheld = balance["onHand"] - balance["reserved"] - balance["held"]
            assert balance["available"] == (unheld if live else 0) >= 0
    debit = sum(Decimal(a["debit"]) for a in data["trialBalance"])
    credit = sum(Decimal(a["credit"]) for a in data["trialBalance"])
    assert debit == credit > 0
    assert any(
        float(c["receivableBalance"]) > 0 for c in (e["node"] for e in data["customers"]["edges"])
    )


async def test_lot_genealogy_both_ways(client: Client) -> None:
    data = await client.call(
        "admin", "{ lots(first: 100) { edges { node { id components { id consumedBy { id } } } } } }"
    )
    made = [e["node"] for e in data["lots"]["edges"] if e["node"]["components"]]
    assert made, "the data holds lots made from component lots"
    for lot in made:
        for component in lot["components"]:
            assert lot["id"] in [c["id"] for c in component["consumedBy"]]


async def test_lookup_by_gtin_lot_and_serial(client: Client) -> None:
    data = await client.call(
        "admin",
        "{ lots(first: 50) { edges { node { lotNumber product { gtin } serials(first: 1) { edges { node { serialNumber } } } } } } }",
    )
    lot = next(e["node"] for e in data["lots"]["edges"] if e["node"]["serials"]["edges"])
    gtin, serial_number = lot["product"]["gtin"], lot["serials"]["edges"][0]["node"]["serialNumber"]
    found = await client.call(
        "admin",
        "query($g: String!, $l: String!, $s: String!) { lot(gtin: $g, lotNumber: $l) { lotNumber } serial(gtin: $g, serialNumber: $s) { serialNumber lot { lotNumber } } }",
        {"g": gtin, "l": lot["lotNumber"], "s": serial_number},
    )
    assert found["lot"]["lotNumber"] == lot["lotNumber"]
    assert found["serial"]["lot"]["lotNumber"] == lot["lotNumber"]


async def test_recall_with_notices(client: Client) -> None:
    data = await client.call(
        "admin",
        "{ recalls { totalCount edges { node { number status recallClass initiatedBy { username } rootLots { status } affectedLots { id } affectedShipments { number } notices { customer { code } acknowledgedAt } } } } }",
    )
    recall = data["recalls"]["edges"][0]["node"]
    assert recall["rootLots"] and all(lot["status"] == "RECALLED" for lot in recall["rootLots"])
    assert recall["notices"] and recall["affectedShipments"]
