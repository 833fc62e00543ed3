"""Custom field values: given on create (orders, shipments, receipt lines) and with
setCustomFields, validated, stored normalised, listed per record, scoped for partners,
guarded by the record's edit permission and audited under the record."""

from sqlalchemy import func, select

from backend.db.models import Customer, SalesOrder
from backend.enums import DeviceClass
from tests.customfields.support import (
    FIELDS,
    TRAIL,
    deactivate,
    define,
    fields_of,
    problems,
    put_in_line,
    set_fields,
)
from tests.support import builders
from tests.support.client import codes
from tests.support.documents import SHIP, line
from tests.support.flows import Quality, allocated_order
from tests.support.ids import gid

CREATE = """mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) {
  order { id customFields { key label type value } } userErrors { field message code } } }"""


async def _orders_of(sessionmaker, customer_id: int) -> int:
    async with sessionmaker() as s:
        return await s.scalar(select(func.count()).select_from(SalesOrder).where(
            SalesOrder.customer_id == customer_id))


async def test_order_values_are_normalised_validated_and_required(client, sessionmaker) -> None:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    number = await define(client, entity="SALES_ORDER", type="NUMBER", label="Budget")
    day = await define(client, entity="SALES_ORDER", type="DATE", label="Tender closes")
    flag = await define(client, entity="SALES_ORDER", type="BOOLEAN", label="Framework")
    tier = await define(client, entity="SALES_ORDER", type="ENUM", label="Tier",
                        enumValues=["Gold", "Silver"])
    must = await define(client, entity="SALES_ORDER", type="TEXT", label="Tender ref",
                        required=True)
    try:
        base = {"customerId": gid("Customer", customer.id), "lines": [line(product.id, 1)]}
        good = [{"key": number["key"], "value": "12.50"}, {"key": day["key"], "value": "2027-03-31"},
                {"key": flag["key"], "value": "TRUE"}, {"key": tier["key"], "value": "Gold"},
                {"key": must["key"], "value": "  T-77  "}]
        made = (await client.call("sales", CREATE, input={**base, "customFields": good}))[
            "createSalesOrder"]
        assert made["userErrors"] == []
        mine = {f["key"]: (f["label"], f["type"], f["value"]) for f in made["order"]["customFields"]}
        assert mine[number["key"]] == ("Budget", "NUMBER", "12.5")
        assert mine[day["key"]] == ("Tender closes", "DATE", "2027-03-31")
        assert mine[flag["key"]] == ("Framework", "BOOLEAN", "true")
        assert mine[tier["key"]] == ("Tier", "ENUM", "Gold")
        assert mine[must["key"]] == ("Tender ref", "TEXT", "T-77")
        # Definition order: the fields come as they were defined.
        ours = [number["key"], day["key"], flag["key"], tier["key"], must["key"]]
        keys = [f["key"] for f in made["order"]["customFields"]]
        assert [k for k in keys if k in ours] == ours

        before = await _orders_of(sessionmaker, customer.id)
        bad = [{"key": number["key"], "value": "12,5"}, {"key": day["key"], "value": "2027-02-30"},
               {"key": flag["key"], "value": "maybe"}, {"key": tier["key"], "value": "gold"},
               {"key": "noSuchField", "value": "x"}, {"key": must["key"], "value": "T-1"}]
        refused = (await client.call("sales", CREATE, input={**base, "customFields": bad}))[
            "createSalesOrder"]
        at = ["input", "customFields"]
        assert problems(refused) == [
            ("INVALID", [*at, "0", "value"]), ("INVALID", [*at, "1", "value"]),
            ("INVALID", [*at, "2", "value"]), ("INVALID", [*at, "3", "value"]),
            ("INVALID", [*at, "4", "key"])]
        missing = (await client.call("sales", CREATE, input=base))["createSalesOrder"]
        assert problems(missing) == [("CUSTOM_FIELD_REQUIRED", at)]
        assert must["label"] in missing["userErrors"][0]["message"]
        empty = (await client.call("sales", CREATE, input={
            **base, "customFields": [{"key": must["key"], "value": " "}]}))["createSalesOrder"]
        assert problems(empty) == [("CUSTOM_FIELD_REQUIRED", [*at, "0", "value"])]
        assert await _orders_of(sessionmaker, customer.id) == before

        # On set too: a required one cannot be emptied; others clear with null.
        order_id = made["order"]["id"]
        cleared = await set_fields(client, "sales", order_id, [
            {"key": must["key"], "value": None}])
        assert problems(cleared) == [("CUSTOM_FIELD_REQUIRED", ["input", "values", "0", "value"])]
        changed = await set_fields(client, "sales", order_id, [
            {"key": number["key"], "value": None}, {"key": tier["key"], "value": "Silver"}])
        assert changed["userErrors"] == []
        now = {f["key"]: f["value"] for f in changed["customFields"]}
        assert now[number["key"]] is None and now[tier["key"]] == "Silver"
        assert now[must["key"]] == "T-77"

        trail = (await client.call("admin", TRAIL, id=order_id))["auditTrail"]["edges"]
        sets = [e["node"] for e in trail if e["node"]["action"] == "custom_fields.set"]
        assert [s["actor"]["username"] for s in sets] == ["sales", "sales"]
        last = {c["field"]: (c["before"], c["after"]) for c in sets[0]["changes"]}
        assert last == {f"customFields.{number['key']}": ('"12.5"', None),
                        f"customFields.{tier['key']}": ('"Gold"', '"Silver"')}
    finally:
        for field in (number, day, flag, tier, must):
            await deactivate(client, field["id"])


async def test_product_and_lot_fields_apply_by_line_and_class(client, sessionmaker) -> None:
    line_name = builders.unique("Line")
    inside = await builders.make_product(sessionmaker)  # class IIA
    outside = await builders.make_product(sessionmaker)
    await put_in_line(sessionmaker, inside.id, line_name)
    any_class = await define(client, entity="PRODUCT", type="TEXT", productLines=[line_name])
    class_iii = await define(client, entity="PRODUCT", type="TEXT", productLines=[line_name],
                             deviceClasses=[DeviceClass.III.value])
    lot_field = await define(client, entity="LOT", type="NUMBER", label="Bioburden test",
                             productLines=[line_name], required=True)
    everywhere = await define(client, entity="PRODUCT", type="TEXT")
    try:
        inside_fields = await fields_of(client, "sales", gid("Product", inside.id))
        assert {any_class["key"]: None, everywhere["key"]: None}.items() <= inside_fields.items()
        assert class_iii["key"] not in inside_fields
        outside_fields = await fields_of(client, "sales", gid("Product", outside.id))
        assert any_class["key"] not in outside_fields and everywhere["key"] in outside_fields
        # A field of another line is an unknown key for this product.
        refused = await set_fields(client, "admin", gid("Product", outside.id), [
            {"key": any_class["key"], "value": "x"}])
        assert problems(refused) == [("INVALID", ["input", "values", "0", "key"])]

        # Receipt lines give the values of the lots they create; required ones must come.
        quality = await Quality.at_demo_site(client, sessionmaker)
        product = {"id": gid("Product", inside.id)}
        lot = await quality.receive(product, 5, customFields=[
            {"key": lot_field["key"], "value": "040.0"}])
        assert (await fields_of(client, "warehouse", lot["id"]))[lot_field["key"]] == "40"
        missing = (await client.call("warehouse", """mutation($input: ReceiveGoodsInput!) {
          receiveGoods(input: $input) { lots { id } userErrors { field code } } }""", input={
            "supplierId": quality.supplier_id, "warehouseId": quality.warehouse_id,
            "lines": [{"productId": product["id"], "lotNumber": builders.unique("L"),
                       "quantity": 1}]}))["receiveGoods"]
        assert [(e["code"], e["field"]) for e in missing["userErrors"]] == [
            ("CUSTOM_FIELD_REQUIRED", ["input", "lines", "0", "customFields"])]
    finally:
        for field in (any_class, class_iii, lot_field, everywhere):
            await deactivate(client, field["id"])


async def test_set_needs_the_records_edit_permission(client, sessionmaker) -> None:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    on_product = await define(client, entity="PRODUCT")
    on_customer = await define(client, entity="CUSTOMER", type="NUMBER", label="Beds")
    on_shipment = await define(client, entity="SHIPMENT", label="Seal number")
    try:
        pid, cid = gid("Product", product.id), gid("Customer", customer.id)
        for user in ("sales", "warehouse", "partner-a"):
            body = await client.body(user, """mutation($input: SetCustomFieldsInput!) {
              setCustomFields(input: $input) { userErrors { code } } }""", input={
                "nodeId": pid, "values": [{"key": on_product["key"], "value": "x"}]})
            assert codes(body) == ["FORBIDDEN"], user
        assert (await set_fields(client, "admin", pid, [
            {"key": on_product["key"], "value": "Blue"}]))["userErrors"] == []
        assert (await set_fields(client, "admin", cid, [
            {"key": on_customer["key"], "value": "0300"}]))["customFields"][-1]["value"] == "300"
        assert (await fields_of(client, "sales", cid))[on_customer["key"]] == "300"

        # Shipments: values on create, changed by the warehouse, not by sales.
        lot = await builders.make_lot(sessionmaker, product,
                                      warehouse_id=(await builders.warehouses(sessionmaker))[
                                          "NL-RTM"], quantity=5)
        order = await allocated_order(client, customer.id, [(product.id, 2)])
        shipped = (await client.call("warehouse", SHIP, input={
            "orderId": order["id"], "lines": [{"lotId": gid("Lot", lot.id), "quantity": 2}],
            "customFields": [{"key": on_shipment["key"], "value": "S-1"}]}))["createShipment"]
        assert shipped["userErrors"] == []
        sid = shipped["shipment"]["id"]
        assert (await fields_of(client, "sales", sid))[on_shipment["key"]] == "S-1"
        assert codes(await client.body("sales", """mutation($input: SetCustomFieldsInput!) {
          setCustomFields(input: $input) { userErrors { code } } }""", input={
            "nodeId": sid, "values": [{"key": on_shipment["key"], "value": "S-2"}]})) == [
            "FORBIDDEN"]
        assert (await set_fields(client, "warehouse", sid, [
            {"key": on_shipment["key"], "value": "S-2"}]))["userErrors"] == []

        # Not every node has custom fields; a malformed id is INVALID at nodeId.
        other = await set_fields(client, "admin", gid("Warehouse", 1), [])
        assert problems(other) == [("INVALID", ["input", "nodeId"])]
    finally:
        for field in (on_product, on_customer, on_shipment):
            await deactivate(client, field["id"])


async def test_partners_see_and_set_only_partner_visible_fields(client, sessionmaker) -> None:
    shown = await define(client, entity="SALES_ORDER", label="PO reference",
                         visibleToPartners=True)
    hidden = await define(client, entity="SALES_ORDER", label="Margin note")
    product = await builders.make_product(sessionmaker)
    async with sessionmaker() as s:
        dist_a = await s.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
    try:
        made = (await client.call("partner-a", CREATE, input={
            "customerId": gid("Customer", dist_a), "lines": [line(product.id, 1)],
            "customFields": [{"key": shown["key"], "value": "PO-9"}]}))["createSalesOrder"]
        assert made["userErrors"] == []
        oid = made["order"]["id"]
        assert (await set_fields(client, "sales", oid, [
            {"key": hidden["key"], "value": "thin"}]))["userErrors"] == []

        partner = await fields_of(client, "partner-a", oid)
        assert partner[shown["key"]] == "PO-9" and hidden["key"] not in partner
        staff = await fields_of(client, "sales", oid)
        assert staff[shown["key"]] == "PO-9" and staff[hidden["key"]] == "thin"
        # A hidden field is no field for a partner; another partner's order is not found.
        refused = await set_fields(client, "partner-a", oid, [
            {"key": hidden["key"], "value": "x"}])
        assert problems(refused) == [("INVALID", ["input", "values", "0", "key"])]
        other = await set_fields(client, "partner-b", oid, [{"key": shown["key"], "value": "x"}])
        assert problems(other) == [("NOT_FOUND", ["input", "nodeId"])]
        assert (await client.body("partner-b", FIELDS, id=oid))["data"]["node"] is None
    finally:
        await deactivate(client, shown["id"])
        await deactivate(client, hidden["id"])


LIST = """query($withFields: Boolean!) { salesOrders(first: 30) { edges { node { number
  customFields @include(if: $withFields) { key value }
  customer { code customFields @include(if: $withFields) { key value } }
  lines { product { sku customFields @include(if: $withFields) { key value } } } } } } }"""


async def test_lists_read_custom_fields_in_one_statement_per_entity(
    client, api, live_server
) -> None:
    from tests.readpath.test_statements import statements

    # The newest orders are other tests' and may carry no tender number: give one of them one.
    newest = (await client.call("sales", "{ salesOrders(first: 30) { edges { node { id } } } }"))[
        "salesOrders"]["edges"]
    for edge in newest:
        given = await set_fields(client, "sales", edge["node"]["id"], [
            {"key": "tenderNumber", "value": f"TND-LIST-{builders.tag()}"}])
        if not given["userErrors"]:
            break
    else:
        raise AssertionError("no order of the first page takes a tender number")
    token = await client.token("sales")
    sent, body = await statements(live_server, api, token, LIST, {"withFields": True})
    orders = body["data"]["salesOrders"]["edges"]
    assert len(orders) >= 20
    reads = [s for s in sent if "custom_field_definitions" in s]
    assert len(reads) == 3, reads  # orders, customers, products: one batch each
    tenders = [f["value"] for o in orders for f in o["node"]["customFields"]
               if f["key"] == "tenderNumber"]
    assert len(tenders) == len(orders) and any(tenders)  # listed on every order, filled on some
    without, _ = await statements(live_server, api, token, LIST, {"withFields": False})
    assert not [s for s in without if "custom_field" in s]
