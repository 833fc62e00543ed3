"""A shipment lists the returns recorded against it, so its page can show them after a reload."""

from tests.support import builders
from tests.support.documents import ERRORS, SHIP
from tests.support.flows import allocated_order
from tests.support.ids import gid

RETURN = f"""
mutation($input: RecordCustomerReturnInput!) {{
  recordCustomerReturn(input: $input) {{ customerReturn {{ number }} {ERRORS} }}
}}"""
SHIPMENT_RETURNS = """
query($id: ID!) { node(id: $id) { ... on Shipment {
  returns { number reason lines { quantity } holds { quantity status } creditNote { number } }
} } }"""


async def test_a_shipment_lists_its_returns_oldest_first(client, sessionmaker, consistent) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=6)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 5)])
    shipped = await client.call("warehouse", SHIP, input={"orderId": order["id"]})
    shipment_id = shipped["createShipment"]["shipment"]["id"]
    before = (await client.call("warehouse", SHIPMENT_RETURNS, id=shipment_id))["node"]
    assert before["returns"] == []

    numbers = []
    for quantity, reason in ((1, "Dented box"), (2, "Wrong size ordered")):
        result = (await client.call("warehouse", RETURN, input={
            "shipmentId": shipment_id, "reason": reason,
            "lines": [{"lotId": gid("Lot", lot.id), "quantity": quantity}],
        }))["recordCustomerReturn"]
        assert result["userErrors"] == []
        numbers.append(result["customerReturn"]["number"])

    listed = (await client.call("warehouse", SHIPMENT_RETURNS, id=shipment_id))["node"]["returns"]
    assert [r["number"] for r in listed] == numbers
    assert [(r["reason"], r["lines"][0]["quantity"]) for r in listed] == [
        ("Dented box", 1), ("Wrong size ordered", 2)]
    assert [[h["quantity"] for h in r["holds"]] for r in listed] == [[1], [2]]
    assert all(r["creditNote"] is None for r in listed)  # nothing was invoiced
