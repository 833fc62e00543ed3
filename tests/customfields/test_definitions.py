"""Custom field definitions: keys, types, scoping, changes, permission and audit."""

import json

from sqlalchemy import func, select

from backend.db.models import CustomFieldDefinition
from tests.customfields.support import (
    CREATE,
    DEFINITIONS,
    TRAIL,
    UPDATE,
    deactivate,
    define,
    fields_of,
    key,
    problems,
    put_in_line,
    set_fields,
)
from tests.support import builders
from tests.support.client import codes
from tests.support.ids import gid


async def _create(client, user="admin", **fields):
    return (await client.call(user, CREATE, input=fields))["createCustomFieldDefinition"]


async def test_keys_are_checked_unique_per_entity_and_normalised_lists_kept(client) -> None:
    k = key("batch_")
    made = await define(client, entity="PRODUCT", key=k, label="Batch size", type="NUMBER",
                        productLines=["wound CARE", "Cardiac"], deviceClasses=["III", "IIB"],
                        helpText="Units per batch", required=True)
    assert made["entity"] == "PRODUCT" and made["key"] == k and made["type"] == "NUMBER"
    # Lines take the spelling of the products' lines, classes come back as given.
    assert made["productLines"] == ["Wound care", "Cardiac"]
    assert sorted(made["deviceClasses"]) == ["IIB", "III"]
    assert made["required"] is True and made["active"] is True

    for bad in ("1abc", "a-b", "_x", "a" * 41, ""):
        refused = await _create(client, entity="PRODUCT", key=bad, label="X", type="TEXT")
        assert problems(refused) == [("INVALID", ["input", "key"])], bad
    duplicate = await _create(client, entity="PRODUCT", key=k, label="Again", type="TEXT")
    assert problems(duplicate) == [("DUPLICATE", ["input", "key"])]
    # The same key on another entity is another field.
    other = await _create(client, entity="LOT", key=k, label="Batch size", type="NUMBER")
    assert other["userErrors"] == []

    listed = (await client.call("admin", DEFINITIONS, entity="PRODUCT"))["customFieldDefinitions"]
    assert [d["key"] for d in listed].count(k) == 1


async def test_enum_values_and_product_scoping_are_validated(client, sessionmaker) -> None:
    no_values = await _create(client, entity="SALES_ORDER", key=key(), label="Tier", type="ENUM")
    assert problems(no_values) == [("INVALID", ["input", "enumValues"])]
    empty = await _create(client, entity="SALES_ORDER", key=key(), label="Tier", type="ENUM",
                          enumValues=[" "])
    assert problems(empty) == [("INVALID", ["input", "enumValues"])]
    lines = await _create(client, entity="CUSTOMER", key=key(), label="L", type="TEXT",
                          productLines=["Cardiac"])
    assert problems(lines) == [("INVALID", ["input", "productLines"])]
    classes = await _create(client, entity="SHIPMENT", key=key(), label="C", type="TEXT",
                            deviceClasses=["III"])
    assert problems(classes) == [("INVALID", ["input", "deviceClasses"])]
    async with sessionmaker() as s:
        stored = await s.scalar(select(func.count()).select_from(CustomFieldDefinition).where(
            CustomFieldDefinition.label.in_(["L", "C"])))
    assert stored == 0


async def test_only_config_edit_defines_fields(client) -> None:
    k = key()
    for user in ("sales", "qa", "partner-a"):
        body = await client.body(user, CREATE, input={
            "entity": "SALES_ORDER", "key": k, "label": "Nope", "type": "TEXT"})
        assert codes(body) == ["FORBIDDEN"], user
    listed = (await client.call("admin", DEFINITIONS, entity="SALES_ORDER", all=True))[
        "customFieldDefinitions"]
    assert k not in [d["key"] for d in listed]


async def test_changes_enum_values_in_use_deactivation_and_audit(client, sessionmaker) -> None:
    line = builders.unique("Line")
    product = await builders.make_product(sessionmaker)
    await put_in_line(sessionmaker, product.id, line)
    field = await define(client, entity="PRODUCT", type="ENUM", label="Coating",
                         enumValues=["NONE", "SILVER"], productLines=[line])
    pid = gid("Product", product.id)
    assert (await set_fields(client, "admin", pid, [
        {"key": field["key"], "value": "SILVER"}]))["userErrors"] == []

    # Values may be added and unused ones removed; one in use stays.
    grown = (await client.call("admin", UPDATE, input={
        "definitionId": field["id"], "enumValues": ["NONE", "SILVER", "GOLD"],
        "label": "Surface coating", "helpText": "As printed on the IFU"}))[
        "updateCustomFieldDefinition"]
    assert grown["userErrors"] == [] and grown["definition"]["enumValues"] == [
        "NONE", "SILVER", "GOLD"]
    in_use = (await client.call("admin", UPDATE, input={
        "definitionId": field["id"], "enumValues": ["NONE", "GOLD"]}))[
        "updateCustomFieldDefinition"]
    assert problems(in_use) == [("INVALID", ["input", "enumValues"])]
    assert "SILVER" in in_use["userErrors"][0]["message"]
    shrunk = (await client.call("admin", UPDATE, input={
        "definitionId": field["id"], "enumValues": ["SILVER", "GOLD"]}))[
        "updateCustomFieldDefinition"]
    assert shrunk["definition"]["enumValues"] == ["SILVER", "GOLD"]
    assert await fields_of(client, "sales", pid) == {field["key"]: "SILVER"}

    # Refused for everyone but config.edit; deactivated fields leave the records.
    body = await client.body("sales", UPDATE, input={"definitionId": field["id"],
                                                     "active": False})
    assert codes(body) == ["FORBIDDEN"]
    off = (await client.call("admin", UPDATE, input={"definitionId": field["id"],
                                                     "active": False}))[
        "updateCustomFieldDefinition"]
    assert off["definition"]["active"] is False
    assert await fields_of(client, "sales", pid) == {}
    active_keys = [d["key"] for d in (await client.call("admin", DEFINITIONS, entity="PRODUCT"))[
        "customFieldDefinitions"]]
    assert field["key"] not in active_keys

    trail = (await client.call("admin", TRAIL, id=field["id"]))["auditTrail"]["edges"]
    events = [e["node"] for e in reversed(trail)]
    assert [e["action"] for e in events] == [
        "custom_field_definition.created", "custom_field_definition.updated",
        "custom_field_definition.updated", "custom_field_definition.updated"]
    assert {e["actor"]["username"] for e in events} == {"admin"}
    created = _changes(events[0])
    assert created["key"] == (None, field["key"])
    relabelled = _changes(events[1])
    assert relabelled["label"] == ("Coating", "Surface coating")
    assert relabelled["enumValues"] == (["NONE", "SILVER"], ["NONE", "SILVER", "GOLD"])
    assert _changes(events[3]) == {"active": (True, False)}


def _changes(event):
    def load(text):
        return None if text is None else json.loads(text)
    return {c["field"]: (load(c["before"]), load(c["after"])) for c in event["changes"]}


async def test_partners_read_only_partner_visible_definitions(client) -> None:
    shown = await define(client, entity="SALES_ORDER", visibleToPartners=True)
    hidden = await define(client, entity="SALES_ORDER")
    try:
        keys = [d["key"] for d in (await client.call(
            "partner-a", DEFINITIONS, entity="SALES_ORDER", all=True))["customFieldDefinitions"]]
        assert shown["key"] in keys and hidden["key"] not in keys
    finally:
        await deactivate(client, shown["id"])
        await deactivate(client, hidden["id"])
