"""Quotes hold the customer's prices until their validity date and convert into orders."""

from datetime import timedelta

from sqlalchemy import update

from backend.db.models import Product, Quote
from tests.support import builders
from tests.support.documents import ERRORS, ORDER, line
from tests.support.ids import gid

QUOTE = f"""
mutation($input: CreateQuoteInput!) {{
  createQuote(input: $input) {{
    quote {{ id number status validUntil total lines {{ unitPrice discountPercent lineTotal }} }}
    {ERRORS}
  }}
}}"""
CONVERT = f"""
mutation($input: ConvertQuoteInput!) {{ convertQuoteToOrder(input: $input) {{ {ORDER} }} }}"""
QUOTES = """
query($customerId: ID) { quotes(customerId: $customerId) { edges { node {
  number status order { number }
} } } }"""


async def test_a_valid_quote_becomes_an_order_at_the_quoted_prices(client, sessionmaker) -> None:
    product = await builders.make_product(sessionmaker, price="100.00")
    customer = await builders.make_customer(sessionmaker)
    created = (
        await client.call(
            "sales",
            QUOTE,
            input={
                "customerId": gid("Customer", customer.id),
                "validUntil": str(builders.today() + timedelta(30)),
                "lines": [line(product.id, 4, discountPercent="5")],
            },
        )
    )["createQuote"]
    quote = created["quote"]
    assert (quote["status"], quote["total"]) == ("OPEN", "459.80")  # 380.00 + 21%
    async with sessionmaker() as s, s.begin():  # the list price rises after the quote
        await s.execute(update(Product).where(Product.id == product.id).values(unit_price=120))
    converted = await client.call("sales", CONVERT, input={"quoteId": quote["id"]})
    order = converted["convertQuoteToOrder"]["order"]
    assert order["status"] == "DRAFT"
    assert [(ln["unitPrice"], ln["discountPercent"], ln["lineTotal"]) for ln in order["lines"]] == [
        ("100.00", "5.00", "380.00")
    ]
    listed = await client.call("sales", QUOTES, customerId=gid("Customer", customer.id))
    assert [
        (e["node"]["status"], e["node"]["order"]["number"]) for e in listed["quotes"]["edges"]
    ] == [("CONVERTED", order["number"])]
    twice = (await client.call("sales", CONVERT, input={"quoteId": quote["id"]}))["convertQuoteToOrder"]
    assert [e["code"] for e in twice["userErrors"]] == ["INVALID_TRANSITION"]


async def test_an_expired_quote_is_not_converted(client, sessionmaker) -> None:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    past = (
        await client.call(
            "sales",
            QUOTE,
            input={
                "customerId": gid("Customer", customer.id),
                "validUntil": str(builders.today() - timedelta(1)),
                "lines": [line(product.id, 1)],
            },
        )
    )["createQuote"]
    assert [(e["code"], e["field"]) for e in past["userErrors"]] == [
        ("INVALID", ["input", "validUntil"])
    ]
    quote = (
        await client.call(
            "sales",
            QUOTE,
            input={
                "customerId": gid("Customer", customer.id),
                "validUntil": str(builders.today()),
                "lines": [line(product.id, 1)],
            },
        )
    )["createQuote"]["quote"]
    async with sessionmaker() as s, s.begin():  # a day passes
        await s.execute(
            update(Quote)
            .where(Quote.number == quote["number"])
            .values(valid_until=builders.today() - timedelta(days=1))
        )
    listed = await client.call("sales", QUOTES, customerId=gid("Customer", customer.id))
    assert [e["node"]["status"] for e in listed["quotes"]["edges"]] == ["EXPIRED"]
    refused = (await client.call("sales", CONVERT, input={"quoteId": quote["id"]}))["convertQuoteToOrder"]
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INVALID_TRANSITION", ["input", "quoteId"])
    ]


async def test_partners_see_only_their_own_quotes(client, sessionmaker) -> None:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    quote = (
        await client.call(
            "sales",
            QUOTE,
            input={
                "customerId": gid("Customer", customer.id),
                "validUntil": str(builders.today()),
                "lines": [line(product.id, 1)],
            },
        )
    )["createQuote"]["quote"]
    listed = await client.call("partner-a", "{ quotes(first: 100) { edges { node { number } } } }")
    assert quote["number"] not in [e["node"]["number"] for e in listed["quotes"]["edges"]]
    node = await client.call("partner-a", "query($id: ID!) { node(id: $id) { id } }", id=quote["id"])
    assert node["node"] is None
    refused = await client.call("partner-a", CONVERT, input={"quoteId": quote["id"]})
    assert [e["code"] for e in refused["convertQuoteToOrder"]["userErrors"]] == ["NOT_FOUND"]
