"""`Product.stockTotals` splits on-hand by quality status, each unit counted once: RECALLED,
REJECTED, expired, QUARANTINE, ON_HOLD, held, in that order of precedence."""

from datetime import timedelta

from sqlalchemy import update

from backend.db.models import Lot
from backend.domain.quality import releases
from backend.domain.tx import transaction
from backend.enums import LotStatus
from tests.support import builders
from tests.support.builders import today
from tests.support.client import Client
from tests.support.ids import gid

HOLD = """mutation($input: PlaceQualityHoldInput!) { placeQualityHold(input: $input) {
  hold { id } userErrors { code field } } }"""
STOCK = """query($id: ID!) { node(id: $id) { ... on Product { availableQuantity
  stockTotals { onHand released reserved available quarantine onHold recalled rejected expired }
} } }"""


async def test_every_status_has_its_figure_and_the_worst_one_wins(
    client: Client, sessionmaker
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker)

    async def lot(quantity: int, status: LotStatus = LotStatus.RELEASED) -> Lot:
        return await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"],
                                       quantity=quantity, status=status)

    partly_held = await lot(10)
    await lot(4, LotStatus.QUARANTINE)
    quarantine_expired = await lot(2, LotStatus.QUARANTINE)
    recalled_expired = await lot(5)
    rejected = await lot(6, LotStatus.QUARANTINE)
    released_expired = await lot(1)
    whole_lot_held = await lot(2)

    async with transaction(sessionmaker) as session:
        await builders.recalled(session, [recalled_expired.id])
        await releases.reject_lot(session, actor=await builders.demo_actor(session, "qa"),
                                  lot_id=rejected.id, reason="Failed bioburden")
        # Past expiry without the expiry job having run: the figures must not wait for it.
        await session.execute(
            update(Lot).where(Lot.id.in_([quarantine_expired.id, recalled_expired.id,
                                          released_expired.id]))
            .values(expires_on=today() - timedelta(days=1)))
    for input in ({"lotId": gid("Lot", partly_held.id), "quantity": 3,
                   "warehouseId": gid("Warehouse", wh["DE-LEJ"]), "reason": "Dented boxes"},
                  {"lotId": gid("Lot", whole_lot_held.id), "reason": "Supplier alert"}):
        placed = (await client.call("qa", HOLD, input=input))["placeQualityHold"]
        assert placed["userErrors"] == []

    node = (await client.call("warehouse", STOCK, id=gid("Product", product.id)))["node"]
    assert node["stockTotals"] == {
        "onHand": 30,
        "released": 7,  # the partly held lot's unheld units
        "reserved": 0,
        "available": 7,
        "quarantine": 4,  # the expired quarantine lot counts as expired
        "onHold": 5,  # 3 held units of a released lot and the 2 of the lot on hold
        "recalled": 5,  # past expiry, but recalled comes first
        "rejected": 6,
        "expired": 3,  # the quarantine lot and the released lot past expiry
    }
    assert node["availableQuantity"] == 7
