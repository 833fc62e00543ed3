"""The approved supplier list: registration, signed qualification, overrides, and receipts
refused from suppliers not approved for the product."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.api.ids import from_global_id
from backend.db.models import AuditEvent, OutboxEvent, SupplierOverrideUse
from tests.support.builders import today, unique
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.documents import RECEIVE
from tests.support.flows import Quality
from tests.support.ids import gid

ERRORS = "userErrors { field message code }"
SUPPLIER = """id code approved qualificationStatus qualifiedUntil qualificationNote
  paymentTermsDays approvedProducts { sku }
  qualificationHistory { status validUntil note products { sku } signature { meaning signer { username } } }
  overrides { maxQuantity usedQuantity reason }"""
REGISTER = f"""mutation($input: RegisterSupplierInput!) {{ registerSupplier(input: $input) {{
  supplier {{ {SUPPLIER} }} {ERRORS} }} }}"""
QUALIFY = f"""mutation($input: SetSupplierQualificationInput!) {{
  setSupplierQualification(input: $input) {{ supplier {{ {SUPPLIER} }} {ERRORS} }} }}"""
OVERRIDE = f"""mutation($input: GrantSupplierOverrideInput!) {{
  grantSupplierOverride(input: $input) {{ supplierOverride {{ id maxQuantity usedQuantity
  validUntil reason supplier {{ code }} product {{ sku }} signature {{ meaning }} }} {ERRORS} }} }}"""
SIGN = {"password": DEMO_PASSWORD, "meaning": "Supplier qualification decided"}
DEMO = """query($s: String) { suppliers(first: 20, search: $s) { edges { node { code approved qualificationStatus
  qualifiedUntil qualificationNote approvedProducts { sku }
  prices { unitPrice leadTimeDays product { sku } } } } } }"""


def pk_of(global_id: str) -> int:
    return int(from_global_id(global_id)[1])


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def register(client: Client) -> dict:
    payload = (await client.call("buyer", REGISTER, input={
        "code": unique("SUP"), "name": "Test Components BV", "country": "nl",
        "paymentTermsDays": 45}))["registerSupplier"]
    assert payload["userErrors"] == []
    return payload["supplier"]


def receipt(quality: Quality, supplier_id: str, product: dict, quantity: int) -> dict:
    return {"input": {"supplierId": supplier_id, "warehouseId": quality.warehouse_id,
                      "lines": [{"productId": product["id"], "lotNumber": unique("L"),
                                 "quantity": quantity}]}}


async def test_a_registered_supplier_is_pending_and_only_buyers_register(client: Client) -> None:
    supplier = await register(client)
    assert supplier["qualificationStatus"] == "PENDING" and supplier["approved"] is False
    assert supplier["paymentTermsDays"] == 45 and supplier["approvedProducts"] == []
    again = (await client.call("buyer", REGISTER, input={
        "code": supplier["code"], "name": "Again", "country": "NL"}))["registerSupplier"]
    assert codes(again) == [("DUPLICATE", ["input", "code"])]
    for username in ("sales", "qa", "warehouse", "partner-a"):
        body = await client.body(username, REGISTER, input={
            "code": unique("SUP"), "name": "X", "country": "NL"})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", username


async def test_qualification_is_signed_audited_announced_and_gates_receipts(
    client: Client, quality: Quality, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    supplier = await register(client)
    product, other = await quality.product(), await quality.product()
    pending = (await client.call("warehouse", RECEIVE, receipt(quality, supplier["id"], product,
                                                               5)))["receiveGoods"]
    assert codes(pending) == [("SUPPLIER_NOT_APPROVED", ["input", "lines", "0", "productId"])]

    request = {"supplierId": supplier["id"], "status": "CONDITIONAL",
               "validUntil": (today() + timedelta(days=90)).isoformat(),
               "note": "100 % incoming inspection", "productIds": [product["id"]],
               "signature": SIGN}
    buyer = await client.body("buyer", QUALIFY, input=request)
    assert buyer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    past = (await client.call("qa", QUALIFY, input={
        **request, "validUntil": (today() - timedelta(days=1)).isoformat()}))
    assert codes(past["setSupplierQualification"]) == [("INVALID", ["input", "validUntil"])]
    no_note = (await client.call("qa", QUALIFY, input={**request, "note": " "}))
    assert codes(no_note["setSupplierQualification"]) == [("INVALID", ["input", "note"])]
    wrong = (await client.call("qa", QUALIFY, input={
        **request, "signature": {**SIGN, "password": "wrong"}}))["setSupplierQualification"]
    assert codes(wrong) == [("SIGNATURE_INVALID", ["input", "signature", "password"])]

    done = (await client.call("qa", QUALIFY, input=request))["setSupplierQualification"]
    assert done["userErrors"] == []
    qualified = done["supplier"]
    assert qualified["qualificationStatus"] == "CONDITIONAL" and qualified["approved"] is True
    assert qualified["qualificationNote"] == "100 % incoming inspection"
    assert len(qualified["approvedProducts"]) == 1
    [decision] = qualified["qualificationHistory"]
    assert decision["signature"]["signer"]["username"] == "qa"

    ok = (await client.call("warehouse", RECEIVE, receipt(quality, supplier["id"], product,
                                                          5)))["receiveGoods"]
    assert ok["userErrors"] == []
    not_listed = (await client.call("warehouse", RECEIVE, receipt(quality, supplier["id"], other,
                                                                  5)))["receiveGoods"]
    assert codes(not_listed) == [("SUPPLIER_NOT_APPROVED", ["input", "lines", "0", "productId"])]

    supplier_pk = pk_of(supplier["id"])
    async with sessionmaker() as session:
        audit = await session.scalar(select(AuditEvent).where(
            AuditEvent.entity_type == "Supplier", AuditEvent.entity_id == supplier_pk,
            AuditEvent.action == "supplier.qualification_set"))
        assert audit is not None
        assert audit.changes["qualification_status"] == ["PENDING", "CONDITIONAL"]
        assert audit.changes["approved_product_ids"] == [[], [product["pk"]]]
        announced = await session.scalar(select(OutboxEvent).where(
            OutboxEvent.topic == "supplier.qualification_changed",
            OutboxEvent.aggregate_id == supplier_pk))
        assert announced is not None

    disqualified = (await client.call("qa", QUALIFY, input={
        **request, "status": "DISQUALIFIED", "validUntil": None, "note": "Audit failed",
        "productIds": []}))["setSupplierQualification"]["supplier"]
    assert disqualified["approved"] is False and disqualified["approvedProducts"] == []
    assert [d["status"] for d in disqualified["qualificationHistory"]] == [
        "DISQUALIFIED", "CONDITIONAL"]
    refused = (await client.call("warehouse", RECEIVE, receipt(quality, supplier["id"], product,
                                                               5)))["receiveGoods"]
    assert codes(refused)[0][0] == "SUPPLIER_NOT_APPROVED"


async def test_an_override_covers_receipts_up_to_its_quantity(
    client: Client, quality: Quality, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    supplier = await register(client)
    product = await quality.product()
    request = {"supplierId": supplier["id"], "productId": product["id"], "maxQuantity": 10,
               "validUntil": (today() + timedelta(days=7)).isoformat(),
               "reason": "Sole source during requalification",
               "signature": {**SIGN, "meaning": "Override granted"}}
    assert (await client.body("buyer", OVERRIDE, input=request))["errors"][0]["extensions"][
        "code"] == "FORBIDDEN"
    bad = (await client.call("qa", OVERRIDE, input={
        **request, "maxQuantity": 0, "reason": " ",
        "validUntil": (today() - timedelta(days=1)).isoformat()}))["grantSupplierOverride"]
    assert sorted(codes(bad)) == [("INVALID", ["input", "maxQuantity"]),
                                  ("INVALID", ["input", "reason"]),
                                  ("INVALID", ["input", "validUntil"])]
    granted = (await client.call("qa", OVERRIDE, input=request))["grantSupplierOverride"]
    assert granted["userErrors"] == []
    override = granted["supplierOverride"]
    assert override["usedQuantity"] == 0 and override["signature"]["meaning"] == "Override granted"

    first = (await client.call("warehouse", RECEIVE, receipt(quality, supplier["id"], product,
                                                             6)))["receiveGoods"]
    assert first["userErrors"] == []
    beyond = (await client.call("warehouse", RECEIVE, receipt(quality, supplier["id"], product,
                                                              5)))["receiveGoods"]
    assert codes(beyond) == [("SUPPLIER_NOT_APPROVED", ["input", "lines", "0", "productId"])]
    rest = (await client.call("warehouse", RECEIVE, receipt(quality, supplier["id"], product,
                                                            4)))["receiveGoods"]
    assert rest["userErrors"] == []

    async with sessionmaker() as session:
        uses = (await session.scalars(select(SupplierOverrideUse).where(
            SupplierOverrideUse.override_id == pk_of(override["id"])))).all()
    assert sorted(u.quantity for u in uses) == [4, 6]
    assert {gid("Lot", u.lot_id) for u in uses} == {first["lots"][0]["id"],
                                                    rest["lots"][0]["id"]}
    listed = (await client.call("buyer", f"""query($id: ID!) {{ node(id: $id) {{
      ... on Supplier {{ {SUPPLIER} }} }} }}""", id=supplier["id"]))["node"]
    assert listed["overrides"] == [{"maxQuantity": 10, "usedQuantity": 10,
                                    "reason": "Sole source during requalification"}]


async def test_demo_supplier_list(client: Client) -> None:
    rows = {}
    for code in ("SUP-ALP", "SUP-BAL", "SUP-CRV", "SUP-NRD"):  # other tests add suppliers
        rows.update({e["node"]["code"]: e["node"] for e in (await client.call(
            "buyer", DEMO, s=code))["suppliers"]["edges"]})
    assert rows["SUP-ALP"]["approved"] and len(rows["SUP-ALP"]["approvedProducts"]) >= 8
    assert {p["product"]["sku"] for p in rows["SUP-ALP"]["prices"]} >= {
        "CMP-BRD-01", "CMP-HSG-02", "SUT-PGA30", "DRS-WD1010"}
    assert rows["SUP-BAL"]["qualificationStatus"] == "DISQUALIFIED"
    assert not rows["SUP-BAL"]["approved"]
    crv = rows["SUP-CRV"]
    assert crv["qualificationStatus"] == "CONDITIONAL" and crv["approved"]
    assert crv["qualificationNote"] == "100 % incoming inspection"
    assert crv["approvedProducts"] == [{"sku": "DRS-WD1010"}]
    nrd = rows["SUP-NRD"]
    assert nrd["qualificationStatus"] == "QUALIFIED" and not nrd["approved"]
    assert nrd["qualifiedUntil"] < today().isoformat()
    partner = await client.body("partner-a", DEMO)
    assert partner["errors"][0]["extensions"]["code"] == "FORBIDDEN"
