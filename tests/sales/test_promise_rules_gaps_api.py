"""What available to promise leaves out and that it writes nothing, the order's promised
date across lines, an edited approval rule on the next submit, and expired licences."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import text, update

from backend.db.models import CustomerLicence, Lot, Product
from backend.enums import DeviceClass, LotStatus
from tests.sales.change_control_docs import (
    ADD_LICENCE,
    ATP,
    CC_CREATE,
    CC_SUBMIT,
    CREATE_RULE,
    SET_REQUIREMENT,
    UPDATE_RULE,
)
from tests.sales.test_order_changes_api import _draft, errors
from tests.support import builders, flows
from tests.support.documents import line
from tests.support.ids import gid, pk
from tests.support.sql import BACKGROUND, counting_statements

WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE")


async def _fingerprint(engine) -> dict[str, str]:
    """Every table's rows, hashed (background delivery tables left out)."""
    async with engine.connect() as conn:
        tables = (await conn.execute(text(
            "select tablename from pg_tables where schemaname = 'public' order by 1"))).scalars()
        out = {}
        for table in list(tables):
            if any(word in table for word in BACKGROUND):
                continue
            out[table] = await conn.scalar(text(
                f'select count(*) || \':\' || coalesce(md5(string_agg(md5(t::text), \'\' '
                f'order by md5(t::text))), \'\') from "{table}" t'))
    return out


async def test_from_stock_leaves_out_quarantine_expired_short_dated_and_reserved_stock(
    client, sessionmaker, engine, live_server, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    at = wh["DE-LEJ"]
    product = await builders.make_product(sessionmaker)
    await builders.make_lot(sessionmaker, product, warehouse_id=at, quantity=4)
    await builders.make_lot(sessionmaker, product, warehouse_id=at, quantity=5,
                            status=LotStatus.QUARANTINE)
    await builders.make_lot(sessionmaker, product, warehouse_id=at, quantity=6,
                            expires_in_days=10)
    expired = await builders.make_lot(sessionmaker, product, warehouse_id=at, quantity=7)
    async with sessionmaker() as s, s.begin():
        # Released stock whose date has passed (no job has flipped its status yet).
        await s.execute(update(Lot).where(Lot.id == expired.id)
                        .values(expires_on=builders.today() - timedelta(days=1)))
    other = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    await flows.allocated_order(client, other.id, [(product.id, 3)])  # 3 of the 4

    strict = await builders.make_customer(sessionmaker, place=builders.MUNICH,
                                          shelf_life_days=30)
    lenient = await builders.make_customer(sessionmaker, place=builders.MUNICH,
                                           shelf_life_days=0)

    async def from_stock(customer) -> int:
        [promised] = (await client.call("sales", ATP, input={
            "customerId": gid("Customer", customer.id),
            "lines": [line(product.id, 30)]}))["availableToPromise"]["lines"]
        return promised["fromStock"]

    # Free: 1 of the good lot (3 reserved), 6 short-dated; quarantined 5 and expired 7 never.
    assert await from_stock(strict) == 1
    await client.token("sales")  # signing in writes; the promise itself must not
    before = await _fingerprint(engine)
    with counting_statements(live_server.app) as statements:
        assert await from_stock(lenient) == 1 + 6
    assert statements, "the promise read nothing"
    assert [s for s in statements if s.lstrip().upper().startswith(WRITES)] == []
    assert await _fingerprint(engine) == before


async def test_the_order_is_promised_for_its_latest_line(client, sessionmaker, consistent) -> None:
    wh = await builders.warehouses(sessionmaker)
    stocked = await builders.make_product(sessionmaker)
    await builders.make_lot(sessionmaker, stocked, warehouse_id=wh["DE-LEJ"], quantity=10)
    bought = await builders.make_product(sessionmaker)
    async with sessionmaker() as s, s.begin():
        await s.execute(update(Product).where(Product.id == bought.id).values(lead_time_days=14))
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    today = builders.today()
    requested = str(today + timedelta(days=30))
    lines = [line(stocked.id, 2), line(bought.id, 1), line(stocked.id, 3)]
    atp = (await client.call("sales", ATP, input={
        "customerId": gid("Customer", customer.id), "requestedDeliveryDate": requested,
        "lines": lines}))["availableToPromise"]
    # Leipzig to Munich is 1 day; the bought line ships after 1 + 14 days.
    early, late = str(today + timedelta(days=2)), str(today + timedelta(days=16))
    assert [ln["promisedDeliveryDate"] for ln in atp["lines"]] == [early, late, early]
    assert atp["promisedDeliveryDate"] == late

    made = (await client.call("sales", CC_CREATE, input={
        "customerId": gid("Customer", customer.id), "requestedDeliveryDate": requested,
        "lines": lines}))["createSalesOrder"]["order"]
    order = (await client.call("sales", CC_SUBMIT, id=made["id"]))["submitSalesOrder"]["order"]
    assert [ln["promise"]["promisedDeliveryDate"] for ln in order["lines"]] == [
        early, late, early]
    assert order["promisedDeliveryDate"] == late and order["latePromise"] is False


async def test_an_updated_rule_is_what_the_next_submit_asks(
    client, sessionmaker, consistent
) -> None:
    region = builders.unique("R")
    code = builders.unique("BIG")
    made = (await client.call("admin", CREATE_RULE, input={
        "code": code, "description": "Very big orders to the test region",
        "conditions": {"minOrderTotal": "1000", "customerRegions": [region]},
        "levels": [{"requiredRoles": ["SALES_MANAGER"]}]}))["createOrderApprovalRule"]
    assert made["userErrors"] == []
    rule_id = made["rule"]["id"]
    try:
        product = await builders.make_product(sessionmaker, price="100.00")
        customer = await builders.make_customer(sessionmaker, place=(region, 51.05, 13.74))

        async def submitted() -> dict:
            order = await _draft(client, customer.id, [line(product.id, 3)])  # 363.00
            return (await client.call("sales", CC_SUBMIT, id=order["id"]))[
                "submitSalesOrder"]["order"]

        assert (await submitted())["status"] == "APPROVED"
        changed = (await client.call("admin", UPDATE_RULE, input={
            "ruleId": rule_id,
            "conditions": {"minOrderTotal": "300", "customerRegions": [region]},
            "levels": [{"requiredRoles": ["FINANCE"]}, {"requiredRoles": ["QA_MANAGER"]}],
        }))["updateOrderApprovalRule"]
        assert changed["userErrors"] == []
        assert Decimal(changed["rule"]["conditions"]["minOrderTotal"]) == Decimal("300")
        assert changed["rule"]["levels"] == [{"level": 1, "requiredRoles": ["FINANCE"]},
                                             {"level": 2, "requiredRoles": ["QA_MANAGER"]}]
        after = await submitted()
        assert after["status"] == "PENDING_APPROVAL"
        assert sorted((a["rule"], a["level"], a["requiredRole"], a["status"])
                      for a in after["approvals"]) == [
            (code, 1, "FINANCE", "PENDING"), (code, 2, "QA_MANAGER", "PENDING")]
    finally:
        await client.call("admin", UPDATE_RULE, input={"ruleId": rule_id, "active": False})


async def test_an_expired_licence_covers_nothing_on_create_or_submit(
    client, sessionmaker, consistent
) -> None:
    region = builders.unique("LIC")
    customer = await builders.make_customer(sessionmaker, place=(region, 51.0, 13.7),
                                            licensed=False)
    free = await builders.make_product(sessionmaker)
    needs = await builders.make_product(sessionmaker)
    async with sessionmaker() as s, s.begin():
        # Class I needs no licence anywhere; IIB does.
        await s.execute(update(Product).where(Product.id == free.id)
                        .values(device_class=DeviceClass.I))
        await s.execute(update(Product).where(Product.id == needs.id)
                        .values(device_class=DeviceClass.IIB))
    required = (await client.call("admin", SET_REQUIREMENT, input={
        "region": region, "deviceClasses": ["IIB"]}))["setLicenceRequirement"]
    today = builders.today()
    customer_id = gid("Customer", customer.id)
    lines = [line(free.id, 1), line(needs.id, 1)]
    not_qualified = {("CUSTOMER_NOT_QUALIFIED", ("input", "lines", "1", "productId"))}
    try:
        old = (await client.call("qa", ADD_LICENCE, input={
            "customerId": customer_id, "number": "L-OLD", "issuer": "LDS",
            "deviceClasses": ["IIB"], "validFrom": str(today - timedelta(days=400)),
            "validUntil": str(today - timedelta(days=1))}))["addCustomerLicence"]
        assert old["licence"]["status"] == "EXPIRED"
        refused = (await client.call("sales", CC_CREATE, input={
            "customerId": customer_id, "lines": lines}))["createSalesOrder"]
        assert errors(refused) == not_qualified and refused["order"] is None

        current = (await client.call("qa", ADD_LICENCE, input={
            "customerId": customer_id, "number": "L-NOW", "issuer": "LDS",
            "deviceClasses": ["IIB"], "validFrom": str(today - timedelta(days=30)),
            "validUntil": str(today)}))["addCustomerLicence"]["licence"]
        # Valid through its last day.
        order = await _draft(client, customer.id, lines)
        async with sessionmaker() as s, s.begin():
            # A day later, it has expired too.
            await s.execute(update(CustomerLicence).where(CustomerLicence.id == pk(current["id"]))
                            .values(valid_until=today - timedelta(days=1)))
        submitted = (await client.call("sales", CC_SUBMIT, id=order["id"]))["submitSalesOrder"]
        assert errors(submitted) == not_qualified and submitted["order"] is None
        again = (await client.call("sales", CC_CREATE, input={
            "customerId": customer_id, "lines": lines}))["createSalesOrder"]
        assert errors(again) == not_qualified
    finally:
        await client.call("admin", SET_REQUIREMENT, input={
            "requirementId": required["requirement"]["id"], "region": region,
            "deviceClasses": ["IIB"], "active": False})
