"""Nested lists cost one statement per level, not one per parent: a walk over many parents
runs as many statements as one over few, for staff and for partners alike."""

from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.domain.tx import transaction
from backend.enums import TrackingMode
from tests.support import builders
from tests.support.client import Client
from tests.support.documents import TRACE
from tests.support.ids import gid
from tests.support.server import LiveServer
from tests.support.sql import counting_statements

DEEP_WALK = """
query Deep($n: Int!) {
  salesOrders(first: $n, filter: {status: [SHIPPED, DELIVERED, INVOICED, CLOSED]}) { edges { node {
    customer { name }
    lines { product { sku } }
    shipments { lines {
      lot { lotNumber inspections { result inspector { username } } supplier { name } }
      serials { serialNumber } } }
  } } }
}
"""
MAX_STATEMENTS = 12

# What partners may read of a lot; staff read its genealogy, stock and quality records too.
# (Lot.serials is a connection per lot, one statement each: not part of these walks.)
PARTNER_LOT = """
  lotNumber status expiresOn product { sku gtin }
  shipments { number order { number customer { code } } lines { quantity serials { serialNumber } } }
  documents { kind }
  release { signature { meaning } }
"""
STAFF_LOT = PARTNER_LOT + """
  supplier { name }
  inspections { kind result inspector { username } }
  release { signature { signer { username } } certificate { kind } }
  components { lotNumber supplier { name } inspections { result } consumedBy { lotNumber } }
  consumedBy { lotNumber }
  stock { onHand reserved warehouse { code } }
"""
LOTS = "query($n: Int!, $p: ID!) { lots(first: $n, productId: $p) { edges { node { %s } } } }"
PARTNER_RECALL = """
  number status recallClass
  rootLots { lotNumber product { sku } }
  affectedLots { lotNumber status }
  affectedShipments { number order { number customer { code } }
                      lines { lot { lotNumber } serials { serialNumber } } }
  notices { customer { code } acknowledgedAt }
"""
STAFF_RECALL = PARTNER_RECALL + """
  initiatedBy { username }
  rootLots { supplier { name } inspections { result } consumedBy { lotNumber } }
  affectedLots { components { lotNumber } }
"""
RECALLS = "query($n: Int!) { recalls(first: $n) { edges { node { %s } } } }"
WIDE_TRACE = TRACE.replace("lots { id lotNumber }", """lots { id lotNumber product { sku }
  shipments { number order { customer { code } } } consumedBy { lotNumber } }""")

CHAINS = 6  # part lot -> device lot -> two shipments -> a recall of the part, six times over


@dataclass(frozen=True)
class Recalled:
    device_product: str
    roots: dict[int, str]  # trace roots by the number of lots made from them


@pytest.fixture(scope="module")
async def recalled(sessionmaker: async_sessionmaker[AsyncSession], demo_data: object) -> Recalled:
    """Lots with genealogy, shipments (to DIST-A and a hospital) and recalls, all alike; and
    two roots to trace, one consumed by one lot and one consumed by five."""
    wh = (await builders.warehouses(sessionmaker))["NL-RTM"]
    part = await builders.make_product(sessionmaker)
    device = await builders.make_product(sessionmaker, tracking=TrackingMode.SERIAL)
    hospital = await builders.make_customer(sessionmaker)
    parts = [
        await builders.make_lot(sessionmaker, part, warehouse_id=wh, quantity=10)
        for _ in range(CHAINS + 2)
    ]
    async with transaction(sessionmaker) as session:
        dist_a = (await builders.demo_actor(session, "partner-a")).customer_id
        for chain in parts[:CHAINS]:
            await builders.produced(
                session, device, warehouse_id=wh, quantity=2, components=[(chain.id, 2)]
            )
            # Earliest expiry first, then the lowest id: each order takes a unit of this lot.
            for customer_id in (dist_a, hospital.id):
                await builders.shipped(session, customer_id, [(device.id, 1)])
            await builders.recalled(session, [chain.id])
        narrow, wide = parts[CHAINS:]
        await builders.produced(
            session, part, warehouse_id=wh, quantity=1, components=[(narrow.id, 1)]
        )
        for _ in range(5):
            await builders.produced(
                session, part, warehouse_id=wh, quantity=1, components=[(wide.id, 1)]
            )
    return Recalled(gid("Product", device.id), {1: gid("Lot", narrow.id), 5: gid("Lot", wide.id)})


async def statements_for(
    server: LiveServer, client: Client, user: str, query: str, variables: dict
) -> tuple[int, dict]:
    await client.token(user)  # signing in is not part of the count
    with counting_statements(server.app) as statements:
        data = await client.call(user, query, variables)
    return len(statements), data


def edges(data: dict, field: str) -> list[dict]:
    return [edge["node"] for edge in data[field]["edges"]]


@pytest.mark.usefixtures("scale_data")
async def test_deep_walk_costs_the_same_statements_for_5_and_50_orders(
    client: Client, live_server: LiveServer
) -> None:
    counts = {}
    for n in (5, 50):
        counts[n], data = await statements_for(live_server, client, "admin", DEEP_WALK, {"n": n})
        assert len(data["salesOrders"]["edges"]) == n
        if n == 50:
            shipped = sum(len(s["lines"]) for o in edges(data, "salesOrders") for s in o["shipments"])
            assert shipped > 5, "the walk must reach shipments, lots and serials"
    print(f"deep walk SQL statements: {counts}")
    assert counts[5] == counts[50], counts
    assert counts[50] <= MAX_STATEMENTS, counts


@pytest.mark.parametrize(("user", "lot"), [("qa", STAFF_LOT), ("partner-a", PARTNER_LOT)])
async def test_lots_with_genealogy_shipments_and_releases_cost_the_same_for_2_and_6(
    client: Client, live_server: LiveServer, recalled: Recalled, user: str, lot: str
) -> None:
    counts = {}
    for n in (2, CHAINS):
        variables = {"n": n, "p": recalled.device_product}
        counts[n], data = await statements_for(live_server, client, user, LOTS % lot, variables)
        lots = edges(data, "lots")
        assert len(lots) == n
        # The walk reaches every level for every lot: the counts compare like with like.
        for node in lots:
            assert node["status"] == "RECALLED" and node["shipments"] and node["documents"]
            if user == "qa":
                assert len(node["components"]) == 1 and len(node["shipments"]) == 2
    print(f"lots as {user}: SQL statements {counts}")
    assert counts[2] == counts[CHAINS], counts


@pytest.mark.parametrize(
    ("user", "recall"), [("qa", STAFF_RECALL), ("partner-a", PARTNER_RECALL)]
)
async def test_recalls_with_lots_shipments_and_notices_cost_the_same_for_2_and_6(
    client: Client, live_server: LiveServer, recalled: Recalled, user: str, recall: str
) -> None:
    counts = {}
    for n in (2, CHAINS):
        counts[n], data = await statements_for(
            live_server, client, user, RECALLS % recall, {"n": n}
        )
        recalls = edges(data, "recalls")
        assert len(recalls) == n
        for node in recalls:  # the fixture's, newest first: each alike
            assert node["affectedShipments"] and node["notices"]
            if user == "qa":
                assert len(node["rootLots"]) == 1 and len(node["affectedLots"]) == 2
    print(f"recalls as {user}: SQL statements {counts}")
    assert counts[2] == counts[CHAINS], counts


async def test_a_trace_costs_the_same_for_one_lot_made_and_for_five(
    client: Client, live_server: LiveServer, recalled: Recalled
) -> None:
    counts = {}
    for made, root in recalled.roots.items():
        variables = {"id": root, "direction": "FORWARD"}
        counts[made], data = await statements_for(live_server, client, "qa", WIDE_TRACE, variables)
        assert len(data["trace"]["lots"]) == made + 1
    print(f"trace SQL statements: {counts}")
    assert counts[1] == counts[5], counts
