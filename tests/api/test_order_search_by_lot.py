"""`salesOrders(filter: {search})` finds an order by a lot or serial number it shipped, as well
as by its own number, within the caller's scope: a partner finds only its own."""

from tests.support.client import Client

SHIPPED = """{ salesOrders(first: 100) {
  edges { node { number customer { code }
    shipments { lines { lot { lotNumber } serials { serialNumber } } } } } } }"""
SEARCH = """query($q: String!) { salesOrders(first: 50, filter: { search: $q }) {
  edges { node { number } } } }"""


async def _found(client: Client, user: str, term: str) -> set[str]:
    data = await client.call(user, SEARCH, q=term)
    return {e["node"]["number"] for e in data["salesOrders"]["edges"]}


async def test_orders_are_found_by_shipped_lot_and_serial_in_scope(client: Client) -> None:
    orders = [e["node"] for e in (await client.call("admin", SHIPPED))["salesOrders"]["edges"]]
    by_lot: dict[str, set[tuple[str, str]]] = {}
    by_serial: dict[str, set[tuple[str, str]]] = {}
    for order in orders:
        for shipment in order["shipments"]:
            for line in shipment["lines"]:
                key = (order["number"], order["customer"]["code"])
                by_lot.setdefault(line["lot"]["lotNumber"], set()).add(key)
                for serial in line["serials"]:
                    by_serial.setdefault(serial["serialNumber"], set()).add(key)
    assert by_lot and by_serial, "the demo data ships lots and serials"

    # A lot that went to DIST-A only: partner-a finds the orders, partner-b none.
    lot, shipped_to = next(
        (lot, keys) for lot, keys in by_lot.items() if {c for _, c in keys} == {"DIST-A"}
    )
    numbers = {n for n, _ in shipped_to}
    assert numbers <= await _found(client, "sales", lot)
    assert numbers <= await _found(client, "partner-a", lot.lower())  # any case
    assert await _found(client, "partner-b", lot) == set()

    serial, to = next(iter(by_serial.items()))
    assert {n for n, _ in to} <= await _found(client, "sales", serial)
    # Order numbers still work as before, and a number that is nothing finds nothing.
    some = orders[0]["number"]
    assert some in await _found(client, "sales", some)
    assert await _found(client, "sales", "NO-SUCH-LOT-000") == set()
