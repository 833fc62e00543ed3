"""The quarantine queue's ageing: since when, and how many whole days, a lot waits for QA."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from backend.domain.quality.waiting import waiting_since, whole_days
from backend.enums import LotStatus, QualityHoldStatus
from tests.support.flows import Quality

WAITING = """query($id: ID!) { node(id: $id) { ... on Lot { status waitingSince daysWaiting } } }"""
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def hold(days_ago: int, status: QualityHoldStatus = QualityHoldStatus.ACTIVE) -> SimpleNamespace:
    return SimpleNamespace(placed_at=NOW - timedelta(days=days_ago), status=status)


def test_quarantine_counts_from_creation_and_a_hold_from_its_oldest_active_hold() -> None:
    created = NOW - timedelta(days=30)
    assert waiting_since(LotStatus.QUARANTINE, created, [hold(3)]) == created
    held = [hold(9, QualityHoldStatus.RELEASED), hold(4), hold(2)]
    assert waiting_since(LotStatus.ON_HOLD, created, held) == NOW - timedelta(days=4)
    assert waiting_since(LotStatus.ON_HOLD, created, []) == created
    assert waiting_since(LotStatus.RELEASED, created, [hold(1)]) is None
    assert whole_days(NOW - timedelta(days=2, hours=23), NOW) == 2
    assert whole_days(NOW - timedelta(hours=5), NOW) == 0
    assert whole_days(None, NOW) is None


async def test_a_received_lot_waits_from_its_receipt_until_released(quality: Quality, client) -> None:
    before = datetime.now(UTC)
    lot = await quality.receive(await quality.product(), 4)
    waiting = (await client.call("qa", WAITING, {"id": lot["id"]}))["node"]
    assert waiting["status"] == "QUARANTINE" and waiting["daysWaiting"] == 0
    since = datetime.fromisoformat(waiting["waitingSince"])
    assert before - timedelta(seconds=5) <= since <= datetime.now(UTC)

    assert (await quality.inspect(lot["id"]))["userErrors"] == []
    await quality.release(lot["id"])
    done = (await client.call("qa", WAITING, {"id": lot["id"]}))["node"]
    assert (done["status"], done["waitingSince"], done["daysWaiting"]) == ("RELEASED", None, None)
