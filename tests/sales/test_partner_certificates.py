"""A partner reads a lot's certificate once the lot is shipped to it, not while it is only reserved."""

from sqlalchemy import select

from backend.db.models import Customer
from tests.support.builders import make_lot, make_product, warehouses
from tests.support.documents import SHIP
from tests.support.flows import allocated_order

LOT_DOCUMENTS = "query($id: ID!) { node(id: $id) { ... on Lot { lotNumber documents { kind } } } }"


async def test_certificates_follow_the_shipment_not_the_reservation(client, sessionmaker) -> None:
    product = await make_product(sessionmaker)
    sites = await warehouses(sessionmaker)
    await make_lot(sessionmaker, product, warehouse_id=sites["NL-RTM"], quantity=5)
    async with sessionmaker() as session:
        dist_a = await session.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
    order = await allocated_order(client, dist_a, [(product.id, 2)])
    lot_id = order["lines"][0]["allocations"][0]["lot"]["id"]

    staff = await client.call("qa", LOT_DOCUMENTS, id=lot_id)
    assert {d["kind"] for d in staff["node"]["documents"]} == {"RELEASE_CERTIFICATE"}
    reserved = await client.call("partner-a", LOT_DOCUMENTS, id=lot_id)
    assert reserved["node"]["documents"] == []

    shipped = await client.call("warehouse", SHIP, input={"orderId": order["id"]})
    assert shipped["createShipment"]["userErrors"] == []
    after = await client.call("partner-a", LOT_DOCUMENTS, id=lot_id)
    assert {d["kind"] for d in after["node"]["documents"]} == {"RELEASE_CERTIFICATE"}
