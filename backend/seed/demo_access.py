"""Demo separation-of-duties data: beside the migration's defaults, an inactive rule that
keeps whoever received a lot from inspecting it, for an administrator to switch on."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import SeparationOfDutiesRule
from backend.domain.access_control import admin
from backend.domain.actor import SYSTEM

RECEIVE_INSPECT = "SOD-RECEIVE-INSPECT"


async def load_separation_rules(session: AsyncSession) -> None:
    if await session.scalar(select(SeparationOfDutiesRule.id).where(
            SeparationOfDutiesRule.code == RECEIVE_INSPECT)):
        return
    await admin.create_rule(
        session, actor=SYSTEM, code=RECEIVE_INSPECT,
        description="Whoever received a lot does not inspect it (small sites: off).",
        first_permission="stock.receive", second_permission="lot.inspect", active=False)
