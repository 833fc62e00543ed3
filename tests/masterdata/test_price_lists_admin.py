"""Price lists kept by the administrator: currency, validity, prices in cents set and removed
all or nothing; the customer's list prices its orders while it is valid."""

from datetime import timedelta

from tests.masterdata.graph import (
    CREATE_CUSTOMER,
    CREATE_PRICE_LIST,
    PREVIEW,
    PRICE_LISTS,
    SET_PRICES,
    UPDATE_CUSTOMER,
    UPDATE_PRICE_LIST,
    customer_id,
    errors,
    product_id,
    top_codes,
    trail,
)
from tests.support.builders import today, unique
from tests.support.client import Client


async def new_list(client: Client, **fields: object) -> dict:
    payload = (await client.call("admin", CREATE_PRICE_LIST, input={
        "code": unique("PL"), "name": "Tender 2027", **fields}))["createPriceList"]
    assert payload["userErrors"] == []
    return payload["priceList"]


def prices(price_list: dict) -> dict[str, str]:
    return {e["node"]["product"]["sku"]: e["node"]["unitPrice"]
            for e in price_list["prices"]["edges"]}


async def test_currency_and_validity_are_checked(client: Client) -> None:
    code = unique("PL")
    bad = (await client.call("admin", CREATE_PRICE_LIST, input={
        "code": code, "name": "Bad", "currency": "EURO",
        "validFrom": "2027-02-01", "validTo": "2027-01-31"}))["createPriceList"]
    assert sorted(errors(bad), key=str) == sorted([
        ("INVALID", ["input", "currency"]), ("INVALID", ["input", "validTo"])], key=str)
    assert (await client.call("admin", PRICE_LISTS, s=code))["priceLists"]["totalCount"] == 0
    price_list = await new_list(client, code=code, currency="chf", validFrom="2027-01-01")
    assert (price_list["currency"], price_list["isDefault"]) == ("CHF", False)
    again = (await client.call("admin", CREATE_PRICE_LIST, input={
        "code": code, "name": "Again"}))["createPriceList"]
    assert errors(again) == [("DUPLICATE", ["input", "code"])]
    ends_early = (await client.call("admin", UPDATE_PRICE_LIST, input={
        "priceListId": price_list["id"], "validTo": "2026-12-31"}))["updatePriceList"]
    assert errors(ends_early) == [("INVALID", ["input", "validTo"])]


async def test_prices_are_set_and_removed_all_or_nothing(client: Client) -> None:
    price_list = await new_list(client)
    pump, cannula = await product_id(client, "PMP-VP300"), await product_id(client, "CAN-IV20G")
    set_both = (await client.call("admin", SET_PRICES, input={
        "priceListId": price_list["id"], "prices": [
            {"productId": pump, "unitPrice": "2100.00"},
            {"productId": cannula, "unitPrice": "27.50"}]}))["setPriceListPrices"]
    assert set_both["userErrors"] == []
    assert prices(set_both["priceList"]) == {"PMP-VP300": "2100.00", "CAN-IV20G": "27.50"}
    refused = (await client.call("admin", SET_PRICES, input={
        "priceListId": price_list["id"], "prices": [
            {"productId": pump, "unitPrice": "1.00"},
            {"productId": cannula, "unitPrice": "-3.00"},
            {"productId": cannula, "unitPrice": "3.001"}]}))["setPriceListPrices"]
    assert ("INVALID", ["input", "prices", "1", "unitPrice"]) in errors(refused)
    assert ("INVALID", ["input", "prices", "2", "unitPrice"]) in errors(refused)
    listed = (await client.call("admin", PRICE_LISTS, s=price_list["code"]))["priceLists"]
    assert prices(listed["edges"][0]["node"]) == {"PMP-VP300": "2100.00", "CAN-IV20G": "27.50"}
    removed = (await client.call("admin", SET_PRICES, input={
        "priceListId": price_list["id"], "prices": [
            {"productId": cannula, "unitPrice": None},
            {"productId": pump, "unitPrice": "2050.00"}]}))["setPriceListPrices"]
    assert prices(removed["priceList"]) == {"PMP-VP300": "2050.00"}
    events = [e for e in await trail(client, price_list["id"]) if e["action"] == "price.set"]
    assert any(e["changed"].get("CAN-IV20G") == ('"27.50"', None) for e in events)
    assert any(e["changed"].get("PMP-VP300") == ('"2100.00"', '"2050.00"') for e in events)
    body = await client.body("sales", SET_PRICES, input={
        "priceListId": price_list["id"], "prices": [{"productId": pump, "unitPrice": "1.00"}]})
    assert top_codes(body) == ["FORBIDDEN"]


async def test_the_customers_list_prices_its_orders_while_valid(client: Client) -> None:
    price_list = await new_list(client, validFrom=str(today() - timedelta(days=10)))
    cannula = await product_id(client, "CAN-IV20G")
    await client.call("admin", SET_PRICES, input={
        "priceListId": price_list["id"],
        "prices": [{"productId": cannula, "unitPrice": "24.40"}]})
    customer = (await client.call("admin", CREATE_CUSTOMER, input={
        "code": unique("CUS"), "name": "Tender hospital", "kind": "HOSPITAL",
        "region": "DE-EAST", "priceListId": price_list["id"]}))["createCustomer"]["customer"]
    assert customer["priceList"]["code"] == price_list["code"]
    order = {"customerId": customer["id"], "lines": [{"productId": cannula, "quantity": 2}]}
    [line] = (await client.call("sales", PREVIEW, input=order))["previewSalesOrder"]["lines"]
    assert (line["unitPrice"], line["listPrice"]) == ("24.40", "24.40")
    # Once the list has run out, the default list prices the order again.
    await client.call("admin", UPDATE_PRICE_LIST, input={
        "priceListId": price_list["id"], "validTo": str(today() - timedelta(days=1))})
    [line] = (await client.call("sales", PREVIEW, input=order))["previewSalesOrder"]["lines"]
    assert line["unitPrice"] != "24.40"
    moved = (await client.call("admin", UPDATE_CUSTOMER, input={
        "customerId": customer["id"], "priceListId": None}))["updateCustomer"]
    assert moved["customer"]["priceList"]["code"] == price_list["code"]  # null leaves it


async def test_ids_of_the_wrong_type_are_invalid_at_their_path(client: Client) -> None:
    price_list = await new_list(client)
    customer = await customer_id(client, "HOSP-BER")
    wrong = (await client.call("admin", SET_PRICES, input={
        "priceListId": price_list["id"],
        "prices": [{"productId": customer, "unitPrice": "1.00"}]}))["setPriceListPrices"]
    assert errors(wrong) == [("INVALID", ["input", "prices", "0", "productId"])]
    not_a_list = (await client.call("admin", UPDATE_CUSTOMER, input={
        "customerId": customer, "priceListId": "not-an-id"}))["updateCustomer"]
    assert errors(not_a_list) == [("INVALID", ["input", "priceListId"])]
