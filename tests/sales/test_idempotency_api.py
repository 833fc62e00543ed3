"""A creating mutation repeated with its idempotency key returns the first result only."""

import asyncio
import secrets

from tests.helpers import gql
from tests.sales import factories as f
from tests.sales.flows import allocated_order
from tests.sales.gql import CREATE_ORDER, DELIVER, INVOICE, PAY, SHIP, TRIAL_BALANCE, gid, line

ORDER_COUNT = """
query($id: ID!) { node(id: $id) { ... on Customer { orders { totalCount } } } }"""


async def test_the_same_key_and_input_return_the_first_order_and_a_new_input_is_refused(
    call, sessionmaker
) -> None:
    product = await f.make_product(sessionmaker)
    customer = await f.make_customer(sessionmaker)
    request = {
        "customerId": gid("Customer", customer.id),
        "lines": [line(product.id, 2)],
        "idempotencyKey": secrets.token_hex(8),
    }
    first = (await call("sales", CREATE_ORDER, input=request))["createSalesOrder"]["order"]
    again = (await call("sales", CREATE_ORDER, input=request))["createSalesOrder"]["order"]
    assert again["id"] == first["id"] and again["number"] == first["number"]
    changed = await call("sales", CREATE_ORDER, input={**request, "lines": [line(product.id, 3)]})
    assert [(e["code"], e["field"]) for e in changed["createSalesOrder"]["userErrors"]] == [
        ("IDEMPOTENCY_KEY_REUSED", ["input", "idempotencyKey"])
    ]
    count = await call("sales", ORDER_COUNT, id=gid("Customer", customer.id))
    assert count["node"]["orders"]["totalCount"] == 1


async def test_concurrent_duplicates_create_one_order(api, call, sessionmaker) -> None:
    product = await f.make_product(sessionmaker)
    customer = await f.make_customer(sessionmaker)
    request = {
        "customerId": gid("Customer", customer.id),
        "lines": [line(product.id, 1)],
        "idempotencyKey": secrets.token_hex(8),
    }
    await call("sales", "{ viewer { id } }")  # sign in once
    from tests.sales.conftest import _tokens

    results = await asyncio.gather(
        *(gql(api, CREATE_ORDER, {"input": request}, token=_tokens["sales"]) for _ in range(8))
    )
    ids = {r["data"]["createSalesOrder"]["order"]["id"] for r in results}
    assert len(ids) == 1
    count = await call("sales", ORDER_COUNT, id=gid("Customer", customer.id))
    assert count["node"]["orders"]["totalCount"] == 1


async def test_a_repeated_payment_posts_once(call, sessionmaker, consistent) -> None:
    wh = await f.warehouses(sessionmaker)
    product = await f.make_product(sessionmaker, price="50.00", tax_rate="0.10")
    await f.make_lot(sessionmaker, product, warehouse_id=wh["FR-LYS"], quantity=5)
    customer = await f.make_customer(sessionmaker)
    order = await allocated_order(call, customer.id, [(product.id, 2)])
    shipped = await call(
        "warehouse", SHIP, input={"orderId": order["id"], "idempotencyKey": "ship-1"}
    )
    await call("warehouse", DELIVER, id=shipped["createShipment"]["shipment"]["id"])
    key = secrets.token_hex(8)
    invoices = [
        (await call("finance", INVOICE, input={"orderId": order["id"], "idempotencyKey": key}))[
            "issueInvoice"
        ]
        for _ in range(2)
    ]
    assert invoices[0]["invoice"]["number"] == invoices[1]["invoice"]["number"]
    assert invoices[1]["userErrors"] == []
    payment = {
        "customerId": gid("Customer", customer.id),
        "amount": "60.00",
        "receivedOn": str(f.today()),
        "reference": "WIRE-7",
        "idempotencyKey": key,
    }
    first = (await call("finance", PAY, input=payment))["recordPayment"]
    books = (await call("finance", TRIAL_BALANCE))["trialBalance"]
    again = (await call("finance", PAY, input=payment))["recordPayment"]
    assert again == first
    assert (await call("finance", TRIAL_BALANCE))["trialBalance"] == books
