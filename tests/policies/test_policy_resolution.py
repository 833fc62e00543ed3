"""Which policy decides a sale: specificity and ties, replacing, deactivating, the effective
values of a product sold to a customer, bad input and the audit trail."""

from sqlalchemy import func, select

from backend.db.models import AuditEvent, ConfigPolicy
from backend.domain.policies import resolve
from backend.enums import ConfigPolicyKind, DeviceClass
from tests.policies.support import (
    DEACTIVATE,
    EFFECTIVE,
    LIST,
    SET,
    TRAIL,
    new_line,
    new_region,
    set_keys,
    set_policy,
)
from tests.support import builders
from tests.support.client import codes
from tests.support.ids import gid

SHELF = ConfigPolicyKind.MIN_SHELF_LIFE_DAYS


def _policy(pk: int, value: str, line: str | None = None, device_class: str | None = None,
            region: str | None = None) -> resolve.ActivePolicy:
    return resolve.ActivePolicy(pk, SHELF, line, device_class, region, value)


def test_more_keys_win_and_ties_go_line_then_class_then_region() -> None:
    policies = resolve.of_rows([
        _policy(1, "10"),
        _policy(2, "20", region="ES"),
        _policy(3, "30", device_class="III"),
        _policy(4, "40", line="Cardiac"),
        _policy(5, "50", device_class="III", region="ES"),
        _policy(6, "60", line="Cardiac", region="ES"),
        _policy(7, "70", line="Cardiac", device_class="III"),
        _policy(8, "80", line="Infusion", device_class="III", region="ES"),
    ])

    def decided(line: str | None, device_class: str | None, region: str | None) -> str:
        return policies.decide(SHELF, resolve.Subject(line, device_class, region)).value

    assert decided("Cardiac", "III", "ES") == "70"  # line + class over line + region
    assert decided("Cardiac", "IIA", "ES") == "60"  # two keys over one
    assert decided("Surgical", "III", "ES") == "50"  # class + region over any single key
    assert decided("Cardiac", "IIA", "NL") == "40"  # line over nothing else
    assert decided("Surgical", "III", "NL") == "30"
    assert decided("Surgical", "IIA", "ES") == "20"
    assert decided("Surgical", "IIA", "NL") == "10"  # keyless: matches everything
    assert decided("Infusion", "III", "ES") == "80"  # three keys beat all
    assert policies.decide(ConfigPolicyKind.IMPLANT_CARD,
                           resolve.Subject("Cardiac", "III", "ES")).policy is None
    ties = resolve.of_rows([_policy(1, "1", region="ES"), _policy(2, "2", device_class="III"),
                            _policy(3, "3", line="Cardiac")])
    assert ties.decide(SHELF, resolve.Subject("Cardiac", "III", "ES")).value == "3"
    ties = resolve.of_rows([_policy(1, "1", region="ES"), _policy(2, "2", device_class="III")])
    assert ties.decide(SHELF, resolve.Subject("Cardiac", "III", "ES")).value == "2"


async def test_effective_policies_follow_set_replace_and_deactivate(
    client, sessionmaker
) -> None:
    line, region = new_line(), await new_region(sessionmaker)
    product = await builders.make_product(sessionmaker)
    await set_keys(sessionmaker, product.id, line=line, device_class=DeviceClass.IIB)
    customer = await builders.make_customer(sessionmaker, place=(region, 52.0, 5.0),
                                            shelf_life_days=0)
    ids = {"product": gid("Product", product.id), "customer": gid("Customer", customer.id)}

    async def effective() -> dict[str, tuple[str, str | None]]:
        rows = (await client.call("sales", EFFECTIVE, **ids))["effectivePolicies"]
        return {r["kind"]: (r["value"], r["policy"] and r["policy"]["id"]) for r in rows}

    assert await effective() == {"MIN_SHELF_LIFE_DAYS": ("0", None),
                                 "IMPLANT_CARD": ("false", None)}
    broad = await set_policy(client, "MIN_SHELF_LIFE_DAYS", "90", productLine=line)
    assert (broad["value"], broad["active"], broad["updatedBy"]["username"]) == (
        "90", True, "admin")
    narrow = await set_policy(client, "MIN_SHELF_LIFE_DAYS", "200", productLine=line,
                              region=region, description="Long transport to the region")
    # Equally specific (two keys): line + class beats line + region.
    by_class = await set_policy(client, "MIN_SHELF_LIFE_DAYS", "150", productLine=line,
                                deviceClass="IIB")
    card = await set_policy(client, "IMPLANT_CARD", "TRUE", productLine=line)
    assert card["value"] == "true"
    assert await effective() == {"MIN_SHELF_LIFE_DAYS": ("150", by_class["id"]),
                                 "IMPLANT_CARD": ("true", card["id"])}

    # Setting the same keys again replaces the value of the active policy, not a new one.
    replaced = await set_policy(client, "MIN_SHELF_LIFE_DAYS", "120", productLine=line,
                                deviceClass="IIB", description="Class IIB ages faster")
    assert replaced["id"] == by_class["id"] and replaced["value"] == "120"
    assert (await effective())["MIN_SHELF_LIFE_DAYS"] == ("120", by_class["id"])

    gone = (await client.call("admin", DEACTIVATE, id=by_class["id"], reason="Superseded"))
    assert gone["deactivateConfigPolicy"]["policy"]["active"] is False
    assert (await effective())["MIN_SHELF_LIFE_DAYS"] == ("200", narrow["id"])
    await client.call("admin", DEACTIVATE, id=narrow["id"], reason="Region served by air")
    assert (await effective())["MIN_SHELF_LIFE_DAYS"] == ("90", broad["id"])

    listed = {p["id"]: p for p in (await client.call(
        "admin", LIST, kind="MIN_SHELF_LIFE_DAYS", all=True))["configPolicies"]}
    assert listed[by_class["id"]]["active"] is False and listed[broad["id"]]["active"]
    active = {p["id"] for p in (await client.call("admin", LIST))["configPolicies"]}
    assert broad["id"] in active and by_class["id"] not in active and card["id"] in active

    # Every change is in the policy's trail: actor, before and after, reason.
    trail = [e["node"] for e in (await client.call("admin", TRAIL, id=by_class["id"]))
             ["auditTrail"]["edges"]]
    by_action: dict[str, list[dict]] = {}
    for event in trail:
        by_action.setdefault(event["action"], []).append(event)
    assert {e["actor"]["username"] for e in trail} == {"admin"}
    [deactivated] = by_action["config_policy.deactivated"]
    assert deactivated["reason"] == "Superseded"
    assert {"field": "active", "before": "true", "after": "false"} in deactivated["changes"]
    changed = [c for e in by_action["config_policy.set"] for c in e["changes"]
               if c["field"] == "value"]
    # Values in the trail are JSON: the policy's value is text.
    assert {"field": "value", "before": '"150"', "after": '"120"'} in changed
    assert {"field": "value", "before": None, "after": '"150"'} in changed
    for pk in (broad["id"], card["id"]):
        await client.call("admin", DEACTIVATE, id=pk, reason="Test over")


async def test_bad_input_is_refused_and_writes_nothing(client, sessionmaker) -> None:
    line = new_line()

    async def written() -> tuple[int, int]:
        async with sessionmaker() as s:
            policies = await s.scalar(select(func.count()).select_from(ConfigPolicy)
                                      .where(ConfigPolicy.product_line == line))
            events = await s.scalar(select(func.count()).select_from(AuditEvent)
                                    .where(AuditEvent.entity_type == "ConfigPolicy"))
        return int(policies or 0), int(events or 0)

    before = await written()
    for kind, value in (("MIN_SHELF_LIFE_DAYS", "-1"), ("MIN_SHELF_LIFE_DAYS", "12.5"),
                        ("MIN_SHELF_LIFE_DAYS", "ninety"), ("IMPLANT_CARD", "yes"),
                        ("IMPLANT_CARD", "")):
        result = (await client.call("admin", SET, input={
            "kind": kind, "value": value, "productLine": line}))["setConfigPolicy"]
        assert result["policy"] is None
        assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
            ("INVALID", ["input", "value"])], (kind, value, result)
    result = (await client.call("admin", SET, input={
        "kind": "MIN_SHELF_LIFE_DAYS", "value": "30", "productLine": line,
        "region": builders.unique("NOWHERE")}))["setConfigPolicy"]
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("INVALID", ["input", "region"])]
    refused = await client.body("sales", SET, input={
        "kind": "MIN_SHELF_LIFE_DAYS", "value": "30", "productLine": line})
    assert codes(refused) == ["FORBIDDEN"]
    assert codes(await client.body("partner-a", LIST)) == ["FORBIDDEN"]
    assert await written() == before

    kept = await set_policy(client, "MIN_SHELF_LIFE_DAYS", "30", productLine=line)
    for reason in ("", "   "):
        result = (await client.call("admin", DEACTIVATE, id=kept["id"], reason=reason))
        assert [e["code"] for e in result["deactivateConfigPolicy"]["userErrors"]] == ["INVALID"]
    await client.call("admin", DEACTIVATE, id=kept["id"], reason="Test over")
    again = (await client.call("admin", DEACTIVATE, id=kept["id"], reason="Twice"))
    assert [e["code"] for e in again["deactivateConfigPolicy"]["userErrors"]] == [
        "INVALID_TRANSITION"]
