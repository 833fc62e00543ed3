"""The scheduled quality jobs (`erp jobs run-once`): one process runs a round, another one
running at the same time skips it and changes nothing."""

from datetime import timedelta

from sqlalchemy import text, update

from backend.db.models import Lot
from backend.domain.tx import transaction
from backend.enums import LotStatus
from backend.events.jobs import JOBS_LOCK, run_once
from tests.support import builders
from tests.support.builders import today


async def test_a_round_is_skipped_while_another_process_runs_the_jobs(
    engine, sessionmaker, demo_data
) -> None:
    wh = await builders.warehouses(sessionmaker)
    lot = await builders.make_lot(sessionmaker, await builders.make_product(sessionmaker),
                                  warehouse_id=wh["NL-RTM"], quantity=3)
    async with transaction(sessionmaker) as session:
        await session.execute(update(Lot).where(Lot.id == lot.id)
                              .values(expires_on=today() - timedelta(days=2)))

    async with engine.connect() as other:
        await other.execute(text("BEGIN"))
        await other.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": JOBS_LOCK})
        skipped = await run_once(engine)
        await other.execute(text("ROLLBACK"))
    assert skipped.ran is False
    async with sessionmaker() as session:
        assert (await session.get_one(Lot, lot.id)).status == LotStatus.RELEASED

    ran = await run_once(engine)
    assert ran.ran is True
    async with sessionmaker() as session:
        assert (await session.get_one(Lot, lot.id)).status == LotStatus.EXPIRED
