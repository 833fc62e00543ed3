"""Allocation: nearest warehouse, splits, FEFO, shelf life, backorders, and cancelling."""

from datetime import timedelta

from backend.enums import LotStatus, Replenishment, TrackingMode
from tests.support import builders
from tests.support.documents import ALLOCATE, CANCEL, CREATE_ORDER, line
from tests.support.flows import approved_order
from tests.support.ids import gid

STOCK = """
query($id: ID!) { node(id: $id) { ... on Product {
  availableQuantity stock { warehouse { code } lot { lotNumber } onHand reserved }
} } }"""
REQUESTS = """
query($productId: ID!) { replenishmentRequests(productId: $productId) { edges { node {
  number quantity kind status product { sku } order { number }
} } } }"""


async def test_allocation_takes_the_nearest_warehouse_that_can_fill_each_line(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    near_small = await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=3)
    far_enough = await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=20)
    customer = await builders.make_customer(sessionmaker, place=builders.UTRECHT)
    order = await approved_order(client, customer.id, [(product.id, 5)])
    result = (await client.call("sales", ALLOCATE, id=order["id"]))["allocateSalesOrder"]["order"]
    assert result["status"] == "ALLOCATED"
    assert [
        (a["warehouse"]["code"], a["lot"]["lotNumber"], a["quantity"])
        for a in result["lines"][0]["allocations"]
    ] == [("DE-LEJ", far_enough.lot_number, 5)]
    # Ship date (tomorrow) plus the Leipzig -> NL lane of 2 days.
    assert result["promisedDeliveryDate"] == str(builders.today() + timedelta(days=3))

    split = await approved_order(client, customer.id, [(product.id, 18)])
    result = (await client.call("sales", ALLOCATE, id=split["id"]))["allocateSalesOrder"]["order"]
    assert [
        (a["warehouse"]["code"], a["lot"]["lotNumber"], a["quantity"])
        for a in result["lines"][0]["allocations"]
    ] == [("NL-RTM", near_small.lot_number, 3), ("DE-LEJ", far_enough.lot_number, 15)]


async def test_allocation_goes_earliest_expiry_first_and_skips_what_may_not_ship(
    client, sessionmaker, consistent
) -> None:
    rtm = (await builders.warehouses(sessionmaker))["NL-RTM"]
    product = await builders.make_product(sessionmaker)
    later = await builders.make_lot(
        sessionmaker, product, warehouse_id=rtm, quantity=5, expires_in_days=400
    )
    sooner = await builders.make_lot(
        sessionmaker, product, warehouse_id=rtm, quantity=5, expires_in_days=200
    )
    await builders.make_lot(sessionmaker, product, warehouse_id=rtm, quantity=50, expires_in_days=60)
    await builders.make_lot(
        sessionmaker, product, warehouse_id=rtm, quantity=50, status=LotStatus.QUARANTINE
    )
    customer = await builders.make_customer(sessionmaker, shelf_life_days=90)
    order = await approved_order(client, customer.id, [(product.id, 8)])
    result = (await client.call("sales", ALLOCATE, id=order["id"]))["allocateSalesOrder"]["order"]
    assert [(a["lot"]["lotNumber"], a["quantity"]) for a in result["lines"][0]["allocations"]] == [
        (sooner.lot_number, 5),
        (later.lot_number, 3),
    ]

    short = await approved_order(client, customer.id, [(product.id, 3)])
    refused = (await client.call("sales", ALLOCATE, id=short["id"]))["allocateSalesOrder"]
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INSUFFICIENT_STOCK", ["orderId"])
    ]
    assert refused["order"] is None


async def test_a_short_line_is_backordered_with_a_replenishment_request_and_cancel_releases(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(
        sessionmaker, tracking=TrackingMode.SERIAL, replenishment=Replenishment.PRODUCTION
    )
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["FR-LYS"], quantity=4)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    order = await approved_order(client, customer.id, [(product.id, 6)])
    result = (await client.call("sales", ALLOCATE, id=order["id"], backorder=True))["allocateSalesOrder"]
    allocated = result["order"]["lines"][0]["allocations"]
    assert result["order"]["status"] == "ALLOCATED"
    assert [(a["lot"]["lotNumber"], a["quantity"], len(a["serials"])) for a in allocated] == [
        (lot.lot_number, 4, 4)
    ]
    requests = await client.call("warehouse", REQUESTS, productId=gid("Product", product.id))
    assert [
        (
            r["node"]["quantity"],
            r["node"]["kind"],
            r["node"]["status"],
            r["node"]["order"]["number"],
        )
        for r in requests["replenishmentRequests"]["edges"]
    ] == [(2, "PRODUCTION", "OPEN", order["number"])]
    stock = (await client.call("warehouse", STOCK, id=gid("Product", product.id)))["node"]
    assert (stock["availableQuantity"], stock["stock"][0]["reserved"]) == (0, 4)

    cancelled = await client.call("sales", CANCEL, id=order["id"], reason="Customer withdrew")
    assert cancelled["cancelSalesOrder"]["order"]["status"] == "CANCELLED"
    assert cancelled["cancelSalesOrder"]["order"]["lines"][0]["allocations"] == []
    stock = (await client.call("warehouse", STOCK, id=gid("Product", product.id)))["node"]
    assert (stock["availableQuantity"], stock["stock"][0]["reserved"]) == (4, 0)
    requests = await client.call("warehouse", REQUESTS, productId=gid("Product", product.id))
    assert [r["node"]["status"] for r in requests["replenishmentRequests"]["edges"]] == [
        "CANCELLED"
    ]


async def test_a_draft_order_is_not_allocated(client, sessionmaker) -> None:

    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    draft = await client.call(
        "sales",
        CREATE_ORDER,
        input={"customerId": gid("Customer", customer.id), "lines": [line(product.id, 1)]},
    )
    order_id = draft["createSalesOrder"]["order"]["id"]
    result = (await client.call("sales", ALLOCATE, id=order_id))["allocateSalesOrder"]
    assert [e["code"] for e in result["userErrors"]] == ["INVALID_TRANSITION"]
