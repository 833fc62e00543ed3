"""Change control at its edges: closing a line by amendment, increases waiting
for approval, serials freed, licences re-checked on edit, amend and ship, split promises,
lapsed delegations, and refusals that write nothing."""

from datetime import timedelta

from sqlalchemy import func, select, update

from backend.db.models import ApprovalDelegation, ApprovalRule, AuditEvent
from backend.enums import TrackingMode
from tests.sales.change_control_docs import (
    ADD_LICENCE,
    AMEND,
    ATP,
    CC_ALLOCATE,
    CC_DECIDE,
    CC_SUBMIT,
    CREATE_RULE,
    DELEGATE,
    EDIT,
    END_DELEGATION,
    INBOX,
    REVOKE_LICENCE,
    SET_REQUIREMENT,
)
from tests.sales.test_order_changes_api import SIGN, _allocated, _draft, errors
from tests.support import builders
from tests.support.documents import line
from tests.support.ids import gid, pk

SHIP = """mutation($input: CreateShipmentInput!) { createShipment(input: $input) {
  shipment { number } userErrors { field code } } }"""
VIEWER = "{ viewer { id } }"


async def test_amending_a_partly_shipped_line_to_what_shipped_short_closes_it(
    client, sessionmaker, consistent
) -> None:
    from backend.domain.fulfilment import shipping
    from backend.domain.sales import allocation
    from backend.domain.tx import transaction

    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="10.00")
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=3)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    order = await _draft(client, customer.id, [line(product.id, 5)])
    await client.call("sales", CC_SUBMIT, id=order["id"])
    async with transaction(sessionmaker) as s:
        actor = await builders.demo_actor(s, "warehouse")
        await allocation.allocate_sales_order(s, actor=actor, order_id=pk(order["id"]),
                                              backorder=True)
        await shipping.create_shipment(s, actor=actor, order_id=pk(order["id"]))
    closed = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Two will never be made",
        "lines": [{"lineId": order["lines"][0]["id"], "quantity": 3}]}))["amendSalesOrder"]
    assert closed["userErrors"] == []
    result = closed["order"]
    assert [(ln["status"], ln["quantity"], ln["lineTotal"]) for ln in result["lines"]] == [
        ("SHORT_CLOSED", 3, "30.00")]
    assert (result["version"], result["status"]) == (2, "SHIPPED")
    assert {"field": "quantity", "lineNumber": 1, "before": "5", "after": "3"} in result[
        "versions"][-1]["changes"]


async def test_an_increase_waiting_for_approval_is_reserved_once_approved(
    client, sessionmaker, consistent
) -> None:
    order, _, _ = await _allocated(client, sessionmaker, quantity=10, stock=30)
    waiting = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "More, at a tender discount",
        "lines": [{"lineId": order["lines"][0]["id"], "quantity": 12,
                   "discountPercent": "15"}]}))["amendSalesOrder"]["order"]
    assert waiting["status"] == "PENDING_APPROVAL"
    assert sum(a["quantity"] for a in waiting["lines"][0]["allocations"]) == 10
    decided = (await client.call("manager", CC_DECIDE, input={
        "orderId": order["id"], "approve": True, "signature": SIGN}))["decideApproval"]
    assert decided["userErrors"] == []
    assert decided["order"]["status"] == "ALLOCATED"
    assert sum(a["quantity"] for a in decided["order"]["lines"][0]["allocations"]) == 12


async def test_a_cut_frees_the_serials_it_no_longer_needs(client, sessionmaker, consistent) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, tracking=TrackingMode.SERIAL)
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=5)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    order = await _draft(client, customer.id, [line(product.id, 3)])
    await client.call("sales", CC_SUBMIT, id=order["id"])
    allocated = (await client.call("sales", CC_ALLOCATE, id=order["id"]))["allocateSalesOrder"]
    [held] = allocated["order"]["lines"][0]["allocations"]
    assert len(held["serials"]) == 3
    cut = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "One is enough",
        "lines": [{"lineId": order["lines"][0]["id"], "quantity": 1}]}))["amendSalesOrder"]
    assert cut["userErrors"] == []
    [kept] = cut["order"]["lines"][0]["allocations"]
    assert len(kept["serials"]) == 1
    assert {s["serialNumber"] for s in kept["serials"]} < {s["serialNumber"]
                                                          for s in held["serials"]}
    assert cut["order"]["lines"][0]["product"]["availableQuantity"] == 4


async def test_a_licence_is_checked_again_on_edit_amend_and_shipping(
    client, sessionmaker, consistent
) -> None:
    region = builders.unique("LIC")
    customer = await builders.make_customer(sessionmaker, place=(region, 51.0, 13.7),
                                            licensed=False)
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)  # class IIA
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=10)
    required = (await client.call("admin", SET_REQUIREMENT, input={
        "region": region, "deviceClasses": ["IIA"]}))["setLicenceRequirement"]
    today = builders.today()
    try:
        later = (await client.call("qa", ADD_LICENCE, input={
            "customerId": gid("Customer", customer.id), "number": "L-NEXT", "issuer": "LDS",
            "deviceClasses": ["IIA"], "validFrom": str(today + timedelta(days=10)),
            "validUntil": str(today + timedelta(days=400))}))["addCustomerLicence"]
        assert later["licence"]["status"] == "NOT_YET_VALID"
        licence = (await client.call("qa", ADD_LICENCE, input={
            "customerId": gid("Customer", customer.id), "number": "L-NOW", "issuer": "LDS",
            "deviceClasses": ["IIA"], "validFrom": str(today),
            "validUntil": str(today + timedelta(days=5))}))["addCustomerLicence"]["licence"]
        order = await _draft(client, customer.id, [line(product.id, 2)])
        await client.call("sales", CC_SUBMIT, id=order["id"])
        allocated = (await client.call("sales", CC_ALLOCATE, id=order["id"]))
        assert allocated["allocateSalesOrder"]["order"]["status"] == "ALLOCATED"
        draft = await _draft(client, customer.id, [line(product.id, 1)])
        await client.call("qa", REVOKE_LICENCE, input={
            "licenceId": licence["id"], "reason": "Suspended by the authority"})

        not_qualified = {("CUSTOMER_NOT_QUALIFIED", ("input", "lines", "0", "productId"))}
        edited = (await client.call("sales", EDIT, input={
            "orderId": draft["id"], "lines": [line(product.id, 3)]}))["updateDraftSalesOrder"]
        assert errors(edited) == not_qualified
        amended = (await client.call("sales", AMEND, input={
            "orderId": order["id"], "expectedVersion": 1, "reason": "More",
            "lines": [{"lineId": order["lines"][0]["id"], "quantity": 3}]}))["amendSalesOrder"]
        assert errors(amended) == not_qualified
        shipped = (await client.call("warehouse", SHIP, input={"orderId": order["id"]}))
        assert {e["code"] for e in shipped["createShipment"]["userErrors"]} == {
            "CUSTOMER_NOT_QUALIFIED"}
    finally:
        await client.call("admin", SET_REQUIREMENT, input={
            "requirementId": required["requirement"]["id"], "region": region,
            "deviceClasses": ["IIA"], "active": False})


async def test_a_split_promise_arrives_by_the_slowest_lane_and_allocation_keeps_it(
    client, sessionmaker, consistent
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)
    # Near Munich: Leipzig (1 transit day) has 3, Rotterdam (3 days) has 3.
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=3)
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=3)
    customer = await builders.make_customer(sessionmaker, place=builders.MUNICH)
    today = builders.today()
    [split] = (await client.call("sales", ATP, input={
        "customerId": gid("Customer", customer.id),
        "lines": [line(product.id, 6)]}))["availableToPromise"]["lines"]
    assert (split["fromStock"], split["source"], split["warehouse"]["code"]) == (
        6, "STOCK", "DE-LEJ")
    assert split["promisedDeliveryDate"] == str(today + timedelta(days=1 + 3))

    order = await _draft(client, customer.id, [line(product.id, 6)])
    submitted = (await client.call("sales", CC_SUBMIT, id=order["id"]))["submitSalesOrder"]
    promised = submitted["order"]["lines"][0]["promise"]
    allocated = (await client.call("sales", CC_ALLOCATE, id=order["id"]))["allocateSalesOrder"]
    assert allocated["order"]["lines"][0]["promise"] == promised
    assert allocated["order"]["promisedDeliveryDate"] == str(today + timedelta(days=4))


async def test_no_delegation_to_a_partner_and_a_lapsed_one_gives_nothing(
    client, sessionmaker, consistent
) -> None:
    today = builders.today()
    partner_id = (await client.call("partner-a", VIEWER))["viewer"]["id"]
    to_partner = (await client.call("manager", DELEGATE, input={
        "delegateId": partner_id, "validFrom": str(today),
        "validUntil": str(today + timedelta(days=3))}))["delegateApprovals"]
    assert {(e["code"], tuple(e["field"])) for e in to_partner["userErrors"]} == {
        ("INVALID", ("input", "delegateId"))}

    finance_id = (await client.call("finance", VIEWER))["viewer"]["id"]
    made = (await client.call("manager", DELEGATE, input={
        "delegateId": finance_id, "validFrom": str(today),
        "validUntil": str(today + timedelta(days=2))}))["delegateApprovals"]["delegation"]
    # Two weeks on, it lapsed a day ago without anyone ending it.
    async with sessionmaker() as s, s.begin():
        await s.execute(update(ApprovalDelegation).where(ApprovalDelegation.id == pk(made["id"]))
                        .values(valid_from=today - timedelta(days=14),
                                valid_until=today - timedelta(days=1)))
    product = await builders.make_product(sessionmaker, price="100.00")
    customer = await builders.make_customer(sessionmaker)
    waiting = await _draft(client, customer.id, [line(product.id, 2, discountPercent="15")])
    submitted = (await client.call("sales", CC_SUBMIT, id=waiting["id"]))["submitSalesOrder"]
    assert submitted["order"]["status"] == "PENDING_APPROVAL"
    inbox = await client.call("finance", INBOX)
    assert waiting["number"] not in {e["node"]["number"] for e in inbox["approvalsInbox"]["edges"]}
    refused = await client.body("finance", CC_DECIDE, input={
        "orderId": waiting["id"], "approve": True, "signature": SIGN})
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]


async def _counts(sessionmaker, order_id: int) -> tuple:
    async with sessionmaker() as s:
        return (await s.scalar(select(func.count()).select_from(ApprovalRule)),
                await s.scalar(select(func.count()).select_from(AuditEvent).where(
                    AuditEvent.entity_type == "SalesOrder", AuditEvent.entity_id == order_id)))


async def test_refusals_write_nothing(client, sessionmaker, consistent) -> None:
    order, _, _ = await _allocated(client, sessionmaker, quantity=4)
    before = await _counts(sessionmaker, pk(order["id"]))
    refused = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Bigger discount",
        "lines": [{"lineId": order["lines"][0]["id"], "quantity": 6,
                   "discountPercent": "120"}]}))["amendSalesOrder"]
    assert errors(refused) == {("INVALID", ("input", "lines", "0", "discountPercent"))}
    admin_approver = (await client.call("admin", CREATE_RULE, input={
        "code": builders.unique("BAD"), "description": "admins approve",
        "conditions": {"minOrderTotal": "1"},
        "levels": [{"requiredRoles": ["ADMIN"]}]}))["createOrderApprovalRule"]
    assert {(e["code"], tuple(e["field"])) for e in admin_approver["userErrors"]} == {
        ("INVALID", ("input", "levels", "0", "requiredRoles"))}
    assert await _counts(sessionmaker, pk(order["id"])) == before
    again = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Fewer",
        "lines": [{"lineId": order["lines"][0]["id"], "quantity": 3}]}))["amendSalesOrder"]
    # Nothing of the refused one stuck: version 1 was still current.
    assert again["userErrors"] == [] and again["order"]["version"] == 2
    assert [ln["quantity"] for ln in again["order"]["lines"]] == [3]
    assert sum(a["quantity"] for a in again["order"]["lines"][0]["allocations"]) == 3


async def test_a_changed_line_takes_todays_price_and_a_new_date_is_promised_again(
    client, sessionmaker, consistent
) -> None:
    from decimal import Decimal

    from backend.domain.actor import SYSTEM
    from backend.domain.masterdata import parties
    from backend.domain.tx import transaction

    order, product, _ = await _allocated(client, sessionmaker, quantity=10)
    assert order["latePromise"] is False and order["lines"][0]["unitPrice"] == "20.00"
    async with transaction(sessionmaker) as s:
        await parties.set_list_price(s, actor=SYSTEM, price_list_code="STD-EUR",
                                     sku=product.sku, unit_price=Decimal("25.00"))
    tomorrow = builders.today() + timedelta(days=1)
    amended = (await client.call("sales", AMEND, input={
        "orderId": order["id"], "expectedVersion": 1, "reason": "Fewer, but sooner",
        "requestedDeliveryDate": str(tomorrow),
        "lines": [{"lineId": order["lines"][0]["id"], "quantity": 8}]}))["amendSalesOrder"]
    assert amended["userErrors"] == []
    after = amended["order"]
    assert (after["lines"][0]["unitPrice"], after["lines"][0]["lineTotal"]) == ("25.00", "200.00")
    assert {"field": "unitPrice", "lineNumber": 1, "before": "20.00", "after": "25.00"} in after[
        "versions"][-1]["changes"]
    # Leipzig to Munich: ships tomorrow, arrives the day after: later than asked.
    promise = after["lines"][0]["promise"]
    assert promise["promisedDeliveryDate"] == str(tomorrow + timedelta(days=1))
    assert promise["late"] is True and after["latePromise"] is True


async def test_one_signature_decides_all_the_signer_may_then_in_person_and_for_a_delegator(
    client, sessionmaker, consistent
) -> None:
    today = builders.today()
    manager_id = (await client.call("manager", VIEWER))["viewer"]["id"]
    delegation = (await client.call("finance", DELEGATE, input={
        "delegateId": manager_id, "validFrom": str(today),
        "validUntil": str(today + timedelta(days=1))}))["delegateApprovals"]["delegation"]
    try:
        product = await builders.make_product(sessionmaker, price="100.00")
        customer = await builders.make_customer(sessionmaker, credit_limit="100.00")
        order = await _draft(client, customer.id, [line(product.id, 3, discountPercent="15")])
        submitted = (await client.call("sales", CC_SUBMIT, id=order["id"]))["submitSalesOrder"]
        assert sorted(a["rule"] for a in submitted["order"]["approvals"]) == [
            "CREDIT_LIMIT", "DISCOUNT_OVER_10"]
        decided = (await client.call("manager", CC_DECIDE, input={
            "orderId": order["id"], "approve": True, "signature": SIGN}))["decideApproval"]
        assert decided["userErrors"] == [] and decided["order"]["status"] == "APPROVED"
        assert sorted((a["rule"], a["status"], a["decidedBy"]["username"],
                       (a["onBehalfOf"] or {}).get("username"))
                      for a in decided["order"]["approvals"]) == [
            ("CREDIT_LIMIT", "APPROVED", "manager", "finance"),
            ("DISCOUNT_OVER_10", "APPROVED", "manager", None)]
    finally:
        await client.call("finance", END_DELEGATION, id=delegation["id"])


async def test_a_partner_edits_its_own_draft(client, sessionmaker, consistent) -> None:
    own = await builders.draft_order(sessionmaker, "DIST-A")
    # What a partner may read of its order (approvals and versions are staff-only).
    partner_edit = """mutation($input: UpdateDraftSalesOrderInput!) {
      updateDraftSalesOrder(input: $input) { order { customerReference version status }
      userErrors { field code } } }"""
    edited = (await client.call("partner-a", partner_edit, input={
        "orderId": gid("SalesOrder", own), "customerReference": "NM-CALL-OFF-9"}))
    payload = edited["updateDraftSalesOrder"]
    assert payload["userErrors"] == []
    assert (payload["order"]["customerReference"], payload["order"]["version"],
            payload["order"]["status"]) == ("NM-CALL-OFF-9", 1, "DRAFT")
