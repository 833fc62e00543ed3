"""A creating mutation repeated with its idempotency key returns the first result only."""

import asyncio
import secrets

from tests.support import builders
from tests.support.documents import CREATE_ORDER, DELIVER, INVOICE, PAY, SHIP, TRIAL_BALANCE, line
from tests.support.flows import allocated_order
from tests.support.ids import gid

ORDER_COUNT = """
query($id: ID!) { node(id: $id) { ... on Customer { orders { totalCount } } } }"""


async def test_the_same_key_and_input_return_the_first_order_and_a_new_input_is_refused(
    client, sessionmaker
) -> None:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    request = {
        "customerId": gid("Customer", customer.id),
        "lines": [line(product.id, 2)],
        "idempotencyKey": secrets.token_hex(8),
    }
    first = (await client.call("sales", CREATE_ORDER, input=request))["createSalesOrder"]["order"]
    again = (await client.call("sales", CREATE_ORDER, input=request))["createSalesOrder"]["order"]
    assert again["id"] == first["id"] and again["number"] == first["number"]
    changed = await client.call("sales", CREATE_ORDER, input={**request, "lines": [line(product.id, 3)]})
    assert [(e["code"], e["field"]) for e in changed["createSalesOrder"]["userErrors"]] == [
        ("IDEMPOTENCY_KEY_REUSED", ["input", "idempotencyKey"])
    ]
    count = await client.call("sales", ORDER_COUNT, id=gid("Customer", customer.id))
    assert count["node"]["orders"]["totalCount"] == 1


async def test_concurrent_duplicates_create_one_order(client, sessionmaker) -> None:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    request = {
        "customerId": gid("Customer", customer.id),
        "lines": [line(product.id, 1)],
        "idempotencyKey": secrets.token_hex(8),
    }
    await client.token("sales")  # signed in before the race
    results = await asyncio.gather(
        *(client.call("sales", CREATE_ORDER, input=request) for _ in range(8))
    )
    ids = {r["createSalesOrder"]["order"]["id"] for r in results}
    assert len(ids) == 1
    count = await client.call("sales", ORDER_COUNT, id=gid("Customer", customer.id))
    assert count["node"]["orders"]["totalCount"] == 1


async def test_a_repeated_payment_posts_once(client, sessionmaker, consistent) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="50.00", tax_rate="0.10")
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["FR-LYS"], quantity=5)
    customer = await builders.make_customer(sessionmaker)
    order = await allocated_order(client, customer.id, [(product.id, 2)])
    shipped = await client.call(
        "warehouse", SHIP, input={"orderId": order["id"], "idempotencyKey": "ship-1"}
    )
    await client.call("warehouse", DELIVER, id=shipped["createShipment"]["shipment"]["id"])
    key = secrets.token_hex(8)
    invoices = [
        (await client.call("finance", INVOICE, input={"orderId": order["id"], "idempotencyKey": key}))[
            "issueInvoice"
        ]
        for _ in range(2)
    ]
    assert invoices[0]["invoice"]["number"] == invoices[1]["invoice"]["number"]
    assert invoices[1]["userErrors"] == []
    payment = {
        "customerId": gid("Customer", customer.id),
        "amount": "60.00",
        "receivedOn": str(builders.today()),
        "reference": "WIRE-7",
        "idempotencyKey": key,
    }
    first = (await client.call("finance", PAY, input=payment))["recordPayment"]
    books = (await client.call("finance", TRIAL_BALANCE))["trialBalance"]
    again = (await client.call("finance", PAY, input=payment))["recordPayment"]
    assert again == first
    assert (await client.call("finance", TRIAL_BALANCE))["trialBalance"] == books
