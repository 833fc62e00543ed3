"""Stock transfers between warehouses, and customer returns with credit notes."""

from decimal import Decimal

from backend.enums import TrackingMode
from tests.support import builders
from tests.support.documents import DELIVER, ERRORS, INVOICE, SHIP, TRIAL_BALANCE
from tests.support.flows import allocated_order
from tests.support.ids import gid

D = Decimal
TRANSFER = f"""
mutation($input: TransferStockInput!) {{
  transferStock(input: $input) {{
    transfer {{
      number quantity fromWarehouse {{ code }} toWarehouse {{ code }} lot {{ lotNumber }}
    }}
    {ERRORS}
  }}
}}"""
RETURN = f"""
mutation($input: RecordCustomerReturnInput!) {{
  recordCustomerReturn(input: $input) {{
    customerReturn {{
      number reason warehouse {{ code }} lines {{ quantity lot {{ lotNumber status }} }}
      creditNote {{ number subtotal taxTotal total invoice {{ number }} }}
    }}
    {ERRORS}
  }}
}}"""
LOT = """
query($id: ID!) { node(id: $id) { ... on Lot {
  status stock { warehouse { code } onHand reserved }
  moves(first: 20) { edges { node { kind quantity warehouse { code } serial { serialNumber } } } }
  serials(first: 20) { edges { node { serialNumber status warehouse { code } } } }
} } }"""


async def test_a_transfer_moves_stock_and_serials_between_warehouses(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, tracking=TrackingMode.SERIAL)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=3)
    request = {
        "lotId": gid("Lot", lot.id),
        "fromWarehouseId": gid("Warehouse", wh["NL-RTM"]),
        "toWarehouseId": gid("Warehouse", wh["DE-LEJ"]),
        "quantity": 2,
    }
    missing = (await client.call("warehouse", TRANSFER, input=request))["transferStock"]
    assert [e["code"] for e in missing["userErrors"]] == ["SERIAL_MISMATCH"]
    moved = await client.call(
        "warehouse",
        TRANSFER,
        input={**request, "serialNumbers": [f"{lot.lot_number}-001", f"{lot.lot_number}-002"]},
    )
    transfer = moved["transferStock"]["transfer"]
    assert (
        transfer["fromWarehouse"]["code"],
        transfer["toWarehouse"]["code"],
        transfer["quantity"],
    ) == ("NL-RTM", "DE-LEJ", 2)
    node = (await client.call("warehouse", LOT, id=gid("Lot", lot.id)))["node"]
    assert sorted((b["warehouse"]["code"], b["onHand"]) for b in node["stock"]) == [
        ("DE-LEJ", 2),
        ("NL-RTM", 1),
    ]
    kinds = sorted((m["node"]["kind"], m["node"]["quantity"]) for m in node["moves"]["edges"])
    assert kinds.count(("TRANSFER_OUT", -1)) == 2 and kinds.count(("TRANSFER_IN", 1)) == 2
    too_many = await client.call(
        "warehouse",
        TRANSFER,
        input={**request, "quantity": 1, "serialNumbers": [f"{lot.lot_number}-001"]},
    )
    assert [e["code"] for e in too_many["transferStock"]["userErrors"]] == ["SERIAL_MISMATCH"]


async def test_a_transfer_cannot_take_reserved_stock(client, sessionmaker, consistent) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=5)
    customer = await builders.make_customer(sessionmaker)
    await allocated_order(client, customer.id, [(product.id, 4)])
    result = (
        await client.call(
            "warehouse",
            TRANSFER,
            input={
                "lotId": gid("Lot", lot.id),
                "fromWarehouseId": gid("Warehouse", wh["NL-RTM"]),
                "toWarehouseId": gid("Warehouse", wh["FR-LYS"]),
                "quantity": 2,
            },
        )
    )["transferStock"]
    assert [e["code"] for e in result["userErrors"]] == ["INSUFFICIENT_STOCK"]


async def test_a_return_is_held_with_a_credit_note_and_the_lot_keeps_its_status(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="40.00", tax_rate="0.09")
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=10)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 6)])
    shipment = await client.call("warehouse", SHIP, input={"orderId": order["id"]})
    shipment_id = shipment["createShipment"]["shipment"]["id"]
    await client.call("warehouse", DELIVER, id=shipment_id)
    invoice = (await client.call("finance", INVOICE, input={"orderId": order["id"]}))["issueInvoice"]
    request = {
        "shipmentId": shipment_id,
        "reason": "Damaged outer packaging",
        "lines": [{"lotId": gid("Lot", lot.id), "quantity": 7}],
    }
    too_many = (await client.call("warehouse", RETURN, input=request))["recordCustomerReturn"]
    assert [(e["code"], e["field"]) for e in too_many["userErrors"]] == [
        ("INVALID", ["input", "lines", "0", "quantity"])
    ]
    request["lines"][0]["quantity"] = 2
    returned = (await client.call("warehouse", RETURN, input=request))["recordCustomerReturn"]
    assert returned["userErrors"] == []
    back = returned["customerReturn"]
    assert back["warehouse"]["code"] == "NL-RTM"
    assert back["lines"] == [
        {"quantity": 2, "lot": {"lotNumber": lot.lot_number, "status": "RELEASED"}}
    ]
    # 2 x 40.00 = 80.00 net, 7.20 tax.
    note = back["creditNote"]
    assert (note["subtotal"], note["taxTotal"], note["total"]) == ("80.00", "7.20", "87.20")
    assert note["invoice"]["number"] == invoice["invoice"]["number"]
    node = (await client.call("warehouse", LOT, id=gid("Lot", lot.id)))["node"]
    assert [(b["onHand"], b["reserved"]) for b in node["stock"]] == [(6, 0)]
    assert ("RETURN", 2) in [
        (m["node"]["kind"], m["node"]["quantity"]) for m in node["moves"]["edges"]
    ]
    customer_node = await client.call(
        "finance",
        """query($id: ID!) { node(id: $id) {
        ... on Customer { receivableBalance } } }""",
        id=gid("Customer", customer.id),
    )
    # 6 x 40.00 + 9% = 261.60 invoiced, 87.20 credited.
    assert customer_node["node"]["receivableBalance"] == "174.40"
    rows = (await client.call("finance", TRIAL_BALANCE))["trialBalance"]
    assert sum(D(r["debit"]) for r in rows) == sum(D(r["credit"]) for r in rows)
