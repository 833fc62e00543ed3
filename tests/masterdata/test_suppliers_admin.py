"""Suppliers kept by the administrator: ISO countries, and new ones wait for QA's
qualification like any registered supplier."""

from tests.masterdata.graph import CREATE_SUPPLIER, UPDATE_SUPPLIER, errors, top_codes, trail
from tests.support.builders import unique
from tests.support.client import Client


def new_supplier(**fields: object) -> dict[str, object]:
    return {"code": unique("SUP"), "name": "Moulded Parts GmbH", "country": "AT",
            "address": "Industriestr. 4, 4020 Linz", **fields}


async def test_a_new_supplier_is_not_approved(client: Client) -> None:
    created = (await client.call("admin", CREATE_SUPPLIER, input=new_supplier()))[
        "createSupplier"]
    assert created["userErrors"] == []
    supplier = created["supplier"]
    assert (supplier["approved"], supplier["qualificationStatus"]) == (False, "PENDING")
    assert supplier["address"] == "Industriestr. 4, 4020 Linz"
    actions = {e["action"] for e in await trail(client, supplier["id"])}
    assert {"supplier.created", "supplier.registered"} <= actions
    again = (await client.call("admin", CREATE_SUPPLIER, input=new_supplier(
        code=supplier["code"])))["createSupplier"]
    assert errors(again) == [("DUPLICATE", ["input", "code"])]


async def test_countries_are_iso_codes(client: Client) -> None:
    for country in ("XQ", "Austria", "A1"):
        payload = (await client.call("admin", CREATE_SUPPLIER, input=new_supplier(
            country=country)))["createSupplier"]
        assert errors(payload) == [("INVALID", ["input", "country"])], country
        assert payload["supplier"] is None


async def test_update_is_audited_and_partners_or_buyers_may_not(client: Client) -> None:
    supplier = (await client.call("admin", CREATE_SUPPLIER, input=new_supplier()))[
        "createSupplier"]["supplier"]
    updated = (await client.call("admin", UPDATE_SUPPLIER, input={
        "supplierId": supplier["id"], "country": "de", "address": "Werkstr. 1, Köln"}))[
        "updateSupplier"]
    assert updated["userErrors"] == []
    assert (updated["supplier"]["country"], updated["supplier"]["approved"]) == ("DE", False)
    [event] = [e for e in await trail(client, supplier["id"])
               if e["action"] == "supplier.updated"]
    assert event["changed"]["country"] == ('"AT"', '"DE"')
    refused = (await client.call("admin", UPDATE_SUPPLIER, input={
        "supplierId": supplier["id"], "country": "ZZ", "name": "Other"}))["updateSupplier"]
    assert errors(refused) == [("INVALID", ["input", "country"])]
    for user in ("partner-a", "buyer"):
        body = await client.body(user, UPDATE_SUPPLIER, input={
            "supplierId": supplier["id"], "name": "Not yours"})
        assert top_codes(body) == ["FORBIDDEN"], user
