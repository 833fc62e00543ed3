"""Products kept by the administrator: GS1 check digits, unique SKU and GTIN, prices in cents,
the tracking mode fixed once lots exist, the default list priced, inactive ones not sold."""

from decimal import Decimal

from sqlalchemy import select

from backend.db.models import PriceList, PriceListItem, Product
from tests.masterdata.graph import (
    CREATE_ORDER,
    CREATE_PRODUCT,
    PRODUCTS,
    UPDATE_PRODUCT,
    customer_id,
    errors,
    product_id,
    top_codes,
    trail,
)
from tests.support.builders import new_gtin, unique
from tests.support.client import Client


def new_product(**fields: object) -> dict[str, object]:
    return {"sku": unique("SKU"), "gtin": new_gtin(), "name": "Infusion set 20G",
            "deviceClass": "IIA", "trackingMode": "LOT", "shelfLifeDays": 730,
            "unitPrice": "12.50", "taxRate": "0.09", "productLine": "Infusion", **fields}


async def create(client: Client, **fields: object) -> dict:
    return (await client.call("admin", CREATE_PRODUCT, input=new_product(**fields)))[
        "createProduct"]


async def test_a_bad_check_digit_is_refused_and_nothing_is_written(client: Client) -> None:
    gtin = new_gtin()
    wrong = gtin[:-1] + str((int(gtin[-1]) + 1) % 10)
    sku = unique("SKU")
    payload = await create(client, sku=sku, gtin=wrong)
    assert errors(payload) == [("INVALID_GTIN", ["input", "gtin"])]
    assert (await client.call("admin", PRODUCTS, s=sku))["products"]["totalCount"] == 0
    fixed = await create(client, sku=sku, gtin=gtin)
    assert fixed["userErrors"] == [] and fixed["product"]["gtin"] == gtin


async def test_short_gtins_are_stored_as_fourteen_digits(client: Client) -> None:
    gtin13 = new_gtin()[1:]  # new_gtin() starts with 0: the same number as a GTIN-13
    product = (await create(client, gtin=gtin13))["product"]
    assert product["gtin"] == "0" + gtin13
    again = await create(client, gtin="0" + gtin13)
    assert errors(again) == [("DUPLICATE", ["input", "gtin"])]
    same_sku = await create(client, sku=product["sku"])
    assert errors(same_sku) == [("DUPLICATE", ["input", "sku"])]


async def test_prices_tax_and_shelf_life_are_checked(client: Client) -> None:
    for fields, field in (({"unitPrice": "12.505"}, "unitPrice"),
                          ({"unitPrice": "-1.00"}, "unitPrice"),
                          ({"taxRate": "1.5"}, "taxRate"),
                          ({"shelfLifeDays": 0}, "shelfLifeDays")):
        assert errors(await create(client, **fields)) == [("INVALID", ["input", field])], fields
    body = await client.body("sales", CREATE_PRODUCT, input=new_product())
    assert top_codes(body) == ["FORBIDDEN"]


async def test_create_prices_the_default_list(client: Client, sessionmaker) -> None:  # noqa: ANN001
    product = (await create(client, unitPrice="19.90"))["product"]
    assert (product["productLine"], product["sellable"], product["active"]) == (
        "Infusion", True, True)
    async with sessionmaker() as s:
        price = await s.scalar(
            select(PriceListItem.unit_price).join(PriceList).join(Product).where(
                PriceList.is_default, Product.sku == product["sku"]))
    assert price == Decimal("19.90")
    [event] = [e for e in await trail(client, product["id"]) if e["action"] == "product.created"]
    assert event["changed"]["unit_price"] == (None, '"19.90"')


async def test_tracking_mode_is_fixed_once_lots_exist(client: Client) -> None:
    with_lots = await product_id(client, "CAN-IV20G")
    refused = (await client.call("admin", UPDATE_PRODUCT, input={
        "productId": with_lots, "trackingMode": "SERIAL", "name": "Renamed"}))["updateProduct"]
    assert errors(refused) == [("INVALID_TRANSITION", ["input", "trackingMode"])]
    data = await client.call("admin", PRODUCTS, s="CAN-IV20G")
    assert data["products"]["edges"][0]["node"]["trackingMode"] == "LOT"
    fresh = (await create(client))["product"]
    changed = (await client.call("admin", UPDATE_PRODUCT, input={
        "productId": fresh["id"], "trackingMode": "SERIAL", "unitPrice": "14.00",
        "productLine": "Cardiac", "sellable": False}))["updateProduct"]
    assert changed["userErrors"] == []
    assert (changed["product"]["trackingMode"], changed["product"]["unitPrice"],
            changed["product"]["productLine"], changed["product"]["sellable"]) == (
        "SERIAL", "14.00", "Cardiac", False)
    [event] = [e for e in await trail(client, fresh["id"]) if e["action"] == "product.updated"]
    assert event["changed"]["tracking_mode"] == ('"LOT"', '"SERIAL"')
    assert event["changed"]["unit_price"] == ('"12.50"', '"14.00"')


async def test_inactive_products_take_no_order_lines(client: Client) -> None:
    product = (await create(client))["product"]
    await client.call("admin", UPDATE_PRODUCT, input={
        "productId": product["id"], "active": False})
    order = (await client.call("sales", CREATE_ORDER, input={
        "customerId": await customer_id(client, "HOSP-BER"),
        "lines": [{"productId": product["id"], "quantity": 1}],
    }))["createSalesOrder"]
    assert errors(order) == [("INVALID", ["input", "lines", "0", "productId"])]


async def test_a_required_custom_field_must_come_with_a_new_product(client: Client) -> None:
    # The demo requires sterilisationMethod for Wound care products.
    sku = unique("SKU")
    missing = await create(client, sku=sku, productLine="Wound care")
    assert [e["code"] for e in missing["userErrors"]] == ["CUSTOM_FIELD_REQUIRED"]
    assert (await client.call("admin", PRODUCTS, s=sku))["products"]["totalCount"] == 0
    given = await create(client, sku=sku, productLine="Wound care", customFields=[
        {"key": "sterilisationMethod", "value": "GAMMA"}])
    assert given["userErrors"] == []
