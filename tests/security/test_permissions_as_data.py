"""Permissions as data: roles hold codes, ADMIN holds only the system codes and decides
nothing in the business, and a change of a role's codes applies on the next request."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from backend.db.models import Approval, Lot, RolePermission, SalesOrder, User, UserRole
from backend.domain.access_control.catalogue import DEFAULT_GRANTS, SYSTEM_CODES
from backend.enums import Role
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client, login
from tests.support.documents import CREATE_ORDER, DECIDE, INSPECT, RECEIVE, RELEASE, SUBMIT, line
from tests.support.flows import Quality
from tests.support.ids import gid, pk

SIGN = {"password": DEMO_PASSWORD, "meaning": "Decided"}
INBOX = "{ approvalsInbox(first: 100) { edges { node { number } } } }"
VIEWER = "{ viewer { username roles permissions } }"
ROLE_PERMISSIONS = "{ rolePermissions { role permissions } }"
CATALOGUE = "{ permissions { code description business } }"
SET = """mutation($input: SetRolePermissionsInput!) { setRolePermissions(input: $input) {
  rolePermissions { role permissions } userErrors { field code message } } }"""
RECALL = """mutation($input: InitiateRecallInput!) { initiateRecall(input: $input) {
  recall { id } userErrors { code } } }"""
INVOICE = """mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) {
  invoice { id } userErrors { code } } }"""
TRAIL = """query($id: ID) { auditTrail(first: 10, entityId: $id) { edges { node {
  action reason actor { username } changes { field before after } } } } }"""


def forbidden(body: dict) -> bool:
    return [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []] == [
        "FORBIDDEN"]


async def _pending_order(client: Client, sessionmaker) -> dict:
    """An order of `sales` waiting for the sales manager (a discount over 10 %)."""
    product = await builders.make_product(sessionmaker, price="100.00")
    customer = await builders.make_customer(sessionmaker)
    made = (await client.call("sales", CREATE_ORDER, input={
        "customerId": gid("Customer", customer.id),
        "lines": [line(product.id, 2, discountPercent="15")]}))["createSalesOrder"]
    assert made["userErrors"] == [], made
    submitted = (await client.call("sales", SUBMIT, id=made["order"]["id"]))["submitSalesOrder"]
    assert submitted["order"]["status"] == "PENDING_APPROVAL", submitted
    return submitted["order"]


async def _user_with(sessionmaker, *roles: Role) -> str:
    """A new staff user holding these roles, with the demo password."""
    name = f"p-{uuid.uuid4().hex[:10]}"
    async with sessionmaker() as s, s.begin():
        qa = await s.scalar(select(User).where(User.username == "qa"))
        assert qa is not None
        user = User(username=name, display_name=f"Test {name}", password_hash=qa.password_hash)
        s.add(user)
        await s.flush()
        s.add_all(UserRole(user_id=user.id, role=r) for r in roles)
    return name


async def test_admin_holds_only_the_system_codes(client: Client) -> None:
    viewer = (await client.call("admin", VIEWER))["viewer"]
    assert set(viewer["permissions"]) == SYSTEM_CODES
    held = {r["role"]: set(r["permissions"])
            for r in (await client.call("admin", ROLE_PERMISSIONS))["rolePermissions"]}
    assert held["ADMIN"] == SYSTEM_CODES
    assert "lot.release" in held["QA_MANAGER"] and "order.approve" in held["SALES_MANAGER"]
    catalogue = {p["code"]: p for p in (await client.call("admin", CATALOGUE))["permissions"]}
    assert catalogue["lot.release"]["business"] is True
    assert catalogue["users.manage"]["business"] is False
    for code in ("order.create", "order.edit", "order.amend", "order.submit", "order.approve",
                 "order.allocate", "order.cancel", "shipment.create", "shipment.deliver",
                 "stock.receive", "stock.transfer", "lot.inspect", "lot.release", "lot.reject",
                 "recall.initiate", "recall.acknowledge", "invoice.issue", "payment.record",
                 "customer.credit_limit", "customer.licence", *SYSTEM_CODES):
        assert code in catalogue, code


async def test_every_mutation_names_a_known_permission() -> None:
    from strawberry.permission import PermissionExtension

    from backend.domain.access_control.catalogue import BY_CODE
    from backend.schema.permissions import HasPermission
    from backend.schema.root import schema

    mutation = schema.get_type_by_name("Mutation")
    unguarded = []
    for field in mutation.fields:  # type: ignore[union-attr]
        guards = [p for e in field.extensions if isinstance(e, PermissionExtension)
                  for p in e.permissions if isinstance(p, HasPermission)]
        # changePassword and setMyLanguage are every signed-in user's own business;
        # setCustomFields checks the edit permission of the record it is given.
        own = ("change_password", "set_my_language", "set_custom_fields")
        if not guards and field.python_name not in own:
            unguarded.append(field.python_name)
        for guard in guards:
            assert all(code in BY_CODE for code in guard.codes), (field.python_name, guard.codes)
    assert unguarded == []


async def test_admin_is_refused_every_business_decision_and_nothing_changes(
    client: Client, sessionmaker
) -> None:
    order = await _pending_order(client, sessionmaker)
    quality = await Quality.at_demo_site(client, sessionmaker)
    product = await quality.product()
    lot = await quality.receive(product, 5)
    assert (await quality.inspect(lot["id"]))["userErrors"] == []
    customer = await builders.make_customer(sessionmaker)
    lot_number = builders.unique("L")

    refused = {
        "decideApproval": await client.body("admin", DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": SIGN}),
        "releaseLot": await client.body("admin", RELEASE, input={
            "lotId": lot["id"], "signature": SIGN}),
        "initiateRecall": await client.body("admin", RECALL, input={
            "lotIds": [lot["id"]], "reason": "Test", "recallClass": "II", "signature": SIGN}),
        "issueInvoice": await client.body("admin", INVOICE, input={"orderId": order["id"]}),
        "createSalesOrder": await client.body("admin", CREATE_ORDER, input={
            "customerId": gid("Customer", customer.id), "lines": [line(product["pk"], 1)]}),
        "receiveGoods": await client.body("admin", RECEIVE, input={
            "supplierId": quality.supplier_id, "warehouseId": quality.warehouse_id,
            "lines": [{"productId": product["id"], "lotNumber": lot_number, "quantity": 1}]}),
    }
    assert {name: forbidden(body) for name, body in refused.items()} == {
        name: True for name in refused}

    async with sessionmaker() as s:
        stored = await s.get(SalesOrder, pk(order["id"]))
        assert stored is not None and stored.status == "PENDING_APPROVAL"
        approvals = list(await s.scalars(select(Approval.status).where(
            Approval.order_id == stored.id)))
        assert approvals == ["PENDING"]
        assert (await s.get(Lot, pk(lot["id"]))).status == "QUARANTINE"  # type: ignore[union-attr]
        assert await s.scalar(select(Lot.id).where(Lot.lot_number == lot_number)) is None
        assert await s.scalar(select(SalesOrder.id).where(
            SalesOrder.customer_id == customer.id)) is None


async def test_admins_approvals_inbox_is_empty_and_reads_stay(
    client: Client, sessionmaker
) -> None:
    order = await _pending_order(client, sessionmaker)
    manager = {e["node"]["number"]
               for e in (await client.call("manager", INBOX))["approvalsInbox"]["edges"]}
    assert order["number"] in manager
    assert (await client.call("admin", INBOX))["approvalsInbox"]["edges"] == []
    # What ADMIN read before, it still reads.
    reads = await client.call("admin", """query($n: String!) {
      salesOrder(number: $n) { number status availableActions }
      lots(first: 1) { edges { node { lotNumber } } }
      invoices(first: 1) { edges { node { number } } }
      journal(first: 1) { edges { node { id } } }
      webhookEndpoints { id }
    }""", n=order["number"])
    assert reads["salesOrder"]["number"] == order["number"]
    # ...but is offered no action on it.
    assert reads["salesOrder"]["availableActions"] == []


async def test_admin_with_qa_manager_releases_as_qa_manager_with_own_signature(
    client: Client, sessionmaker, http
) -> None:
    name = await _user_with(sessionmaker, Role.ADMIN, Role.QA_MANAGER)
    quality = await Quality.at_demo_site(client, sessionmaker)
    lot = await quality.receive(await quality.product(), 3)
    assert (await quality.inspect(lot["id"]))["userErrors"] == []
    released = (await client.call(name, RELEASE, input={
        "lotId": lot["id"], "signature": {"password": DEMO_PASSWORD,
                                          "meaning": "Released for distribution"}}))
    assert released["releaseLot"]["userErrors"] == [], released
    assert released["releaseLot"]["lot"]["status"] == "RELEASED"
    async with sessionmaker() as s:
        from backend.db.models import Release, Signature

        release = await s.scalar(select(Release).where(Release.lot_id == pk(lot["id"])))
        assert release is not None
        signature = await s.get(Signature, release.signature_id)
        signer = await s.scalar(select(User.username).where(User.id == signature.signer_id))  # type: ignore[union-attr]
        assert signer == name
    viewer = (await client.call(name, VIEWER))["viewer"]
    assert "lot.release" in viewer["permissions"] and "users.manage" in viewer["permissions"]


async def test_set_role_permissions_applies_on_the_next_request_and_is_audited(
    client: Client, sessionmaker
) -> None:
    before = sorted(DEFAULT_GRANTS["BUYER"])
    try:
        changed = (await client.call("admin", SET, input={
            "role": "BUYER", "permissions": [*before, "label.print"],
            "reason": "Buyers print labels for samples"}))["setRolePermissions"]
        assert changed["userErrors"] == []
        assert "label.print" in changed["rolePermissions"]["permissions"]
        viewer = (await client.call("buyer", VIEWER))["viewer"]
        assert "label.print" in viewer["permissions"]

        # Taking a code away refuses the very next request.
        taken = [c for c in before if c != "supplier.register"]
        assert (await client.call("admin", SET, input={
            "role": "BUYER", "permissions": taken}))["setRolePermissions"]["userErrors"] == []
        body = await client.body("buyer", """mutation { registerSupplier(input: {
            code: "X", name: "X", country: "DE"}) { userErrors { code } } }""")
        assert forbidden(body), body
    finally:
        restored = (await client.call("admin", SET, input={
            "role": "BUYER", "permissions": before}))["setRolePermissions"]
        assert restored["userErrors"] == []
    async with sessionmaker() as s:
        assert sorted(await s.scalars(select(RolePermission.permission_code).where(
            RolePermission.role == Role.BUYER))) == before
    trail = [e["node"] for e in (await client.call(
        "admin", TRAIL, id=gid("RolePermissions", list(Role).index(Role.BUYER) + 1)))[
            "auditTrail"]["edges"]]
    audited = [e for e in trail if e["reason"] == "Buyers print labels for samples"]
    assert audited and audited[0]["action"] == "role_permissions.set"
    assert audited[0]["actor"]["username"] == "admin"
    change = {c["field"]: c for c in audited[0]["changes"]}["permissions"]
    assert "label.print" not in change["before"] and "label.print" in change["after"]


@pytest.mark.parametrize(("role", "codes", "index"), [
    ("SALES", ["order.create", "no.such.code"], 1),
    ("ADMIN", ["users.manage", "lot.release"], 1),
    ("PARTNER", ["order.create", "order.approve"], 1),
    ("SALES", ["order.create", "order.create"], 1),
])
async def test_invalid_role_permissions_are_refused_and_nothing_changes(
    client: Client, sessionmaker, role: str, codes: list[str], index: int
) -> None:
    answer = (await client.call("admin", SET, input={"role": role, "permissions": codes}))[
        "setRolePermissions"]
    assert answer["rolePermissions"] is None
    assert [(e["code"], e["field"]) for e in answer["userErrors"]] == [
        ("INVALID", ["input", "permissions", str(index)])]
    async with sessionmaker() as s:
        held = set(await s.scalars(select(RolePermission.permission_code).where(
            RolePermission.role == Role(role))))
    assert held == set(DEFAULT_GRANTS[role])


async def test_only_users_manage_sets_role_permissions(client: Client) -> None:
    body = await client.body("qa", SET, input={"role": "QA_MANAGER", "permissions": []})
    assert forbidden(body)


async def test_a_partners_role_may_hold_its_five_codes(client: Client, http) -> None:
    held = {r["role"]: r["permissions"]
            for r in (await client.call("admin", ROLE_PERMISSIONS))["rolePermissions"]}
    answer = (await client.call("admin", SET, input={
        "role": "PARTNER", "permissions": held["PARTNER"]}))["setRolePermissions"]
    assert answer["userErrors"] == []
    assert sorted(answer["rolePermissions"]["permissions"]) == sorted(DEFAULT_GRANTS["PARTNER"])
    # Partners read their own codes.
    token = await login(http, "partner-a")
    from tests.support.client import gql

    viewer = (await gql(http, VIEWER, token=token))["data"]["viewer"]
    assert sorted(viewer["permissions"]) == sorted(DEFAULT_GRANTS["PARTNER"])


async def test_seeds_and_imports_run_as_the_system() -> None:
    from backend.domain.actor import SYSTEM

    assert SYSTEM.roles == frozenset() and SYSTEM.all_permissions
    assert SYSTEM.has_permission("lot.release") and not SYSTEM.is_partner
    assert SYSTEM.customer_scope is None


async def test_the_system_inspecting_is_not_a_person_releasing(
    client: Client, sessionmaker
) -> None:
    """The inspector who inspected may not release (SoD) even if QA_MANAGER too."""
    name = await _user_with(sessionmaker, Role.QA_INSPECTOR, Role.QA_MANAGER)
    quality = await Quality.at_demo_site(client, sessionmaker)
    lot = await quality.receive(await quality.product(), 2)
    assert (await client.call(name, INSPECT, input={
        "lotId": lot["id"], "kind": "INCOMING", "result": "PASS", "sampleSize": 2,
        "defectsFound": 0}))["recordInspection"]["userErrors"] == []
    answer = await quality.release(lot["id"], username=name)
    assert [e["code"] for e in answer["userErrors"]] == ["SEPARATION_OF_DUTIES"]
