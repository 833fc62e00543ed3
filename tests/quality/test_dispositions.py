"""Dispositions beyond scrap: the held units go back to the supplier; a rework closes only
after a new PASS; a repeated request with the same idempotency key, a non-positive quantity
or the wrong role changes nothing."""

from sqlalchemy import func, select

from backend.db.models import AuditEvent, Lot, Nonconformance, QualityHold
from tests.quality.test_holds import HOLD
from tests.quality.test_nonconformance import CLOSE, DECIDE, LOT, OPEN, RELEASE_HOLD, SIGN, codes
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.flows import Quality


async def test_return_to_supplier_posts_supplier_return_moves_for_the_held_units(
    quality: Quality, client: Client
) -> None:
    lot = await quality.released_lot(await quality.product(), 10)
    nc = (await client.call("warehouse", OPEN, input={
        "source": "INTERNAL", "title": "Wrong resin grade", "description": "CoA mismatch",
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 4,
        "supplierId": quality.supplier_id}))["openNonconformance"]["nonconformance"]
    decided = (await client.call("qa", DECIDE, input={
        "nonconformanceId": nc["id"], "rootCause": "Supplier shipped grade B",
        "disposition": "RETURN_TO_SUPPLIER", "signature": SIGN}))["decideNonconformance"]
    assert decided["userErrors"] == []
    assert [h["status"] for h in decided["nonconformance"]["holds"]] == ["DISPOSED"]
    node = (await client.call("warehouse", LOT, id=lot["id"]))["node"]
    assert [(b["onHand"], b["held"], b["available"]) for b in node["stock"]] == [(6, 0, 6)]
    moves = [(e["node"]["kind"], e["node"]["quantity"]) for e in node["moves"]["edges"]]
    assert ("SUPPLIER_RETURN", -4) in moves and not any(k == "SCRAP" for k, _ in moves)


async def test_a_rework_closes_only_after_a_new_pass(quality: Quality, client: Client) -> None:
    lot = await quality.released_lot(await quality.product(), 5)
    nc = (await client.call("sales", OPEN, input={
        "source": "CUSTOMER_COMPLAINT", "title": "Labels smudged", "description": "x",
        "lotId": lot["id"]}))["openNonconformance"]["nonconformance"]
    assert nc["lot"]["status"] == "ON_HOLD"
    from_open = (await client.call("qa", CLOSE, input={"nonconformanceId": nc["id"],
                                                       "signature": SIGN}))
    assert codes(from_open["closeNonconformance"]) == [("INVALID_TRANSITION",
                                                        ["input", "nonconformanceId"])]
    await client.call("qa", DECIDE, input={
        "nonconformanceId": nc["id"], "rootCause": "Printer ribbon worn",
        "disposition": "REWORK", "signature": SIGN})
    early = (await client.call("qa", CLOSE, input={"nonconformanceId": nc["id"],
                                                   "signature": SIGN}))["closeNonconformance"]
    assert codes(early) == [("INSPECTION_REQUIRED", ["input", "nonconformanceId"])]
    assert early["nonconformance"] is None
    assert (await quality.inspect(lot["id"], kind="INCOMING"))["userErrors"] == []
    closed = (await client.call("qa", CLOSE, input={"nonconformanceId": nc["id"],
                                                    "signature": SIGN}))["closeNonconformance"]
    assert closed["userErrors"] == []
    assert (closed["nonconformance"]["status"], closed["nonconformance"]["lot"]["status"]) == (
        "CLOSED", "RELEASED")


async def test_the_same_idempotency_key_opens_one_nonconformance(
    quality: Quality, client: Client, sessionmaker
) -> None:
    lot = await quality.released_lot(await quality.product(), 5)
    request = {"source": "INTERNAL", "title": "Dented boxes", "description": "Bay 2",
               "lotId": lot["id"], "idempotencyKey": "nc-dented-boxes-1"}
    first = (await client.call("warehouse", OPEN, input=request))["openNonconformance"]
    again = (await client.call("warehouse", OPEN, input=request))["openNonconformance"]
    assert first["userErrors"] == [] and again["nonconformance"]["id"] == first[
        "nonconformance"]["id"]
    async with sessionmaker() as session:
        before = await session.scalar(select(func.count()).select_from(AuditEvent))
    other = (await client.call("warehouse", OPEN, input={**request, "title": "Crushed boxes"}))
    assert [e["code"] for e in other["openNonconformance"]["userErrors"]] == [
        "IDEMPOTENCY_KEY_REUSED"]
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEvent)) == before
        lot_pk = await session.scalar(select(Nonconformance.lot_id).where(
            Nonconformance.number == first["nonconformance"]["number"]))
        ncs = await session.scalar(select(func.count()).select_from(Nonconformance).where(
            Nonconformance.lot_id == lot_pk))
        holds = await session.scalar(select(func.count()).select_from(QualityHold).where(
            QualityHold.lot_id == lot_pk))
    assert (ncs, holds) == (1, 1)


async def test_non_positive_quantities_and_the_wrong_role_change_nothing(
    quality: Quality, client: Client, sessionmaker
) -> None:
    lot = await quality.released_lot(await quality.product(), 6)
    zero = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 0,
        "reason": "Crushed"}))["placeQualityHold"]
    assert codes(zero) == [("INVALID", ["input", "quantity"])]
    negative = (await client.call("warehouse", OPEN, input={
        "source": "INTERNAL", "title": "Crushed", "description": "x", "lotId": lot["id"],
        "warehouseId": quality.warehouse_id, "quantity": -2}))["openNonconformance"]
    assert codes(negative) == [("INVALID", ["input", "quantity"])]
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(QualityHold).join(
            Lot, Lot.id == QualityHold.lot_id).where(Lot.lot_number == lot["lotNumber"])) == 0
    placed = (await client.call("warehouse", HOLD, input={
        "lotId": lot["id"], "warehouseId": quality.warehouse_id, "quantity": 2,
        "reason": "Crushed"}))["placeQualityHold"]["hold"]
    # Placing is the warehouse's; releasing is a QA manager's only.
    refused = await client.body("warehouse", RELEASE_HOLD, input={
        "holdId": placed["id"], "signature": {"password": DEMO_PASSWORD,
                                              "meaning": "Hold released"}})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    node = (await client.call("warehouse", LOT, id=lot["id"]))["node"]
    assert [(b["onHand"], b["held"]) for b in node["stock"]] == [(6, 2)]
