"""Trace follows genealogy to any depth in both directions with a fixed number of statements."""

import time

from backend.api.ids import to_global_id
from backend.db.models import LotComponent
from backend.domain.tx import transaction
from backend.enums import TrackingMode
from tests.support import builders
from tests.support.builders import today, unique
from tests.support.client import Client
from tests.support.documents import PRODUCE, TRACE
from tests.support.flows import Quality
from tests.support.server import LiveServer
from tests.support.sql import counting_statements

NEIGHBOURS = """query($id: ID!) { node(id: $id) { ... on Lot {
  components { id } consumedBy { id } } } }"""


def gid(lot) -> str:  # noqa: ANN001
    return to_global_id("Lot", lot.id)


async def test_forward_and_backward_trace_with_shipments_customers_and_suppliers(
    quality: Quality, client: Client,
) -> None:
    part_product = await quality.product()
    part = await quality.released_lot(part_product, 20)
    device_product = await quality.product(TrackingMode.SERIAL)
    device = (await client.call("warehouse", PRODUCE, {"input": {
        "productId": device_product["id"], "warehouseId": quality.warehouse_id,
        "lotNumber": unique("TD"), "manufacturedOn": today().isoformat(), "quantity": 2,
        "serialNumbers": ["T-1", "T-2"], "components": [{"lotId": part["id"], "quantity": 2}],
    }}))["recordProduction"]["lot"]
    assert (await quality.inspect(device["id"], kind="FINAL"))["userErrors"] == []
    assert (await quality.release(device["id"]))["userErrors"] == []
    hospital = await builders.make_customer(quality.sessionmaker, place=None, shelf_life_days=0)
    async with transaction(quality.sessionmaker) as session:
        shipment = await builders.shipped(session, hospital.id, [(device_product["pk"], 1)])
    numbers = (hospital.code, shipment.number)

    forward = (await client.call("qa", TRACE, {"id": part["id"], "direction": "FORWARD"}))["trace"]
    assert forward["root"] == {"id": part["id"]}
    assert {lot["id"] for lot in forward["lots"]} == {part["id"], device["id"]}
    assert {s["serialNumber"] for s in forward["serials"]} == {"T-1", "T-2"}
    assert [s["number"] for s in forward["shipments"]] == [numbers[1]]
    assert [c["code"] for c in forward["customers"]] == [numbers[0]]
    assert [s["code"] for s in forward["suppliers"]] == ["SUP-ALP"]

    backward = (await client.call("qa", TRACE, {"id": device["id"], "direction": "BACKWARD"}))[
        "trace"]
    assert {lot["id"] for lot in backward["lots"]} == {part["id"], device["id"]}
    assert [s["code"] for s in backward["suppliers"]] == ["SUP-ALP"]

    neighbours = (await client.call("qa", NEIGHBOURS, {"id": device["id"]}))["node"]
    assert neighbours["components"] == [{"id": part["id"]}]


async def test_deep_genealogy_costs_the_same_statements_as_a_shallow_one(
    quality: Quality, client: Client, live_server: LiveServer
) -> None:
    product = await quality.product()
    async with quality.sessionmaker() as session, session.begin():
        deep = await builders.genealogy_chain(session, product["pk"], 200)
        shallow = await builders.genealogy_chain(session, product["pk"], 2)

    async def run(lot, direction: str) -> tuple[dict, int, float]:  # noqa: ANN001
        with counting_statements(live_server.app) as statements:
            started = time.perf_counter()
            data = await client.call("qa", TRACE, {"id": gid(lot), "direction": direction})
            elapsed = time.perf_counter() - started
        # Background relays share the engine: count only what reads genealogy and lots.
        ours = [s for s in statements if "lot_components" in s or "FROM lots" in s]
        return data["trace"], len(ours), elapsed

    forward, deep_count, elapsed = await run(deep[0], "FORWARD")
    assert len(forward["lots"]) == 201
    backward, backward_count, _ = await run(deep[-1], "BACKWARD")
    assert len(backward["lots"]) == 201
    _, shallow_count, _ = await run(shallow[0], "FORWARD")
    assert deep_count == shallow_count == backward_count == 2  # the walk, then the lots
    assert elapsed < 2.0
    print(f"trace over 200 levels: {deep_count} statements, {elapsed * 1000:.1f} ms")

    # Lot.consumedBy walked level by level reaches the same lots.
    walked, frontier = {gid(deep[0])}, [gid(deep[0])]
    while frontier and len(walked) < 5:
        step = (await client.call("qa", NEIGHBOURS, {"id": frontier.pop()}))["node"]["consumedBy"]
        frontier += [lot["id"] for lot in step]
        walked |= {lot["id"] for lot in step}
    assert walked <= {lot["id"] for lot in forward["lots"]} and len(walked) == 5


async def test_a_cycle_in_bad_data_does_not_hang_the_trace(quality: Quality, client: Client) -> None:
    product = await quality.product()
    async with quality.sessionmaker() as session, session.begin():
        a, b, c = await builders.genealogy_chain(session, product["pk"], 2)
        session.add(LotComponent(lot_id=a.id, component_lot_id=c.id, quantity=1))  # c -> a
    for direction in ("FORWARD", "BACKWARD"):
        started = time.perf_counter()
        data = await client.call("qa", TRACE, {"id": gid(b), "direction": direction})
        assert {lot["id"] for lot in data["trace"]["lots"]} == {gid(a), gid(b), gid(c)}
        elapsed = (time.perf_counter() - started) * 1000
        print(f"trace {direction} over a 3-lot cycle: {elapsed:.1f} ms")


async def test_trace_is_for_staff_and_needs_a_lot(quality: Quality, client: Client) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 1, lot_number=unique("L"))
    body = await client.body("partner-a", TRACE, {"id": lot["id"], "direction": "FORWARD"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    missing = {"id": to_global_id("Lot", 10**15), "direction": "FORWARD"}
    body = await client.body("qa", TRACE, missing)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
