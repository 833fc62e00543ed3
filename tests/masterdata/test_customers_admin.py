"""Customers kept by the administrator: validated, audited, all or nothing; credit limits are
finance's; partners read their own customer and change nothing."""

from sqlalchemy import select

from backend.api.ids import from_global_id
from backend.db.models import OutboxEvent
from tests.masterdata.graph import (
    CREATE_CUSTOMER,
    CREATE_ORDER,
    CUSTOMERS,
    UPDATE_CUSTOMER,
    customer_id,
    errors,
    product_id,
    top_codes,
    trail,
)
from tests.support.builders import unique
from tests.support.client import Client

CONTACT = {"name": "Anna Visser", "role": "Purchasing", "email": "anna@example.org",
           "phone": "+31 30 555 0000"}
ADDRESS = {"kind": "SHIPPING", "street": "Kade 1", "postalCode": "3511", "city": "Utrecht",
           "country": "nl", "region": "NL"}


def new_customer(**fields: object) -> dict[str, object]:
    return {"code": unique("CUS"), "name": "Ziekenhuis Test", "kind": "HOSPITAL",
            "region": "NL", "latitude": 52.09, "longitude": 5.12, **fields}


async def create(client: Client, user: str = "admin", **fields: object) -> dict:
    return (await client.call(user, CREATE_CUSTOMER, input=new_customer(**fields)))[
        "createCustomer"]


async def test_admin_creates_a_customer_with_contacts_and_addresses(client: Client) -> None:
    created = await create(client, contacts=[CONTACT], addresses=[ADDRESS],
                           paymentTermsDays=45, minRemainingShelfLifeDays=90)
    assert created["userErrors"] == []
    customer = created["customer"]
    assert customer["active"] is True
    assert customer["creditLimit"] in ("0", "0.00")  # 0 until finance sets one
    assert (customer["paymentTermsDays"], customer["minRemainingShelfLifeDays"]) == (45, 90)
    assert [(c["name"], c["email"]) for c in customer["contacts"]] == [
        ("Anna Visser", "anna@example.org")]
    assert [(a["kind"], a["country"], a["region"]) for a in customer["addresses"]] == [
        ("SHIPPING", "NL", "NL")]
    [event] = [e for e in await trail(client, customer["id"]) if e["action"] == "customer.created"]
    assert event["actor"]["username"] == "admin"
    assert event["changed"]["code"] == (None, f'"{customer["code"]}"')
    assert "contacts" in event["changed"]


async def test_bad_input_names_every_field_and_writes_nothing(client: Client) -> None:
    code = unique("BAD")
    payload = await create(
        client, code=code, region="ATLANTIS", latitude=95.0, longitude=5.0,
        minRemainingShelfLifeDays=-1,
        contacts=[{**CONTACT, "email": "not-an-address"}],
        addresses=[{**ADDRESS, "country": "XQ"}])
    assert sorted(errors(payload), key=str) == sorted([
        ("INVALID", ["input", "region"]),
        ("INVALID", ["input", "latitude"]),
        ("INVALID", ["input", "minRemainingShelfLifeDays"]),
        ("INVALID", ["input", "contacts", "0", "email"]),
        ("INVALID", ["input", "addresses", "0", "country"]),
    ], key=str)
    assert payload["customer"] is None
    assert (await client.call("admin", CUSTOMERS, s=code))["customers"]["totalCount"] == 0
    first = await create(client)
    again = await create(client, code=first["customer"]["code"])
    assert errors(again) == [("DUPLICATE", ["input", "code"])]


async def test_update_replaces_lists_and_the_trail_keeps_before_and_after(
        client: Client, sessionmaker) -> None:  # noqa: ANN001
    customer = (await create(client, contacts=[CONTACT]))["customer"]
    updated = (await client.call("admin", UPDATE_CUSTOMER, input={
        "customerId": customer["id"], "name": "Ziekenhuis Nieuw", "paymentTermsDays": 60,
        "contacts": [{"name": "Bram Smit", "email": "bram@example.org"}],
        "addresses": [ADDRESS, {**ADDRESS, "kind": "BILLING", "region": None}],
    }))["updateCustomer"]
    assert updated["userErrors"] == []
    assert updated["customer"]["name"] == "Ziekenhuis Nieuw"
    assert [c["name"] for c in updated["customer"]["contacts"]] == ["Bram Smit"]
    assert [a["kind"] for a in updated["customer"]["addresses"]] == ["SHIPPING", "BILLING"]
    [event] = [e for e in await trail(client, customer["id"])
               if e["action"] == "customer.updated"]
    assert event["changed"]["name"] == ('"Ziekenhuis Test"', '"Ziekenhuis Nieuw"')
    assert event["changed"]["payment_terms_days"] == ("30", "60")
    before, after = event["changed"]["contacts"]
    assert "Anna Visser" in before and "Bram Smit" in after
    async with sessionmaker() as s:
        announced = (await s.scalars(select(OutboxEvent.payload).where(
            OutboxEvent.topic == "customer.changed",
            OutboxEvent.aggregate_id == from_global_id(customer["id"])[1]))).all()
    assert [sorted(p["fields"]) for p in announced] == [
        ["addresses", "contacts", "name", "payment_terms_days"]]
    refused = (await client.call("admin", UPDATE_CUSTOMER, input={
        "customerId": customer["id"], "name": "Never", "region": "MOON"}))["updateCustomer"]
    assert errors(refused) == [("INVALID", ["input", "region"])]
    data = await client.call("admin", CUSTOMERS, s=customer["code"])
    assert data["customers"]["edges"][0]["node"]["active"] is True


async def test_credit_limits_are_set_by_finance_only(client: Client) -> None:
    code = unique("CRD")
    body = await client.body("admin", CREATE_CUSTOMER,
                             input=new_customer(code=code, creditLimit="5000.00"))
    assert top_codes(body) == ["FORBIDDEN"]
    assert (await client.call("admin", CUSTOMERS, s=code))["customers"]["totalCount"] == 0

    customer = (await create(client))["customer"]
    body = await client.body("admin", UPDATE_CUSTOMER, input={
        "customerId": customer["id"], "creditLimit": "5000.00", "name": "Sneaky"})
    assert top_codes(body) == ["FORBIDDEN"]
    set_by_finance = (await client.call("finance", UPDATE_CUSTOMER, input={
        "customerId": customer["id"], "creditLimit": "7500.00"}))["updateCustomer"]
    assert set_by_finance["userErrors"] == []
    assert set_by_finance["customer"]["creditLimit"] == "7500.00"
    assert set_by_finance["customer"]["name"] == "Ziekenhuis Test"  # nothing else changed
    # Finance holds no master data authority.
    body = await client.body("finance", UPDATE_CUSTOMER, input={
        "customerId": customer["id"], "name": "Renamed by finance"})
    assert top_codes(body) == ["FORBIDDEN"]
    [event] = [e for e in await trail(client, customer["id"])
               if e["action"] == "customer.credit_limit_set"]
    assert event["actor"]["username"] == "finance"
    assert event["changed"] == {"credit_limit": ('"0.00"', '"7500.00"')}
    negative = (await client.call("finance", UPDATE_CUSTOMER, input={
        "customerId": customer["id"], "creditLimit": "-1.00"}))["updateCustomer"]
    assert errors(negative) == [("INVALID", ["input", "creditLimit"])]


async def test_partners_read_their_own_customer_and_change_nothing(client: Client) -> None:
    own = await customer_id(client, "DIST-A")
    other = await customer_id(client, "DIST-B")
    read = """query($id: ID!) { node(id: $id) { ... on Customer { code contacts { name }
      addresses { country } } } }"""
    mine = (await client.call("partner-a", read, id=own))["node"]
    assert mine["code"] == "DIST-A" and mine["contacts"] and mine["addresses"]
    assert (await client.body("partner-a", read, id=other))["data"]["node"] is None
    body = await client.body("partner-a", UPDATE_CUSTOMER, input={
        "customerId": own, "name": "Partner rename"})
    assert top_codes(body) == ["FORBIDDEN"]
    body = await client.body("partner-a", CREATE_CUSTOMER, input=new_customer())
    assert top_codes(body) == ["FORBIDDEN"]


async def test_inactive_customers_take_no_new_orders(client: Client) -> None:
    customer = (await create(client))["customer"]
    await client.call("admin", UPDATE_CUSTOMER, input={
        "customerId": customer["id"], "active": False})
    order = (await client.call("sales", CREATE_ORDER, input={
        "customerId": customer["id"],
        "lines": [{"productId": await product_id(client, "CAN-IV20G"), "quantity": 1}],
    }))["createSalesOrder"]
    assert errors(order) == [("INVALID", ["input", "customerId"])]
    assert order["order"] is None
