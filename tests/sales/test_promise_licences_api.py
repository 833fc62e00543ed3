"""Available to promise, promises kept on lines, and customer licences."""

from datetime import timedelta

from sqlalchemy import func, select, update

from backend.db.models import Allocation, Product, SalesOrderLine, Serial
from backend.domain.sales import allocation
from backend.enums import SerialStatus, TrackingMode
from tests.sales.change_control_docs import (
    ADD_LICENCE,
    ATP,
    CC_CREATE,
    CC_SUBMIT,
    LICENCES,
    REVOKE_LICENCE,
    SET_REQUIREMENT,
)
from tests.support import builders
from tests.support.documents import line
from tests.support.ids import gid


async def _lead_time(sessionmaker, product_id: int, days: int) -> None:
    async with sessionmaker() as s, s.begin():
        await s.execute(update(Product).where(Product.id == product_id)
                        .values(lead_time_days=days))


async def test_stock_covers_what_it_can_and_lead_time_the_rest(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=5)
    await _lead_time(sessionmaker, product.id, 14)
    nothing = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    today = builders.today()
    result = (await client.call("sales", ATP, input={
        "customerId": gid("Customer", customer.id),
        "requestedDeliveryDate": str(today + timedelta(days=5)),
        "lines": [{"productId": gid("Product", product.id), "quantity": 4},
                  {"productId": gid("Product", product.id), "quantity": 3},
                  {"productId": gid("Product", nothing.id), "quantity": 1}],
    }))["availableToPromise"]
    assert result["userErrors"] == []
    first, second, third = result["lines"]
    assert (first["fromStock"], first["source"], first["warehouse"]["code"]) == (
        4, "STOCK", "DE-LEJ")
    assert first["promisedShipDate"] == str(today + timedelta(days=1))
    assert first["late"] is False
    # The second line gets what the first left: 1 from stock, the rest by lead time.
    assert (second["fromStock"], second["source"]) == (1, "LEAD_TIME")
    assert second["promisedShipDate"] == str(today + timedelta(days=15))
    assert second["late"] is True
    assert (third["fromStock"], third["source"], third["promisedDeliveryDate"]) == (
        0, "NONE", None)
    assert result["late"] is True and result["promisedDeliveryDate"] is None

    bad = (await client.call("sales", ATP, input={
        "customerId": gid("Customer", customer.id),
        "lines": [{"productId": gid("Product", product.id), "quantity": 0}]}))
    assert [(e["code"], e["field"]) for e in bad["availableToPromise"]["userErrors"]] == [
        ("INVALID", ["input", "lines", "0", "quantity"])]
    theirs = await client.call("partner-a", ATP, input={
        "customerId": gid("Customer", customer.id),
        "lines": [{"productId": gid("Product", product.id), "quantity": 1}]})
    assert [e["code"] for e in theirs["availableToPromise"]["userErrors"]] == ["NOT_FOUND"]


async def test_serial_tracked_stock_promises_no_more_than_its_free_serials(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, tracking=TrackingMode.SERIAL)
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=6)
    await _lead_time(sessionmaker, product.id, 14)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    async with sessionmaker() as s, s.begin():
        # One unit reserved (with its serial) for another order.
        await builders.allocated(s, customer.id, [(product.id, 1)])
        # Two units back from a customer, their hold released: on hand and unheld, but their
        # serials stay RETURNED, so no allocation can take them.
        await s.execute(update(Serial).where(
            Serial.lot_id == lot.id, Serial.serial_number.in_(
                [f"{lot.lot_number}-005", f"{lot.lot_number}-006"]))
            .values(status=SerialStatus.RETURNED))
    result = (await client.call("sales", ATP, input={
        "customerId": gid("Customer", customer.id),
        "lines": [{"productId": gid("Product", product.id), "quantity": 5}],
    }))["availableToPromise"]
    assert result["userErrors"] == []
    [promised] = result["lines"]
    # 6 on hand, 1 reserved: 5 unreserved units, but only 3 free serial numbers.
    assert (promised["fromStock"], promised["source"]) == (3, "LEAD_TIME")

    # Allocation, with backorder, reserves exactly what was promised from stock.
    async with sessionmaker() as s, s.begin():
        order = await builders.approved(s, customer.id, [(product.id, 5)])
        await allocation.allocate_sales_order(
            s, actor=await builders.demo_actor(s, "sales"), order_id=order.id, backorder=True)
        reserved = await s.scalar(select(func.sum(Allocation.quantity)).where(
            Allocation.order_line_id.in_(
                select(SalesOrderLine.id).where(SalesOrderLine.order_id == order.id))))
    assert reserved == 3


async def test_submit_stores_each_lines_promise(client, sessionmaker, consistent) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=5)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    made = (await client.call("sales", CC_CREATE, input={
        "customerId": gid("Customer", customer.id), "lines": [line(product.id, 2)],
        "requestedDeliveryDate": str(builders.today() + timedelta(days=30))}))
    order = (await client.call("sales", CC_SUBMIT, id=made["createSalesOrder"]["order"]["id"]))[
        "submitSalesOrder"]["order"]
    promise = order["lines"][0]["promise"]
    assert (promise["source"], promise["fromStock"], promise["late"]) == ("STOCK", 2, False)
    assert order["promisedDeliveryDate"] == promise["promisedDeliveryDate"]
    assert order["latePromise"] is False


async def test_a_customer_without_a_covering_licence_is_not_sold_the_class(
    client, sessionmaker, consistent
) -> None:
    region = builders.unique("LIC")
    customer = await builders.make_customer(sessionmaker, place=(region, 51.0, 13.7),
                                            licensed=False)
    product = await builders.make_product(sessionmaker)  # class IIA
    required = (await client.call("admin", SET_REQUIREMENT, input={
        "region": region, "deviceClasses": ["IIA", "IIB", "III"]}))["setLicenceRequirement"]
    assert required["userErrors"] == []
    requirement_id = required["requirement"]["id"]
    try:
        refused = (await client.call("sales", CC_CREATE, input={
            "customerId": gid("Customer", customer.id),
            "lines": [line(product.id, 1)]}))["createSalesOrder"]
        assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
            ("CUSTOMER_NOT_QUALIFIED", ["input", "lines", "0", "productId"])]

        today = builders.today()
        no_class = (await client.call("qa", ADD_LICENCE, input={
            "customerId": gid("Customer", customer.id), "number": "L-1", "issuer": "LDS",
            "deviceClasses": [], "validFrom": str(today),
            "validUntil": str(today + timedelta(days=20))}))["addCustomerLicence"]
        assert [e["code"] for e in no_class["userErrors"]] == ["INVALID"]
        added = (await client.call("manager", ADD_LICENCE, input={
            "customerId": gid("Customer", customer.id), "number": "L-2", "issuer": "LDS",
            "deviceClasses": ["IIA"], "validFrom": str(today),
            "validUntil": str(today + timedelta(days=20))}))["addCustomerLicence"]
        licence = added["licence"]
        assert (licence["status"], licence["daysToExpiry"]) == ("VALID", 20)
        allowed = (await client.call("sales", CC_CREATE, input={
            "customerId": gid("Customer", customer.id),
            "lines": [line(product.id, 1)]}))["createSalesOrder"]
        assert allowed["userErrors"] == []
        expiring = (await client.call("manager", LICENCES, days=30,
                                      customerId=gid("Customer", customer.id)))
        assert [e["node"]["number"] for e in expiring["customerLicences"]["edges"]] == ["L-2"]
        assert (await client.call("manager", LICENCES, days=10, customerId=gid(
            "Customer", customer.id)))["customerLicences"]["totalCount"] == 0

        revoked = (await client.call("qa", REVOKE_LICENCE, input={
            "licenceId": licence["id"], "reason": "Withdrawn by the authority"}))
        assert revoked["revokeCustomerLicence"]["licence"]["status"] == "REVOKED"
        # Submitting re-checks: the draft made while licensed no longer goes through.
        submit = (await client.call("sales", CC_SUBMIT, id=allowed["order"]["id"]))
        assert [e["code"] for e in submit["submitSalesOrder"]["userErrors"]] == [
            "CUSTOMER_NOT_QUALIFIED"]
        partner = await client.call("partner-a", LICENCES, days=None, customerId=None)
        # Their own licence (the demo's LIC-DIST-A), and no one else's.
        assert {e["node"]["customer"]["code"] for e in
                partner["customerLicences"]["edges"]} == {"DIST-A"}
    finally:
        await client.call("admin", SET_REQUIREMENT, input={
            "requirementId": requirement_id, "region": region, "deviceClasses": ["IIA"],
            "active": False})
