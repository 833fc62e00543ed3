"""Approval chains as data, levels decided in order, and delegation."""

from datetime import timedelta

from sqlalchemy import func, select

from backend.db.models import Approval, AuditEvent, OutboxEvent, Signature
from tests.sales.change_control_docs import (
    CC_CREATE,
    CC_DECIDE,
    CC_SUBMIT,
    CREATE_RULE,
    DELEGATE,
    END_DELEGATION,
    INBOX,
    RULES,
    UPDATE_RULE,
)
from tests.support import builders
from tests.support.client import DEMO_PASSWORD
from tests.support.documents import line
from tests.support.ids import gid

VIEWER = "{ viewer { id } }"


def sign(meaning: str = "Approved") -> dict:
    return {"password": DEMO_PASSWORD, "meaning": meaning}


def codes(payload: dict) -> set[str]:
    return {e["code"] for e in payload["userErrors"]}


async def _inbox(client, username: str) -> set[str]:
    data = await client.call(username, INBOX)
    return {e["node"]["number"] for e in data["approvalsInbox"]["edges"]}


async def _order(client, sessionmaker, region: str, quantity: int = 3, **extra) -> dict:
    product = await builders.make_product(sessionmaker, price="100.00")
    customer = await builders.make_customer(sessionmaker, place=(region, 51.05, 13.74))
    made = (await client.call("sales", CC_CREATE, input={
        "customerId": gid("Customer", customer.id),
        "lines": [line(product.id, quantity, **extra)]}))["createSalesOrder"]
    assert made["userErrors"] == [], made
    return (await client.call("sales", CC_SUBMIT, id=made["order"]["id"]))["submitSalesOrder"]


async def test_the_existing_rules_are_one_level_rules_with_conditions(client) -> None:
    rules = {r["code"]: r for r in (await client.call("admin", RULES))["orderApprovalRules"]}
    assert rules["DISCOUNT_OVER_10"]["conditions"]["discountAbovePercent"] == "10.00"
    assert rules["DISCOUNT_OVER_10"]["levels"] == [{"level": 1, "requiredRoles": ["SALES_MANAGER"]}]
    assert rules["CREDIT_LIMIT"]["conditions"]["exceedsCreditLimit"] is True
    assert rules["CREDIT_LIMIT"]["levels"] == [{"level": 1, "requiredRoles": ["FINANCE"]}]


async def test_a_chain_is_decided_level_by_level_and_reaches_the_inbox_in_turn(
    client, sessionmaker, consistent
) -> None:
    region = builders.unique("R")
    code = builders.unique("CHAIN")
    made = (await client.call("admin", CREATE_RULE, input={
        "code": code, "description": "Big orders to the test region",
        "conditions": {"minOrderTotal": "300", "customerRegions": [region]},
        "levels": [{"requiredRoles": ["SALES_MANAGER"]},
                   {"requiredRoles": ["FINANCE", "QA_MANAGER"]}],
    }))["createOrderApprovalRule"]
    assert made["userErrors"] == []
    rule_id = made["rule"]["id"]
    assert [lv["requiredRoles"] for lv in made["rule"]["levels"]] == [
        ["SALES_MANAGER"], ["FINANCE", "QA_MANAGER"]]
    try:
        submitted = await _order(client, sessionmaker, region)
        order = submitted["order"]
        assert order["status"] == "PENDING_APPROVAL"
        assert sorted((a["level"], a["requiredRole"], a["status"]) for a in order["approvals"]) == [
            (1, "SALES_MANAGER", "PENDING"), (2, "FINANCE", "PENDING"),
            (2, "QA_MANAGER", "PENDING")]
        assert order["number"] not in await _inbox(client, "finance")
        early = (await client.call("finance", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": sign()}))["decideApproval"]
        assert codes(early) == {"APPROVAL_LEVEL_PENDING"}

        assert order["number"] in await _inbox(client, "manager")
        first = (await client.call("manager", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": sign()}))["decideApproval"]
        assert first["userErrors"] == [] and first["order"]["status"] == "PENDING_APPROVAL"
        assert order["number"] in await _inbox(client, "finance")
        assert order["number"] in await _inbox(client, "qa")
        await client.call("finance", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": sign()})
        last = (await client.call("qa", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": sign()}))["decideApproval"]
        assert last["order"]["status"] == "APPROVED"
        assert {a["status"] for a in last["order"]["approvals"]} == {"APPROVED"}

        duplicate = (await client.call("admin", CREATE_RULE, input={
            "code": code, "description": "again", "conditions": {"minOrderTotal": "1"},
            "levels": [{"requiredRoles": ["FINANCE"]}]}))["createOrderApprovalRule"]
        assert codes(duplicate) == {"DUPLICATE"}
    finally:
        await client.call("admin", UPDATE_RULE, input={"ruleId": rule_id, "active": False})


async def test_bad_rules_are_refused_and_write_nothing(client) -> None:
    bad = (await client.call("admin", CREATE_RULE, input={
        "code": builders.unique("BAD"), "description": "bad",
        "conditions": {"discountAbovePercent": "120"},
        "levels": [{"requiredRoles": []}, {"requiredRoles": ["PARTNER"]}],
    }))["createOrderApprovalRule"]
    assert {(e["code"], tuple(e["field"])) for e in bad["userErrors"]} == {
        ("INVALID", ("input", "conditions", "discountAbovePercent")),
        ("INVALID", ("input", "levels", "0", "requiredRoles")),
        ("INVALID", ("input", "levels", "1", "requiredRoles")),
    }
    empty = (await client.call("admin", CREATE_RULE, input={
        "code": builders.unique("BAD"), "description": "bad", "conditions": {},
        "levels": []}))["createOrderApprovalRule"]
    assert {tuple(e["field"]) for e in empty["userErrors"]} == {
        ("input", "conditions"), ("input", "levels")}
    denied = await client.body("manager", CREATE_RULE, input={
        "code": "X", "description": "x", "conditions": {"minOrderTotal": "1"},
        "levels": [{"requiredRoles": ["FINANCE"]}]})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_delegate_decides_on_behalf_of_the_delegator_until_it_ends(
    client, sessionmaker, consistent
) -> None:
    finance_id = (await client.call("finance", VIEWER))["viewer"]["id"]
    today = builders.today()
    refused = (await client.call("manager", DELEGATE, input={
        "delegateId": finance_id, "roles": ["FINANCE"], "validFrom": str(today),
        "validUntil": str(today - timedelta(days=1))}))["delegateApprovals"]
    assert {(e["code"], tuple(e["field"])) for e in refused["userErrors"]} == {
        ("INVALID", ("input", "roles")), ("INVALID", ("input", "validUntil"))}
    manager_id = (await client.call("manager", VIEWER))["viewer"]["id"]
    to_self = (await client.call("manager", DELEGATE, input={
        "delegateId": manager_id, "validFrom": str(today),
        "validUntil": str(today)}))["delegateApprovals"]
    assert codes(to_self) == {"INVALID"}

    made = (await client.call("manager", DELEGATE, input={
        "delegateId": finance_id, "validFrom": str(today),
        "validUntil": str(today + timedelta(days=7))}))["delegateApprovals"]
    assert made["userErrors"] == []
    delegation = made["delegation"]
    assert delegation["roles"] == ["SALES_MANAGER"] and delegation["active"] is True
    try:
        submitted = await _order(client, sessionmaker, "DE-EAST", discountPercent="15")
        order = submitted["order"]
        assert order["status"] == "PENDING_APPROVAL"
        assert order["number"] in await _inbox(client, "finance")
        decided = (await client.call("finance", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": sign()}))["decideApproval"]
        assert decided["userErrors"] == [] and decided["order"]["status"] == "APPROVED"
        [approval] = decided["order"]["approvals"]
        assert approval["decidedBy"]["username"] == "finance"
        assert approval["onBehalfOf"]["username"] == "manager"
    finally:
        ended = (await client.call("manager", END_DELEGATION, id=delegation["id"]))
    assert ended["endApprovalDelegation"]["delegation"]["active"] is False
    later = (await _order(client, sessionmaker, "DE-EAST", discountPercent="15"))["order"]
    assert later["number"] not in await _inbox(client, "finance")


async def test_a_delegate_may_not_decide_an_order_version_it_wrote(
    client, sessionmaker, consistent
) -> None:
    sales_id = (await client.call("sales", VIEWER))["viewer"]["id"]
    made = (await client.call("manager", DELEGATE, input={
        "delegateId": sales_id, "validFrom": str(builders.today()),
        "validUntil": str(builders.today() + timedelta(days=7))}))["delegateApprovals"]
    assert made["userErrors"] == []
    delegation = made["delegation"]
    try:
        # Written and submitted by `sales`, who now holds the manager's approvals.
        order = (await _order(client, sessionmaker, "DE-EAST", discountPercent="15"))["order"]
        assert order["status"] == "PENDING_APPROVAL"
        before = await _written(sessionmaker)
        own = (await client.call("sales", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": sign()}))["decideApproval"]
        assert codes(own) == {"SEPARATION_OF_DUTIES"}
        assert await _written(sessionmaker) == before
        # The request still waits for someone else; the delegator may decide it.
        decided = (await client.call("manager", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": sign()}))["decideApproval"]
        assert decided["userErrors"] == [] and decided["order"]["status"] == "APPROVED"
        [approval] = decided["order"]["approvals"]
        assert approval["decidedBy"]["username"] == "manager"
        assert approval["onBehalfOf"] is None
    finally:
        await client.call("manager", END_DELEGATION, id=delegation["id"])


async def _written(sessionmaker) -> dict[str, object]:
    """What a decision would write: approval states, signatures, audit and outbox rows."""
    async with sessionmaker() as s:
        return {
            "approvals": sorted((await s.execute(
                select(Approval.id, Approval.status))).all()),
            **{model.__tablename__: await s.scalar(select(func.count()).select_from(model))
               for model in (Signature, AuditEvent, OutboxEvent)},
        }
