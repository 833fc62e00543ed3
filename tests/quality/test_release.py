"""Releasing needs a passed inspection of the right kind, another person and a valid signature."""

import hashlib

from sqlalchemy import select

from backend.db.models import Lot, Signature
from backend.domain.quality.releases import lot_record
from backend.domain.trust.signatures import record_hash
from backend.enums import AuditAction, Role
from tests.support import builders
from tests.support.client import Client
from tests.support.documents import INSPECT
from tests.support.flows import Quality
from tests.support.ids import pk

REJECT = """mutation($id: ID!, $reason: String!) { rejectLot(lotId: $id, reason: $reason) {
  lot { status } userErrors { field message code } } }"""


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def test_release_is_signed_and_certified(quality: Quality, client: Client) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 10)
    await quality.inspect(lot["id"])
    payload = await quality.release(lot["id"])
    assert payload["userErrors"] == []
    released = payload["lot"]
    assert released["status"] == "RELEASED"
    signature = released["release"]["signature"]
    assert signature["meaning"] == "Released for distribution"
    assert signature["signer"]["username"] == "qa"
    certificate = released["release"]["certificate"]
    assert certificate["kind"] == "RELEASE_CERTIFICATE"
    assert certificate["contentType"] == "application/pdf"
    response = await client.http.get(
        certificate["downloadUrl"], headers={"authorization": f"Bearer {await client.token('qa')}"}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert hashlib.sha256(response.content).hexdigest() == certificate["sha256"]

    async with quality.sessionmaker() as session:
        row = await session.get(Lot, pk(released["id"]))
        stored = await session.scalar(
            select(Signature).where(Signature.record_type == "lot", Signature.record_id == row.id)
        )
    assert stored.record_hash == record_hash(lot_record(row, product["gtin"]))


async def test_release_needs_a_passed_inspection_of_the_right_kind(quality: Quality) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 10)
    assert codes(await quality.release(lot["id"])) == ["INSPECTION_REQUIRED"]
    await quality.inspect(lot["id"], kind="FINAL")  # purchased lots need INCOMING
    assert codes(await quality.release(lot["id"])) == ["INSPECTION_REQUIRED"]
    await quality.inspect(lot["id"], kind="INCOMING", result="FAIL")
    # A failed incoming inspection opens a nonconformance, which blocks the release.
    assert codes(await quality.release(lot["id"])) == ["NONCONFORMANCE_OPEN"]


async def test_the_inspector_may_not_release_and_the_password_is_checked(
    quality: Quality,
) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 10)
    # A QA manager who is also an inspector does not release what they inspected.
    both = await builders.staff_user(quality.sessionmaker, Role.QA_INSPECTOR, Role.QA_MANAGER)
    await quality.inspect(lot["id"], username=both)
    assert codes(await quality.release(lot["id"], username=both)) == ["SEPARATION_OF_DUTIES"]
    wrong = await quality.release(lot["id"], password="not-my-password")
    assert codes(wrong) == ["SIGNATURE_INVALID"]
    assert wrong["userErrors"][0]["field"] == ["input", "signature", "password"]
    assert (await quality.release(lot["id"]))["lot"]["status"] == "RELEASED"
    assert codes(await quality.release(lot["id"])) == ["INVALID_TRANSITION"]


async def test_rejected_lot_is_blocked(quality: Quality, client: Client) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 10)
    data = await client.call("qa", REJECT, {"id": lot["id"], "reason": "Seal failure"})
    assert data["rejectLot"] == {"lot": {"status": "REJECTED"}, "userErrors": []}
    await quality.inspect(lot["id"], username="inspector")
    assert codes(await quality.release(lot["id"])) == ["INVALID_TRANSITION"]
    again = await client.call("qa", REJECT, {"id": lot["id"], "reason": "again"})
    assert codes(again["rejectLot"]) == ["INVALID_TRANSITION"]


async def test_inspection_input_is_checked(quality: Quality, client: Client) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 10)
    data = await client.call("inspector", INSPECT, {"input": {
        "lotId": lot["id"], "kind": "INCOMING", "result": "PASS", "sampleSize": 3,
        "defectsFound": 4,
    }})
    assert [e["field"] for e in data["recordInspection"]["userErrors"]] == [
        ["input", "defectsFound"]]
    data = await client.call("inspector", INSPECT, {"input": {
        "lotId": product["id"], "kind": "INCOMING", "result": "PASS", "sampleSize": 3,
        "defectsFound": 0,
    }})
    # A Product's id where a Lot's belongs: refused at that input, as a malformed id is.
    assert [(e["code"], e["field"]) for e in data["recordInspection"]["userErrors"]] == [
        ("INVALID", ["input", "lotId"])]


async def test_a_lot_released_again_after_a_hold_gets_a_new_certificate_version(
    quality: Quality,
) -> None:
    from backend.domain.actor import SYSTEM
    from backend.domain.inventory.lot_status import change_lot_status
    from backend.enums import LotStatus

    lot = await quality.released_lot(await quality.product(), 4)
    first = lot["release"]["certificate"]
    async with quality.sessionmaker() as session, session.begin():
        row = await session.get(Lot, pk(lot["id"]), with_for_update=True)
        await change_lot_status(session, row, LotStatus.ON_HOLD, actor=SYSTEM, action=AuditAction.LOT_HELD,
                                reason="Customer complaint under review")
    again = await quality.release(lot["id"])
    assert again["userErrors"] == []
    second = again["lot"]["release"]["certificate"]
    assert (first["version"], second["version"]) == (1, 2) and first["id"] != second["id"]
    assert again["lot"]["status"] == "RELEASED"
