"""Separation of duties as data: the active rules decide who may not do both on one order
or lot; administrators list, add and switch them, audited."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from backend.db.models import SeparationOfDutiesRule, User, UserRole
from backend.enums import Role
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.documents import CREATE_ORDER, DECIDE, INSPECT, SUBMIT, line
from tests.support.flows import Quality
from tests.support.ids import gid

RULES = """query($all: Boolean) { separationOfDutiesRules(includeInactive: $all) {
  id code description firstPermission secondPermission active } }"""
RULE = "rule { id code description firstPermission secondPermission active }"
ERRORS = "userErrors { field code message }"
CREATE = ("mutation($input: CreateSeparationOfDutiesRuleInput!) { "
          f"createSeparationOfDutiesRule(input: $input) {{ {RULE} {ERRORS} }} }}")
UPDATE = ("mutation($input: UpdateSeparationOfDutiesRuleInput!) { "
          f"updateSeparationOfDutiesRule(input: $input) {{ {RULE} {ERRORS} }} }}")
TRAIL = """query($id: ID) { auditTrail(first: 10, entityId: $id) { edges { node {
  action reason actor { username } changes { field before after } } } } }"""
SIGN = {"password": DEMO_PASSWORD, "meaning": "Approved"}


async def _rules(client: Client, include_inactive: bool = False) -> dict[str, dict]:
    data = await client.call("admin", RULES, all=include_inactive)
    return {r["code"]: r for r in data["separationOfDutiesRules"]}


async def _switch(client: Client, rule_id: str, active: bool, reason: str) -> dict:
    answer = (await client.call("admin", UPDATE, input={
        "ruleId": rule_id, "active": active, "reason": reason}))["updateSeparationOfDutiesRule"]
    assert answer["userErrors"] == [], answer
    return answer["rule"]


async def _user_with(sessionmaker, *roles: Role) -> str:
    name = f"s-{uuid.uuid4().hex[:10]}"
    async with sessionmaker() as s, s.begin():
        qa = await s.scalar(select(User).where(User.username == "qa"))
        assert qa is not None
        user = User(username=name, display_name=f"Test {name}", password_hash=qa.password_hash)
        s.add(user)
        await s.flush()
        s.add_all(UserRole(user_id=user.id, role=r) for r in roles)
    return name


async def test_the_defaults_and_the_demo_rule(client: Client) -> None:
    active = await _rules(client)
    pairs = {(r["firstPermission"], r["secondPermission"]) for r in active.values()}
    assert {("order.create", "order.approve"), ("order.amend", "order.approve"),
            ("lot.inspect", "lot.release")} <= pairs
    every = await _rules(client, include_inactive=True)
    demo = every["SOD-RECEIVE-INSPECT"]
    assert (demo["firstPermission"], demo["secondPermission"], demo["active"]) == (
        "stock.receive", "lot.inspect", False)
    assert "SOD-RECEIVE-INSPECT" not in active


async def test_an_order_creator_approves_only_while_the_rule_is_off(
    client: Client, sessionmaker
) -> None:
    rule = (await _rules(client))["SOD-ORDER-CREATE-APPROVE"]
    product = await builders.make_product(sessionmaker, price="100.00")
    customer = await builders.make_customer(sessionmaker)

    async def managers_order() -> dict:
        made = (await client.call("manager", CREATE_ORDER, input={
            "customerId": gid("Customer", customer.id),
            "lines": [line(product.id, 1, discountPercent="15")]}))["createSalesOrder"]
        submitted = (await client.call("manager", SUBMIT, id=made["order"]["id"]))[
            "submitSalesOrder"]
        assert submitted["order"]["status"] == "PENDING_APPROVAL", submitted
        return submitted["order"]

    first = await managers_order()
    refused = (await client.call("manager", DECIDE, input={
        "orderId": first["id"], "approve": True, "signature": SIGN}))["decideApproval"]
    assert [e["code"] for e in refused["userErrors"]] == ["SEPARATION_OF_DUTIES"]
    assert "SOD-ORDER-CREATE-APPROVE" in refused["userErrors"][0]["message"]

    await _switch(client, rule["id"], False, "Single-person branch office")
    try:
        decided = (await client.call("manager", DECIDE, input={
            "orderId": first["id"], "approve": True, "signature": SIGN}))["decideApproval"]
        assert decided["userErrors"] == [], decided
        assert decided["order"]["status"] != "PENDING_APPROVAL"
    finally:
        await _switch(client, rule["id"], True, "Branch office staffed again")
    second = await managers_order()
    again = (await client.call("manager", DECIDE, input={
        "orderId": second["id"], "approve": True, "signature": SIGN}))["decideApproval"]
    assert [e["code"] for e in again["userErrors"]] == ["SEPARATION_OF_DUTIES"]

    trail = [e["node"] for e in (await client.call("admin", TRAIL, id=rule["id"]))[
        "auditTrail"]["edges"]]
    switched = {e["reason"]: e for e in trail}
    off = switched["Single-person branch office"]
    assert off["action"] == "separation_rule.updated" and off["actor"]["username"] == "admin"
    assert {c["field"]: (c["before"], c["after"]) for c in off["changes"]} == {
        "active": ("true", "false")}


async def test_switching_on_the_receive_inspect_rule_separates_the_two(
    client: Client, sessionmaker
) -> None:
    rule = (await _rules(client, include_inactive=True))["SOD-RECEIVE-INSPECT"]
    name = await _user_with(sessionmaker, Role.WAREHOUSE, Role.QA_INSPECTOR)
    quality = await Quality.at_demo_site(client, sessionmaker)
    quality_as_them = Quality(client, sessionmaker, quality.supplier_id, quality.warehouse_id,
                              quality.warehouse_pk)
    product = await quality.product()
    inspection = {"kind": "INCOMING", "result": "PASS", "sampleSize": 2, "defectsFound": 0}

    async def received() -> dict:
        data = await client.call(name, """mutation($input: ReceiveGoodsInput!) {
          receiveGoods(input: $input) { lots { id } userErrors { code } } }""", input={
            "supplierId": quality_as_them.supplier_id,
            "warehouseId": quality_as_them.warehouse_id,
            "lines": [{"productId": product["id"], "lotNumber": builders.unique("L"),
                       "quantity": 2}]})
        assert data["receiveGoods"]["userErrors"] == []
        return data["receiveGoods"]["lots"][0]

    lot = await received()
    allowed = (await client.call(name, INSPECT, input={"lotId": lot["id"], **inspection}))
    assert allowed["recordInspection"]["userErrors"] == []
    await _switch(client, rule["id"], True, "Audit finding: receiving and inspection apart")
    try:
        lot = await received()
        refused = (await client.call(name, INSPECT, input={"lotId": lot["id"], **inspection}))
        assert [e["code"] for e in refused["recordInspection"]["userErrors"]] == [
            "SEPARATION_OF_DUTIES"]
        other = await client.call("inspector", INSPECT, input={"lotId": lot["id"], **inspection})
        assert other["recordInspection"]["userErrors"] == []
    finally:
        await _switch(client, rule["id"], False, "Back to the demo state")


async def test_creating_a_rule_and_its_refusals(client: Client, sessionmaker) -> None:
    code = builders.unique("SOD")
    made = (await client.call("admin", CREATE, input={
        "code": code, "description": "Whoever inspects does not reject",
        "firstPermission": "lot.inspect", "secondPermission": "lot.reject",
        "reason": "Test rule"}))["createSeparationOfDutiesRule"]
    assert made["userErrors"] == [], made
    assert made["rule"]["active"] is True
    try:
        trail = [e["node"] for e in (await client.call("admin", TRAIL, id=made["rule"]["id"]))[
            "auditTrail"]["edges"]]
        assert [(e["action"], e["reason"]) for e in trail] == [
            ("separation_rule.created", "Test rule")]

        bad = {
            "DUPLICATE": {"code": code, "firstPermission": "stock.receive",
                          "secondPermission": "lot.release"},
            # Nobody records who cancels an order: such a rule could not be kept.
            "unchecked": {"code": builders.unique("SOD"), "firstPermission": "order.create",
                          "secondPermission": "order.cancel"},
            "unknown": {"code": builders.unique("SOD"), "firstPermission": "order.create",
                        "secondPermission": "no.such"},
            "twice": {"code": builders.unique("SOD"), "firstPermission": "lot.release",
                      "secondPermission": "lot.release"},
        }
        answers = {}
        for name, fields in bad.items():
            answer = (await client.call("admin", CREATE, input={
                "description": "Refused", **fields}))["createSeparationOfDutiesRule"]
            assert answer["rule"] is None
            answers[name] = [(e["code"], e["field"]) for e in answer["userErrors"]]
        assert answers == {
            "DUPLICATE": [("DUPLICATE", ["input", "code"])],
            "unknown": [("INVALID", ["input", "secondPermission"])],
            "twice": [("INVALID", ["input", "secondPermission"])],
            "unchecked": [("INVALID", ["input", "secondPermission"])],
        }
        async with sessionmaker() as s:
            written = await s.scalar(select(func.count()).select_from(SeparationOfDutiesRule)
                                     .where(SeparationOfDutiesRule.description == "Refused"))
        assert written == 0
        # Only holders of users.manage change the rules.
        body = await client.body("qa", CREATE, input={
            "code": builders.unique("SOD"), "description": "x",
            "firstPermission": "lot.inspect", "secondPermission": "lot.release"})
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    finally:
        await _switch(client, made["rule"]["id"], False, "Test over")
