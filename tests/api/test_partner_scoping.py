"""A partner distributor sees its own customer's data on every path, and nothing of DIST-B's."""

import json

import httpx
import pytest

from tests.api.conftest import admin_query
from tests.helpers import gql, login

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


def codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


@pytest.fixture
async def dist_b(api: httpx.AsyncClient) -> dict:
    """Ids of DIST-B's objects, as staff sees them."""
    customer = (await admin_query(api, DIST_B_CUSTOMER))["customers"]["edges"][0]["node"]
    data = await admin_query(api, DIST_B_DATA, {"c": customer["id"]})
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


@pytest.fixture
async def partner_a(api: httpx.AsyncClient) -> str:
    return await login(api, "partner-a")


async def test_order_lists_hold_only_own_orders(api, partner_a, dist_b) -> None:
    body = await gql(
        api,
        "{ salesOrders(first: 100) { totalCount edges { node { customer { code } } } } }",
        token=partner_a,
    )
    codes_seen = {e["node"]["customer"]["code"] for e in body["data"]["salesOrders"]["edges"]}
    assert codes_seen == {"DIST-A"}
    assert body["data"]["salesOrders"]["totalCount"] == len(body["data"]["salesOrders"]["edges"])


async def test_filtering_by_another_customer_finds_nothing(api, partner_a, dist_b) -> None:
    body = await gql(
        api,
        "query($c: ID!) { salesOrders(filter: {customerId: $c}) { totalCount edges { node { id } } } }",
        {"c": dist_b["customer"]["id"]},
        token=partner_a,
    )
    assert body["data"]["salesOrders"] == {"totalCount": 0, "edges": []}


async def test_sales_order_by_number_of_another_customer_is_null(api, partner_a, dist_b) -> None:
    for order in dist_b["orders"]:
        body = await gql(
            api,
            "query($n: String!) { salesOrder(number: $n) { id } }",
            {"n": order["number"]},
            token=partner_a,
        )
        assert body["data"]["salesOrder"] is None


async def test_node_of_every_dist_b_object_is_null(api, partner_a, dist_b) -> None:
    ids = [dist_b["customer"]["id"]]
    ids += [o["id"] for o in dist_b["orders"]] + [s["id"] for s in dist_b["shipments"]]
    ids += [i["id"] for i in dist_b["invoices"]] + [s["id"] for s in dist_b["serials"]]
    for node_id in ids:
        body = await gql(
            api, "query($id: ID!) { node(id: $id) { id } }", {"id": node_id}, token=partner_a
        )
        assert body["data"]["node"] is None, node_id


async def test_lots_shipped_only_to_dist_b_are_invisible(api, partner_a, dist_b) -> None:
    own = await gql(api, "{ lots(first: 100) { edges { node { id } } } }", token=partner_a)
    visible = {e["node"]["id"] for e in own["data"]["lots"]["edges"]}
    for lot in dist_b["lots"]:
        shipped_to = await admin_query(
            api,
            "query($id: ID!) { node(id: $id) { ... on Lot { shipments { order { customer { code } } } } } }",
            {"id": lot["id"]},
        )
        customers = {s["order"]["customer"]["code"] for s in shipped_to["node"]["shipments"]}
        if "DIST-A" in customers:
            continue
        assert lot["id"] not in visible
        body = await gql(
            api, "query($id: ID!) { node(id: $id) { id } }", {"id": lot["id"]}, token=partner_a
        )
        assert body["data"]["node"] is None


async def test_lot_shipments_and_serials_show_only_own(api, partner_a) -> None:
    body = await gql(
        api,
        """{ lots(first: 100) { edges { node { lotNumber
              shipments { order { customer { code } } }
              serials(first: 100) { edges { node { serialNumber shipment { order { customer { code } } } } } }
        } } } }""",
        token=partner_a,
    )
    lots = [e["node"] for e in body["data"]["lots"]["edges"]]
    assert lots, "partner-a received lots in the demo data"
    for lot in lots:
        assert {s["order"]["customer"]["code"] for s in lot["shipments"]} <= {"DIST-A"}
        for edge in lot["serials"]["edges"]:
            shipment = edge["node"]["shipment"]
            assert shipment is None or shipment["order"]["customer"]["code"] == "DIST-A"


async def test_customer_list_and_orders_of_own_customer(api, partner_a) -> None:
    body = await gql(
        api,
        "{ customers { edges { node { code orders(first: 100) { edges { node { customer { code } } } } } } } }",
        token=partner_a,
    )
    customers = [e["node"] for e in body["data"]["customers"]["edges"]]
    assert [c["code"] for c in customers] == ["DIST-A"]
    assert {o["node"]["customer"]["code"] for o in customers[0]["orders"]["edges"]} == {"DIST-A"}


async def test_invoices_are_only_own(api, partner_a) -> None:
    body = await gql(
        api, "{ invoices(first: 100) { edges { node { customer { code } } } } }", token=partner_a
    )
    assert {e["node"]["customer"]["code"] for e in body["data"]["invoices"]["edges"]} <= {"DIST-A"}


async def test_documents_are_own_certificates_only(api, partner_a) -> None:
    body = await gql(
        api,
        "{ lots(first: 100) { edges { node { documents { kind downloadUrl } } } } }",
        token=partner_a,
    )
    kinds = {d["kind"] for e in body["data"]["lots"]["edges"] for d in e["node"]["documents"]}
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
    ],
)
async def test_internal_records_are_forbidden(api, partner_a, query: str) -> None:
    body = await gql(api, query, token=partner_a, expect_errors=True)
    assert "FORBIDDEN" in codes(body)


async def test_no_dist_b_data_anywhere_in_a_broad_walk(api, partner_a, dist_b) -> None:
    body = await gql(
        api,
        """{ viewer { customer { code name } }
            customers { edges { node { id code name } } }
            salesOrders(first: 100) { edges { node { id number customer { id code }
              shipments { id number lots { id lotNumber } lines { serials { id serialNumber udi } } }
              invoices { id number } } } }
            invoices(first: 100) { edges { node { id number } } }
            recalls { edges { node { id notices { customer { code } } affectedShipments { id } } } }
        }""",
        token=partner_a,
    )
    text = json.dumps(body)
    assert "DIST-B" not in text
    forbidden_ids = [dist_b["customer"]["id"]] + [o["id"] for o in dist_b["orders"]]
    forbidden_ids += [s["id"] for s in dist_b["shipments"]] + [i["id"] for i in dist_b["invoices"]]
    for forbidden in forbidden_ids:
        assert forbidden not in text
