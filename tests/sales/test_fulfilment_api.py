"""Shipping, delivery, invoicing and payment: statuses, serials, the ledger and receivables."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from backend.enums import TrackingMode
from tests.support import builders
from tests.support.documents import CANCEL, DELIVER, INVOICE, PAY, SHIP, TRIAL_BALANCE
from tests.support.flows import allocated_order, approved_order
from tests.support.ids import gid

D = Decimal
CUSTOMER = """
query($id: ID!) { node(id: $id) { ... on Customer {
  receivableBalance
} } }"""


async def _trial_balance(client) -> dict[str, tuple[D, D]]:
    rows = (await client.call("finance", TRIAL_BALANCE))["trialBalance"]
    assert sum(D(r["debit"]) for r in rows) == sum(D(r["credit"]) for r in rows)
    return {r["account"]: (D(r["debit"]), D(r["credit"])) for r in rows}


async def test_order_to_cash_with_serials_exact_money_and_balanced_books(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    pump = await builders.make_product(sessionmaker, tracking=TrackingMode.SERIAL, price="2450.00")
    gauze = await builders.make_product(sessionmaker, price="18.90", tax_rate="0.09")
    pumps = await builders.make_lot(sessionmaker, pump, warehouse_id=wh["NL-RTM"], quantity=3)
    gauzes = await builders.make_lot(sessionmaker, gauze, warehouse_id=wh["NL-RTM"], quantity=100)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(pump.id, 2), (gauze.id, 7)])
    allocated_serials = [s["serialNumber"] for s in order["lines"][0]["allocations"][0]["serials"]]

    # Ship the pumps first, naming serials: a wrong count is refused.
    pump_line = {"lotId": gid("Lot", pumps.id), "quantity": 2}
    bad = (
        await client.call(
            "warehouse",
            SHIP,
            input={
                "orderId": order["id"],
                "lines": [{**pump_line, "serialNumbers": [f"{pumps.lot_number}-001"]}],
            },
        )
    )["createShipment"]
    assert [(e["code"], e["field"]) for e in bad["userErrors"]] == [
        ("SERIAL_MISMATCH", ["input", "lines", "0", "serialNumbers"])
    ]
    chosen = [f"{pumps.lot_number}-001", f"{pumps.lot_number}-003"]
    first = (
        await client.call(
            "warehouse",
            SHIP,
            input={
                "orderId": order["id"],
                "carrier": "Polder Parcel",
                "lines": [{**pump_line, "serialNumbers": chosen}],
            },
        )
    )["createShipment"]
    assert first["userErrors"] == []
    shipment = first["shipment"]
    assert shipment["status"] == "SHIPPED" and shipment["order"]["status"] == "PARTIALLY_SHIPPED"
    assert [(s["serialNumber"], s["status"]) for s in shipment["lines"][0]["serials"]] == [
        (chosen[0], "SHIPPED"),
        (chosen[1], "SHIPPED"),
    ]
    assert allocated_serials != chosen  # another serial of the lot went in place of -002

    refused = (await client.call("finance", INVOICE, input={"orderId": order["id"]}))["issueInvoice"]
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_TRANSITION"]

    rest = (await client.call("warehouse", SHIP, input={"orderId": order["id"]}))["createShipment"]
    assert rest["shipment"]["order"]["status"] == "SHIPPED"
    assert [(ln["lot"]["lotNumber"], ln["quantity"]) for ln in rest["shipment"]["lines"]] == [
        (gauzes.lot_number, 7)
    ]
    cancel = (await client.call("sales", CANCEL, id=order["id"], reason="late"))["cancelSalesOrder"]
    assert [e["code"] for e in cancel["userErrors"]] == ["INVALID_TRANSITION"]

    before = await _trial_balance(client)
    delivered_at = (datetime.now(UTC) + timedelta(minutes=1)).replace(microsecond=0)
    for sid in (shipment["id"], rest["shipment"]["id"]):
        done = await client.call("warehouse", DELIVER, id=sid, at=delivered_at.isoformat())
        assert done["confirmDelivery"]["userErrors"] == []
    assert done["confirmDelivery"]["shipment"]["order"]["status"] == "DELIVERED"
    assert done["confirmDelivery"]["shipment"]["deliveredAt"].startswith(
        delivered_at.isoformat()[:19]
    )
    again = (await client.call("warehouse", DELIVER, id=rest["shipment"]["id"]))["confirmDelivery"]
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]

    issued = (await client.call("finance", INVOICE, input={"orderId": order["id"]}))["issueInvoice"]
    invoice = issued["invoice"]
    # 2 x 2450.00 at 21% and 7 x 18.90 = 132.30 at 9% (11.907 -> 11.91).
    assert (invoice["subtotal"], invoice["taxTotal"], invoice["total"]) == (
        "5032.30",
        "1040.91",
        "6073.21",
    )
    assert invoice["order"]["status"] == "INVOICED" and invoice["status"] == "OPEN"
    assert invoice["customer"]["receivableBalance"] == "6073.21"
    assert invoice["dueOn"] == str(builders.today() + timedelta(days=30))
    after = await _trial_balance(client)
    assert after["1200"][0] - before["1200"][0] == D("6073.21")
    assert after["4000"][1] - before["4000"][1] == D("5032.30")
    assert after["2200"][1] - before["2200"][1] == D("1040.91")
    twice = (await client.call("finance", INVOICE, input={"orderId": order["id"]}))["issueInvoice"]
    # Everything delivered is invoiced: nothing is left.
    assert [e["code"] for e in twice["userErrors"]] == ["NOTHING_TO_INVOICE"]

    payment = {
        "customerId": gid("Customer", customer.id),
        "receivedOn": str(builders.today()),
        "reference": f"BANK-{builders.tag()}",
    }
    part = (await client.call("finance", PAY, input={**payment, "amount": "1000.00"}))["recordPayment"]
    assert [(i["status"], i["balance"]) for i in part["invoices"]] == [
        ("PARTIALLY_PAID", "5073.21")
    ]
    rest_paid = (
        await client.call(
            "finance", PAY, input={**payment, "amount": "5100.00", "reference": f"BANK-{builders.tag()}"}
        )
    )["recordPayment"]
    assert [(i["status"], i["order"]["status"]) for i in rest_paid["invoices"]] == [
        ("PAID", "CLOSED")
    ]
    assert rest_paid["unappliedAmount"] == "26.79"
    balance = (await client.call("finance", CUSTOMER, id=gid("Customer", customer.id)))["node"]
    assert balance["receivableBalance"] == "-26.79"  # a credit on account
    final = await _trial_balance(client)
    assert final["1100"][0] - after["1100"][0] == D("6100.00")
    assert final["1200"][1] - after["1200"][1] == D("6100.00")


async def test_payments_settle_the_oldest_invoices_first(client, sessionmaker, consistent) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="10.00", tax_rate="0.00")
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=10)
    customer = await builders.make_customer(sessionmaker)
    numbers = []
    for quantity in (3, 4):
        order = await allocated_order(client, customer.id, [(product.id, quantity)])
        shipped = (await client.call("warehouse", SHIP, input={"orderId": order["id"]}))["createShipment"]
        await client.call("warehouse", DELIVER, id=shipped["shipment"]["id"])
        issued = (await client.call("finance", INVOICE, input={"orderId": order["id"]}))["issueInvoice"]
        numbers.append(issued["invoice"]["number"])
    paid = (
        await client.call(
            "finance",
            PAY,
            input={
                "customerId": gid("Customer", customer.id),
                "amount": "35.00",
                "receivedOn": str(builders.today()),
                "reference": "SEPA-1",
            },
        )
    )["recordPayment"]
    assert [(i["number"], i["status"], i["amountPaid"]) for i in paid["invoices"]] == [
        (numbers[0], "PAID", "30.00"),
        (numbers[1], "PARTIALLY_PAID", "5.00"),
    ]
    assert paid["unappliedAmount"] == "0.00"
    balance = (await client.call("finance", CUSTOMER, id=gid("Customer", customer.id)))["node"]
    assert balance["receivableBalance"] == "35.00"
    bad = (
        await client.call(
            "finance",
            PAY,
            input={
                "customerId": gid("Customer", customer.id),
                "amount": "-1",
                "receivedOn": str(builders.today()),
                "reference": "",
            },
        )
    )["recordPayment"]
    assert {(e["code"], e["field"][-1]) for e in bad["userErrors"]} == {
        ("INVALID", "amount"),
        ("INVALID", "reference"),
    }


async def test_a_draft_order_does_not_ship(client, sessionmaker) -> None:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    order = await approved_order(client, customer.id, [(product.id, 1)])
    result = (await client.call("warehouse", SHIP, input={"orderId": order["id"]}))["createShipment"]
    assert [e["code"] for e in result["userErrors"]] == ["INVALID_TRANSITION"]
