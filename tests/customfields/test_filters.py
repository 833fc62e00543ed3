"""Filtering by custom field values compares typed values: salesOrders(filter:
{customFields}) and customFieldMatches; partners cannot filter on what they cannot see."""

from sqlalchemy import select

from backend.db.models import Customer
from tests.customfields.support import deactivate, define, set_fields
from tests.support import builders
from tests.support.documents import CREATE_ORDER, line
from tests.support.ids import gid

ORDERS = """query($filter: SalesOrderFilter) { salesOrders(first: 50, filter: $filter) {
  totalCount edges { node { id } } } }"""
MATCHES = """query($entity: CustomFieldEntity!, $filter: [CustomFieldFilterInput!]!) {
  customFieldMatches(entity: $entity, filter: $filter, first: 50) {
    totalCount edges { node { id ... on Customer { code } ... on Product { sku } } } } }"""


async def _order(client, customer_id: int, product_id: int, values: list[dict]) -> str:
    made = (await client.call("sales", CREATE_ORDER, input={
        "customerId": gid("Customer", customer_id), "lines": [line(product_id, 1)],
        "customFields": values}))["createSalesOrder"]
    assert made["userErrors"] == [], made["userErrors"]
    return made["order"]["id"]


async def _ids(client, user: str, *filters: tuple[str, str]) -> set[str]:
    data = await client.call(user, ORDERS, filter={
        "customFields": [{"key": k, "value": v} for k, v in filters]})
    return {e["node"]["id"] for e in data["salesOrders"]["edges"]}


async def test_sales_orders_filter_by_typed_values(client, sessionmaker) -> None:
    product = await builders.make_product(sessionmaker)
    customer = await builders.make_customer(sessionmaker)
    amount = await define(client, entity="SALES_ORDER", type="NUMBER")
    text = await define(client, entity="SALES_ORDER", type="TEXT")
    day = await define(client, entity="SALES_ORDER", type="DATE")
    try:
        a = await _order(client, customer.id, product.id, [
            {"key": amount["key"], "value": "12.50"}, {"key": text["key"], "value": "North"},
            {"key": day["key"], "value": "2027-01-05"}])
        b = await _order(client, customer.id, product.id, [
            {"key": amount["key"], "value": "12.5"}, {"key": text["key"], "value": "south"}])
        c = await _order(client, customer.id, product.id, [
            {"key": amount["key"], "value": "125"}])
        assert await _ids(client, "sales", (amount["key"], "12.50")) == {a, b}
        assert await _ids(client, "sales", (amount["key"], "12.500")) == {a, b}
        assert await _ids(client, "sales", (amount["key"], "125.0")) == {c}
        assert await _ids(client, "sales", (text["key"], "NORTH")) == {a}
        # Every filter must match.
        assert await _ids(client, "sales", (amount["key"], "12.5"), (text["key"], "south")) == {b}
        assert await _ids(client, "sales", (amount["key"], "125"), (text["key"], "south")) == set()
        assert await _ids(client, "sales", (day["key"], "2027-01-05")) == {a}
        # Not a number, or no such key: nothing matches (text "12.5" is not 12.50 either).
        assert await _ids(client, "sales", (amount["key"], "twelve")) == set()
        assert await _ids(client, "sales", ("noSuchKey", "12.5")) == set()
        assert await _ids(client, "sales", (text["key"], "12.5")) == set()
        # Combined with the other filters.
        data = await client.call("sales", ORDERS, filter={
            "status": ["APPROVED"], "customFields": [{"key": amount["key"], "value": "12.5"}]})
        assert data["salesOrders"]["totalCount"] == 0
    finally:
        for field in (amount, text, day):
            await deactivate(client, field["id"])


async def test_custom_field_matches_and_partner_scope(client, sessionmaker) -> None:
    flag = await define(client, entity="CUSTOMER", type="BOOLEAN", label="Teaching hospital")
    hidden = await define(client, entity="SALES_ORDER", type="TEXT")
    shown = await define(client, entity="SALES_ORDER", type="TEXT", visibleToPartners=True)
    product = await builders.make_product(sessionmaker)
    try:
        yes = await builders.make_customer(sessionmaker)
        no = await builders.make_customer(sessionmaker)
        await set_fields(client, "admin", gid("Customer", yes.id),
                         [{"key": flag["key"], "value": "yes"}])
        await set_fields(client, "admin", gid("Customer", no.id),
                         [{"key": flag["key"], "value": "false"}])
        found = (await client.call("sales", MATCHES, entity="CUSTOMER", filter=[
            {"key": flag["key"], "value": "TRUE"}]))["customFieldMatches"]
        assert found["totalCount"] == 1 and [e["node"]["code"] for e in found["edges"]] == [
            yes.code]

        # The demo's hospitals carry their beds; products their sterilisation method.
        beds = (await client.call("sales", MATCHES, entity="CUSTOMER", filter=[
            {"key": "beds", "value": "1240.0"}]))["customFieldMatches"]
        assert [e["node"]["code"] for e in beds["edges"]] == ["HOSP-BER"]
        gamma = (await client.call("sales", MATCHES, entity="PRODUCT", filter=[
            {"key": "sterilisationMethod", "value": "GAMMA"}]))["customFieldMatches"]
        assert [e["node"]["sku"] for e in gamma["edges"]] == ["DRS-WD1010"]

        async with sessionmaker() as s:
            dist_a = await s.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
        mine = await _order(client, dist_a, product.id, [
            {"key": hidden["key"], "value": "secret"}, {"key": shown["key"], "value": "open"}])
        assert await _ids(client, "partner-a", (shown["key"], "OPEN")) == {mine}
        # A partner cannot probe a field it does not see, nor another customer's orders.
        assert await _ids(client, "partner-a", (hidden["key"], "secret")) == set()
        assert await _ids(client, "partner-b", (shown["key"], "open")) == set()
        partner = (await client.call("partner-a", MATCHES, entity="SALES_ORDER", filter=[
            {"key": shown["key"], "value": "open"}]))["customFieldMatches"]
        assert [e["node"]["id"] for e in partner["edges"]] == [mine]
        body = await client.body("partner-a", MATCHES, entity="SUPPLIER", filter=[])
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    finally:
        for field in (flag, hidden, shown):
            await deactivate(client, field["id"])
