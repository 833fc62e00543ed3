"""Approval rules as data: above 5,000.00 EUR a requisition or PO waits for FINANCE's
signed decision, never its creator's; below it, or a PO made from approved requisitions,
is APPROVED on submit."""

from backend.enums import Role
from tests.purchasing.flow import (
    CREATE_PO,
    CREATE_REQUISITION,
    NODE_AUDIT,
    codes,
    decide,
    po_action,
    requisition_action,
    supplier_with_price,
)
from tests.support import builders
from tests.support.client import Client
from tests.support.flows import Quality

RULES = "{ purchaseApprovalRules { code threshold requiredRole active } }"


async def requisition(client: Client, quality: Quality, product: str, supplier: str,
                      quantity: int, username: str = "buyer") -> dict:
    made = (await client.call(username, CREATE_REQUISITION, input={"lines": [{
        "productId": product, "warehouseId": quality.warehouse_id, "quantity": quantity,
        "supplierId": supplier}]}))["createPurchaseRequisition"]
    assert made["userErrors"] == [], made
    return made["requisition"]


async def test_a_requisition_above_the_threshold_waits_for_finance(
    client: Client, quality: Quality
) -> None:
    rules = (await client.call("buyer", RULES))["purchaseApprovalRules"]
    assert {"code": "PO-ABOVE-5000", "threshold": "5000.00", "requiredRole": "FINANCE",
            "active": True} in rules
    product = await quality.product()
    supplier = await supplier_with_price(client, product["id"], "100.00")
    small = await requisition(client, quality, product["id"], supplier, 50)
    assert small["status"] == "DRAFT" and small["estimatedTotal"] == "5000.00"
    assert small["lines"][0]["source"] == "MANUAL"
    done = await requisition_action(client, "submitPurchaseRequisition", small["id"])
    assert done["requisition"]["status"] == "APPROVED"
    assert done["requisition"]["approvals"] == []

    big = await requisition(client, quality, product["id"], supplier, 51)
    assert big["estimatedTotal"] == "5100.00"
    assert big["lines"][0]["estimatedAmount"] == "5100.00"
    pending = (await requisition_action(client, "submitPurchaseRequisition", big["id"]))
    assert pending["requisition"]["status"] == "PENDING_APPROVAL"
    [approval] = pending["requisition"]["approvals"]
    assert approval["requiredRole"] == "FINANCE" and approval["status"] == "PENDING"

    # The buyer does not hold FINANCE; a wrong password writes nothing.
    assert (await client.body("buyer", """mutation($input: DecidePurchaseApprovalInput!) {
      decidePurchaseApproval(input: $input) { userErrors { code } } }""", input={
        "documentId": big["id"], "approve": True,
        "signature": {"password": "demo1234", "meaning": "x"}}))["errors"][0][
        "extensions"]["code"] == "FORBIDDEN"
    wrong = await decide(client, "finance", big["id"], True, password="not-it")
    assert codes(wrong) == [("SIGNATURE_INVALID", ["input", "signature", "password"])]
    blank = await decide(client, "finance", big["id"], False, comment=" ")
    assert codes(blank) == [("INVALID", ["input", "comment"])]
    approved = await decide(client, "finance", big["id"], True, comment="Budgeted")
    assert approved["userErrors"] == [] and approved["requisition"]["status"] == "APPROVED"
    [decided] = approved["requisition"]["approvals"]
    assert decided["status"] == "APPROVED" and decided["decidedBy"] == {"username": "finance"}
    assert decided["signature"]["signer"] == {"username": "finance"}
    assert decided["comment"] == "Budgeted"
    again = await decide(client, "finance", big["id"], True)
    assert codes(again) == [("INVALID_TRANSITION", ["input", "documentId"])]
    trail = (await client.call("admin", NODE_AUDIT, id=big["id"]))["auditTrail"]["edges"]
    changes = [c for e in trail for c in e["node"]["changes"] if c["field"] == "status"]
    assert {"field": "status", "before": '"PENDING_APPROVAL"', "after": '"APPROVED"'} in changes

    # An order made entirely from approved requisition lines is APPROVED on submit.
    order = (await client.call("buyer", CREATE_PO, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id, "lines": [
            {"quantity": 51, "requisitionLineId": approved["requisition"]["lines"][0]["id"]}]}
    ))["createPurchaseOrder"]["purchaseOrder"]
    assert order["total"] == "5100.00" and order["lines"][0]["product"]["id"] == product["id"]
    submitted = await po_action(client, "submitPurchaseOrder", order["id"])
    assert submitted["purchaseOrder"]["status"] == "APPROVED"
    assert submitted["purchaseOrder"]["approvals"] == []
    ordered = (await client.call("buyer", """query($id: ID!) { node(id: $id) {
      ... on PurchaseRequisition { status purchaseOrders { number } } } }""", id=big["id"]))
    assert ordered["node"] == {"status": "ORDERED", "purchaseOrders": [
        {"number": order["number"]}]}
    twice = (await client.call("buyer", CREATE_PO, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id, "lines": [
            {"quantity": 1, "requisitionLineId": approved["requisition"]["lines"][0]["id"]}]}
    ))["createPurchaseOrder"]
    assert codes(twice) == [("INVALID_TRANSITION", ["input", "lines", "0", "requisitionLineId"])]


async def test_a_hand_made_order_above_the_threshold_is_decided_by_another_user(
    client: Client, quality: Quality
) -> None:
    product = await quality.product()
    supplier = await supplier_with_price(client, product["id"], "1000.00")
    request = {"supplierId": supplier, "warehouseId": quality.warehouse_id,
               "lines": [{"productId": product["id"], "quantity": 6}]}
    order = (await client.call("buyer", CREATE_PO, input=request))[
        "createPurchaseOrder"]["purchaseOrder"]
    pending = await po_action(client, "submitPurchaseOrder", order["id"])
    assert pending["purchaseOrder"]["status"] == "PENDING_APPROVAL"
    early = await po_action(client, "sendPurchaseOrder", order["id"])
    assert codes(early) == [("INVALID_TRANSITION", ["input", "purchaseOrderId"])]
    rejected = await decide(client, "finance", order["id"], False, comment="Too many")
    assert rejected["purchaseOrder"]["status"] == "REJECTED"
    assert rejected["purchaseOrder"]["approvals"][0]["status"] == "REJECTED"

    # The creator may not decide, whatever roles it holds (here buyer and finance).
    both = await builders.staff_user(quality.sessionmaker, Role.BUYER, Role.FINANCE)
    own = (await client.call(both, CREATE_PO, input=request))[
        "createPurchaseOrder"]["purchaseOrder"]
    assert (await po_action(client, "submitPurchaseOrder", own["id"], username=both))[
        "purchaseOrder"]["status"] == "PENDING_APPROVAL"
    refused = await decide(client, both, own["id"], True)
    assert codes(refused) == [("SEPARATION_OF_DUTIES", ["input", "documentId"])]
    still = (await client.call("buyer", """query($id: ID!) { node(id: $id) {
      ... on PurchaseOrder { status approvals { status } } } }""", id=own["id"]))["node"]
    assert still == {"status": "PENDING_APPROVAL", "approvals": [{"status": "PENDING"}]}
    approved = await decide(client, "finance", own["id"], True)
    assert approved["purchaseOrder"]["status"] == "APPROVED"

    # Below the threshold a hand-made order is APPROVED on submit.
    small = (await client.call("buyer", CREATE_PO, input={**request, "lines": [
        {"productId": product["id"], "quantity": 5}]}))["createPurchaseOrder"]["purchaseOrder"]
    assert (await po_action(client, "submitPurchaseOrder", small["id"]))[
        "purchaseOrder"]["status"] == "APPROVED"
