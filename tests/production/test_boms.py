"""Roles of production, work centres and BOM versions: drafts by planners, signed approval
by QA with supersession, `Product.bom` on a day, and refusals that write nothing."""

from datetime import timedelta

from sqlalchemy import func, select

from backend.db.models import AuditEvent, BomVersion
from backend.enums import Replenishment
from tests.production.conftest import (
    APPROVE_BOM,
    CREATE_BOM,
    CREATE_CENTER,
    SIGN,
    UPDATE_CENTER,
    Plant,
    codes,
)
from tests.support.builders import today, unique
from tests.support.client import Client

PRODUCT_BOM = """query($id: ID!, $on: Date) { node(id: $id) { ... on Product {
  bom(on: $on) { version status } bomVersions { version status effectiveFrom effectiveTo } } } }"""
WORK_CENTERS = "{ workCenters { code hoursPerDay warehouse { code } } }"


def forbidden(body: dict) -> bool:
    return any(e["extensions"]["code"] == "FORBIDDEN" for e in body.get("errors", []))


async def test_only_planners_make_work_centres_and_boms_and_only_qa_approves(
    plant: Plant, client: Client
) -> None:
    center_input = {"code": unique("WC"), "name": "Cell", "warehouseId": plant.warehouse_id,
                    "hoursPerDay": "7.5"}
    for user in ("sales", "operator", "warehouse", "qa"):
        assert forbidden(await client.body(user, CREATE_CENTER, input=center_input)), user
    made = (await client.call("planner", CREATE_CENTER, input=center_input))["createWorkCenter"]
    assert made["workCenter"]["hoursPerDay"] == "7.50"
    assert made["workCenter"]["warehouse"]["code"] == "DE-LEJ"
    component = await plant.product()
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    bom = plant.bom_input(finished, [(component, 1, "0")])
    for user in ("operator", "qa", "sales"):
        assert forbidden(await client.body(user, CREATE_BOM, input=bom)), user
    draft = (await client.call("planner", CREATE_BOM, input=bom))["createBomVersion"]
    assert draft["userErrors"] == []
    approve = {"bomVersionId": draft["bomVersion"]["id"], "signature": SIGN}
    for user in ("planner", "inspector", "operator"):
        assert forbidden(await client.body(user, APPROVE_BOM, input=approve)), user
    # Staff read it; partners see nothing of production.
    assert {"code": made["workCenter"]["code"], "hoursPerDay": "7.50",
            "warehouse": {"code": "DE-LEJ"}} in (await client.call("sales", WORK_CENTERS))[
        "workCenters"]
    assert forbidden(await client.body("partner-a", WORK_CENTERS))
    assert forbidden(await client.body("partner-a", PRODUCT_BOM, id=finished["id"]))


async def test_a_draft_is_numbered_after_the_last_and_approval_supersedes_the_one_before(
    plant: Plant, client: Client, sessionmaker
) -> None:
    component, other = await plant.product(), await plant.product()
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    v1 = await plant.approved_bom(finished, [(component, 2, "2.5")])
    assert v1["version"] == 1 and v1["status"] == "APPROVED"
    assert v1["approval"]["signer"]["username"] == "qa"
    assert v1["components"] == [{"lineNumber": 1, "quantityPer": 2, "scrapPercent": "2.50",
                                 "product": {"id": component["id"], "sku": v1["components"][0][
                                     "product"]["sku"]}}]
    assert v1["operations"][0]["runMinutesPerUnit"] == "12.500"
    assert v1["batchSteps"][0]["parameters"][0] == {
        "code": "TQ", "name": "Torque", "kind": "NUMERIC", "unit": "Nm", "min": "1.8",
        "max": "2.2"}
    starts = today() + timedelta(days=10)
    draft = (await client.call("planner", CREATE_BOM, input=plant.bom_input(
        finished, [(other, 1, "0")], effectiveFrom=starts.isoformat())))["createBomVersion"]
    assert draft["bomVersion"]["version"] == 2 and draft["bomVersion"]["status"] == "DRAFT"
    approved = (await client.call("qa", APPROVE_BOM, input={
        "bomVersionId": draft["bomVersion"]["id"], "signature": SIGN}))["approveBomVersion"]
    assert approved["bomVersion"]["status"] == "APPROVED"
    again = (await client.call("qa", APPROVE_BOM, input={
        "bomVersionId": draft["bomVersion"]["id"], "signature": SIGN}))["approveBomVersion"]
    assert codes(again) == [("INVALID_TRANSITION", ["input", "bomVersionId"])]
    data = (await client.call("sales", PRODUCT_BOM, id=finished["id"]))["node"]
    assert data["bom"] == {"version": 1, "status": "SUPERSEDED"}  # still in effect today
    later = (await client.call("sales", PRODUCT_BOM, id=finished["id"],
                               on=starts.isoformat()))["node"]
    assert later["bom"] == {"version": 2, "status": "APPROVED"}
    assert [(v["version"], v["status"], v["effectiveTo"]) for v in data["bomVersions"]] == [
        (2, "APPROVED", None),
        (1, "SUPERSEDED", (starts - timedelta(days=1)).isoformat())]
    async with sessionmaker() as s:
        pk = await s.scalar(select(BomVersion.id).where(
            BomVersion.product_id == finished["pk"], BomVersion.version == 1))
        trail = list(await s.scalars(select(AuditEvent.changes).where(
            AuditEvent.entity_type == "BomVersion", AuditEvent.entity_id == pk)
            .order_by(AuditEvent.id)))
    assert trail[-1]["status"] == ["APPROVED", "SUPERSEDED"]


async def test_bad_boms_are_refused_with_field_paths_and_write_nothing(
    plant: Plant, client: Client, sessionmaker
) -> None:
    component = await plant.product()
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    base = plant.bom_input(finished, [(component, 1, "0")])

    async def refused(**over: object) -> list:
        return codes((await client.call("planner", CREATE_BOM, input={**base, **over}))[
            "createBomVersion"])

    assert await refused(components=[]) == [("INVALID", ["input", "components"])]
    assert ("INVALID", ["input", "operations"]) in await refused(operations=[])
    assert await refused(batchSteps=[]) == [("INVALID", ["input", "batchSteps"])]
    assert await refused(components=[{"productId": finished["id"], "quantityPer": 1}]) == [
        ("INVALID", ["input", "components", "0", "productId"])]
    assert await refused(components=[{"productId": component["id"], "quantityPer": 0}]) == [
        ("INVALID", ["input", "components", "0", "quantityPer"])]
    assert await refused(components=[{"productId": component["id"], "quantityPer": 1,
                                      "scrapPercent": "100.5"}]) == [
        ("INVALID", ["input", "components", "0", "scrapPercent"])]
    assert await refused(components=[{"productId": component["id"], "quantityPer": 1}] * 2) == [
        ("DUPLICATE", ["input", "components", "1", "productId"])]
    step = base["batchSteps"][0]
    assert await refused(batchSteps=[{**step, "parameters": [{
        "code": "X", "name": "X", "kind": "NUMERIC", "min": "3", "max": "2"}]}]) == [
        ("INVALID", ["input", "batchSteps", "0", "parameters", "0", "min"])]
    assert await refused(effectiveFrom=(today() - timedelta(days=1)).isoformat()) == [
        ("INVALID", ["input", "effectiveFrom"])]
    bad_center = (await client.call("planner", CREATE_CENTER, input={
        "code": plant.center["code"], "name": "Again", "warehouseId": plant.warehouse_id,
        "hoursPerDay": "25"}))["createWorkCenter"]
    assert sorted(codes(bad_center)) == [("DUPLICATE", ["input", "code"]),
                                         ("INVALID", ["input", "hoursPerDay"])]
    zero = (await client.call("planner", UPDATE_CENTER, input={
        "workCenterId": plant.center["id"], "hoursPerDay": "0"}))["updateWorkCenter"]
    assert codes(zero) == [("INVALID", ["input", "hoursPerDay"])]
    async with sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(BomVersion).where(
            BomVersion.product_id == finished["pk"])) == 0
