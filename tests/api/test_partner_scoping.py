"""A partner distributor sees its own customer's data on every path, and nothing of DIST-B's."""

import json

import pytest
from sqlalchemy import select

from backend.db.models import Customer
from backend.domain.tx import transaction
from tests.support import builders
from tests.support.client import Client, codes
from tests.support.ids import gid

DIST_B_CUSTOMER = '{ customers(search: "DIST-B") { edges { node { id code } } } }'
DIST_B_DATA = """
query($c: ID!) {
  salesOrders(first: 100, filter: {customerId: $c}) {
    edges { node { id number customer { code }
      shipments { id lines { lot { id lotNumber } serials { id serialNumber } } }
      invoices { id number } documents { id } } }
  }
}
"""
NODE = "query($id: ID!) { node(id: $id) { id } }"


@pytest.fixture
async def dist_b(client: Client) -> dict:
    """Ids of DIST-B's objects, as staff sees them."""
    customer = (await client.call("admin", DIST_B_CUSTOMER))["customers"]["edges"][0]["node"]
    data = await client.call("admin", DIST_B_DATA, {"c": customer["id"]})
    orders = [
        e["node"] for e in data["salesOrders"]["edges"] if e["node"]["customer"]["code"] == "DIST-B"
    ]
    shipments = [s for o in orders for s in o["shipments"]]
    lots = {line["lot"]["id"]: line["lot"] for s in shipments for line in s["lines"]}
    serials = [serial for s in shipments for line in s["lines"] for serial in line["serials"]]
    assert orders and shipments and lots, "the demo data ships orders to DIST-B"
    return {
        "customer": customer,
        "orders": orders,
        "shipments": shipments,
        "lots": list(lots.values()),
        "serials": serials,
        "invoices": [i for o in orders for i in o["invoices"]],
    }


async def test_order_lists_hold_only_own_orders(client: Client, dist_b) -> None:
    data = await client.call(
        "partner-a",
        "{ salesOrders(first: 100) { totalCount edges { node { customer { code } } } } }",
    )
    codes_seen = {e["node"]["customer"]["code"] for e in data["salesOrders"]["edges"]}
    assert codes_seen == {"DIST-A"}
    assert data["salesOrders"]["totalCount"] == len(data["salesOrders"]["edges"])


async def test_filtering_by_another_customer_finds_nothing(client: Client, dist_b) -> None:
    data = await client.call(
        "partner-a",
        "query($c: ID!) { salesOrders(filter: {customerId: $c}) { totalCount edges { node { id } } } }",
        {"c": dist_b["customer"]["id"]},
    )
    assert data["salesOrders"] == {"totalCount": 0, "edges": []}


async def test_sales_order_by_number_of_another_customer_is_null(client: Client, dist_b) -> None:
    for order in dist_b["orders"]:
        data = await client.call(
            "partner-a",
            "query($n: String!) { salesOrder(number: $n) { id } }",
            {"n": order["number"]},
        )
        assert data["salesOrder"] is None


async def test_node_of_every_dist_b_object_is_null(client: Client, dist_b) -> None:
    ids = [dist_b["customer"]["id"]]
    ids += [o["id"] for o in dist_b["orders"]] + [s["id"] for s in dist_b["shipments"]]
    ids += [i["id"] for i in dist_b["invoices"]] + [s["id"] for s in dist_b["serials"]]
    for node_id in ids:
        data = await client.call("partner-a", NODE, {"id": node_id})
        assert data["node"] is None, node_id


async def test_lots_shipped_only_to_dist_b_are_invisible(client: Client, dist_b) -> None:
    own = await client.call("partner-a", "{ lots(first: 100) { edges { node { id } } } }")
    visible = {e["node"]["id"] for e in own["lots"]["edges"]}
    assert visible, "partner-a sees the lots shipped to it"
    checked = 0
    for lot in dist_b["lots"]:
        shipped_to = await client.call(
            "admin",
            "query($id: ID!) { node(id: $id) { ... on Lot { shipments { order { customer { code } } } } } }",
            {"id": lot["id"]},
        )
        customers = {s["order"]["customer"]["code"] for s in shipped_to["node"]["shipments"]}
        if "DIST-A" in customers:
            continue
        assert lot["id"] not in visible
        data = await client.call("partner-a", NODE, {"id": lot["id"]})
        assert data["node"] is None
        checked += 1
    assert checked, "the demo data ships lots to DIST-B only"


async def test_lot_shipments_and_serials_show_only_own(client: Client) -> None:
    data = await client.call(
        "partner-a",
        """{ lots(first: 100) { edges { node { lotNumber
              shipments { order { customer { code } } }
              serials(first: 100) { edges { node { serialNumber shipment { order { customer { code } } } } } }
        } } } }""",
    )
    lots = [e["node"] for e in data["lots"]["edges"]]
    assert lots, "partner-a received lots in the demo data"
    shipped_to = [s["order"]["customer"]["code"] for lot in lots for s in lot["shipments"]]
    serials_to = [
        edge["node"]["shipment"]["order"]["customer"]["code"]
        for lot in lots
        for edge in lot["serials"]["edges"]
        if edge["node"]["shipment"] is not None
    ]
    # Shipments and shipped serials are seen, and all of them are partner-a's own.
    assert shipped_to and set(shipped_to) == {"DIST-A"}
    assert serials_to and set(serials_to) == {"DIST-A"}


async def test_customer_list_and_orders_of_own_customer(client: Client) -> None:
    data = await client.call(
        "partner-a",
        "{ customers { edges { node { code orders(first: 100) { edges { node { customer { code } } } } } } } }",
    )
    customers = [e["node"] for e in data["customers"]["edges"]]
    assert [c["code"] for c in customers] == ["DIST-A"]
    assert {o["node"]["customer"]["code"] for o in customers[0]["orders"]["edges"]} == {"DIST-A"}


async def test_invoices_are_only_own(client: Client) -> None:
    data = await client.call(
        "partner-a", "{ invoices(first: 100) { edges { node { customer { code } } } } }"
    )
    # DIST-A was invoiced in the demo data: an empty list would prove nothing.
    assert {e["node"]["customer"]["code"] for e in data["invoices"]["edges"]} == {"DIST-A"}


async def test_documents_are_own_certificates_only(client: Client) -> None:
    data = await client.call(
        "partner-a", "{ lots(first: 100) { edges { node { documents { kind downloadUrl } } } } }"
    )
    kinds = {d["kind"] for e in data["lots"]["edges"] for d in e["node"]["documents"]}
    assert kinds, "partner-a sees the certificates of lots it received"
    assert kinds <= {"RELEASE_CERTIFICATE", "CERTIFICATE_OF_CONFORMITY"}


@pytest.mark.parametrize(
    "query",
    [
        "{ suppliers { totalCount } }",
        "{ journal { totalCount } }",
        "{ trialBalance { account } }",
        "{ auditTrail { totalCount } }",
        "{ lots(first: 5) { edges { node { inspections { result } } } } }",
        "{ lots(first: 5) { edges { node { moves { totalCount } } } } }",
        "{ lots(first: 5) { edges { node { supplier { name } } } } }",
        # The quality loop's records are staff business, at the root and on what partners see.
        "{ qualityHolds { totalCount } }",
        "{ nonconformances { totalCount } }",
        "{ capas { totalCount } }",
        "{ retainedSamples { totalCount } }",
        "{ expiryAlerts { totalCount } }",
        "{ inspectionTasks { totalCount } }",
        "{ overdueRecallNotices { totalCount } }",
        "{ lots(first: 5) { edges { node { holds { id } } } } }",
        "{ lots(first: 5) { edges { node { nonconformances { id } } } } }",
        "{ lots(first: 5) { edges { node { inspectionTasks { id } } } } }",
        "{ lots(first: 5) { edges { node { retainedSamples { id } } } } }",
        "{ lots(first: 5) { edges { node { expiryAlert { id } } } } }",
        "{ salesOrders(first: 5) { edges { node { allocationIssues { reason } } } } }",
    ],
)
async def test_internal_records_are_forbidden(client: Client, query: str) -> None:
    body = await client.body("partner-a", query)
    assert "FORBIDDEN" in codes(body)


async def test_a_recall_shows_a_partner_its_notice_but_not_the_supplier_notices(
    client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=4)
    async with transaction(sessionmaker) as session:
        dist_a = await session.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
        assert dist_a is not None
        await builders.shipped(session, dist_a, [(product.id, 2)])
        recall = await builders.recalled(session, [lot.id])
    query = """query($id: ID!) { node(id: $id) { ... on Recall { number
      notices { customer { code } } supplierNotices { supplier { code } } } } }"""
    staff = (await client.call("qa", query, id=gid("Recall", recall.id)))["node"]
    assert staff["supplierNotices"] == [{"supplier": {"code": builders.TEST_SUPPLIER}}]
    body = await client.body("partner-a", query, id=gid("Recall", recall.id))
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["path"][-1] == "supplierNotices"
    # The rest of the recall, its own notice, is still the partner's to see.
    seen = await client.body(
        "partner-a", """query($id: ID!) { node(id: $id) { ... on Recall { number
        notices { customer { code } } } } }""", id=gid("Recall", recall.id))
    assert seen["data"]["node"] == {"number": recall.number,
                                    "notices": [{"customer": {"code": "DIST-A"}}]}


async def test_no_dist_b_data_anywhere_in_a_broad_walk(client: Client, dist_b) -> None:
    data = await client.call(
        "partner-a",
        """{ viewer { customer { code name } }
            customers { edges { node { id code name } } }
            salesOrders(first: 100) { edges { node { id number customer { id code }
              shipments { id number lots { id lotNumber } lines { serials { id serialNumber udi } } }
              invoices { id number } } } }
            invoices(first: 100) { edges { node { id number } } }
            recalls { edges { node { id notices { customer { code } } affectedShipments { id } } } }
        }""",
    )
    # The walk reached partner-a's own orders, shipments and invoices...
    assert data["viewer"]["customer"]["code"] == "DIST-A"
    orders = [e["node"] for e in data["salesOrders"]["edges"]]
    assert orders and any(o["shipments"] for o in orders) and data["invoices"]["edges"]
    # ...and nothing of DIST-B's.
    text = json.dumps(data)
    assert "DIST-B" not in text
    forbidden_ids = [dist_b["customer"]["id"]] + [o["id"] for o in dist_b["orders"]]
    forbidden_ids += [s["id"] for s in dist_b["shipments"]] + [i["id"] for i in dist_b["invoices"]]
    for forbidden in forbidden_ids:
        # Whole ids: "SalesOrder:2" encodes as a prefix of "SalesOrder:27".
        assert f'"{forbidden}"' not in text
