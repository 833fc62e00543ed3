"""Releasing needs a passed inspection of the right kind, another person and a valid signature."""

import hashlib
from datetime import date

from sqlalchemy import select

from backend.db.models import Lot, Signature
from backend.domain.releases import lot_record
from backend.domain.signatures import record_hash
from backend.seed.demo_state import lot_record as demo_lot_record
from tests.quality.conftest import Quality

REJECT = """mutation($id: ID!, $reason: String!) { rejectLot(lotId: $id, reason: $reason) {
  lot { status } userErrors { field message code } } }"""


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def test_release_is_signed_and_certified(quality: Quality) -> None:
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
    response = await quality.api.get(
        certificate["downloadUrl"], headers={"authorization": f"Bearer {await quality.token('qa')}"}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert hashlib.sha256(response.content).hexdigest() == certificate["sha256"]

    async with quality.sessionmaker() as session:
        row = await session.get(Lot, int(_pk(released["id"])))
        stored = await session.scalar(
            select(Signature).where(Signature.record_type == "lot", Signature.record_id == row.id)
        )
    assert stored.record_hash == record_hash(lot_record(row, product["gtin"]))


def test_release_record_has_the_demo_form() -> None:
    lot = Lot(id=7, product_id=3, lot_number="X1", supplier_id=None,
              manufactured_on=date(2026, 1, 2), expires_on=None)
    assert lot_record(lot, "09506000134352") == demo_lot_record(lot, "09506000134352")


async def test_release_needs_a_passed_inspection_of_the_right_kind(quality: Quality) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 10)
    assert codes(await quality.release(lot["id"])) == ["INSPECTION_REQUIRED"]
    await quality.inspect(lot["id"], kind="FINAL")  # purchased lots need INCOMING
    assert codes(await quality.release(lot["id"])) == ["INSPECTION_REQUIRED"]
    await quality.inspect(lot["id"], kind="INCOMING", result="FAIL")
    assert codes(await quality.release(lot["id"])) == ["INSPECTION_REQUIRED"]


async def test_the_inspector_may_not_release_and_the_password_is_checked(
    quality: Quality,
) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 10)
    await quality.inspect(lot["id"], username="admin")
    assert codes(await quality.release(lot["id"], username="admin")) == ["SEPARATION_OF_DUTIES"]
    wrong = await quality.release(lot["id"], password="not-my-password")
    assert codes(wrong) == ["SIGNATURE_INVALID"]
    assert wrong["userErrors"][0]["field"] == ["input", "signature", "password"]
    assert (await quality.release(lot["id"]))["lot"]["status"] == "RELEASED"
    assert codes(await quality.release(lot["id"])) == ["INVALID_TRANSITION"]


async def test_rejected_lot_is_blocked(quality: Quality) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 10)
    data = await quality.call("qa", REJECT, {"id": lot["id"], "reason": "Seal failure"})
    assert data["rejectLot"] == {"lot": {"status": "REJECTED"}, "userErrors": []}
    await quality.inspect(lot["id"], username="admin")
    assert codes(await quality.release(lot["id"])) == ["INVALID_TRANSITION"]
    again = await quality.call("qa", REJECT, {"id": lot["id"], "reason": "again"})
    assert codes(again["rejectLot"]) == ["INVALID_TRANSITION"]


async def test_inspection_input_is_checked(quality: Quality) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 10)
    from tests.quality.conftest import INSPECT

    data = await quality.call("inspector", INSPECT, {"input": {
        "lotId": lot["id"], "kind": "INCOMING", "result": "PASS", "sampleSize": 3,
        "defectsFound": 4,
    }})
    assert [e["field"] for e in data["recordInspection"]["userErrors"]] == [
        ["input", "defectsFound"]]
    data = await quality.call("inspector", INSPECT, {"input": {
        "lotId": product["id"], "kind": "INCOMING", "result": "PASS", "sampleSize": 3,
        "defectsFound": 0,
    }})
    assert codes(data["recordInspection"]) == ["NOT_FOUND"]


def _pk(global_id: str) -> int:
    from backend.schema.ids import from_global_id

    return from_global_id(global_id)[1]


async def test_a_lot_released_again_after_a_hold_gets_a_new_certificate_version(
    quality: Quality,
) -> None:
    from backend.domain.actor import SYSTEM
    from backend.domain.lot_status import change_lot_status
    from backend.enums import LotStatus

    lot = await quality.released_lot(await quality.product(), 4)
    first = lot["release"]["certificate"]
    async with quality.sessionmaker() as session, session.begin():
        row = await session.get(Lot, _pk(lot["id"]), with_for_update=True)
        await change_lot_status(session, row, LotStatus.ON_HOLD, actor=SYSTEM, action="lot.held",
                                reason="Customer complaint under review")
    again = await quality.release(lot["id"])
    assert again["userErrors"] == []
    second = again["lot"]["release"]["certificate"]
    assert (first["version"], second["version"]) == (1, 2) and first["id"] != second["id"]
    assert again["lot"]["status"] == "RELEASED"
