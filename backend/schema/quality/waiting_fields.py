"""Lot fields for the quarantine queue: since when, and for how many days, it waits for QA."""

from datetime import datetime

import strawberry

from backend.domain.quality.waiting import WAITING, waiting_since, whole_days
from backend.resolvers.context import Info
from backend.schema.permissions import staff_only


async def _since(lot: object, info: Info) -> datetime | None:
    values = vars(lot)
    if values["status"] not in WAITING:
        return None  # no holds to read for a lot nobody waits on
    holds = await info.context.loaders.holds_by_lot_id.load(values["pk"])
    return waiting_since(values["status"], values["created_at"], holds)


@strawberry.type
class LotWaiting:
    """Fields of Lot."""

    @strawberry.field(description="When a QUARANTINE or ON_HOLD lot began waiting for QA "
                                  "(its creation; for ON_HOLD its oldest active hold); null "
                                  "otherwise. Staff only.", extensions=staff_only())
    async def waiting_since(self, info: Info) -> datetime | None:
        return await _since(self, info)

    @strawberry.field(description="Whole days since waitingSince. Staff only.",
                      extensions=staff_only())
    async def days_waiting(self, info: Info) -> int | None:
        return whole_days(await _since(self, info))
