"""Work centres: where operations run, at one site, with a daily capacity."""

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Warehouse, WorkCenter
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.production import schedule
from backend.domain.trust import audit
from backend.enums import AuditAction

MAX_HOURS = Decimal("24")


def _hours_problem(hours: Decimal) -> Problem | None:
    if not Decimal("0") < hours <= MAX_HOURS or hours != hours.quantize(Decimal("0.01")):
        return Problem(ErrorCode.INVALID, "Hours per day are more than 0 and at most 24.",
                       ("input", "hoursPerDay"))
    return None


async def create_work_center(
    session: AsyncSession, *, actor: Actor, code: str, name: str, warehouse_id: int | None,
    hours_per_day: Decimal,
) -> WorkCenter:
    warehouse = await lookup.get(session, Warehouse, warehouse_id, field=("input", "warehouseId"))
    code, name = code.strip().upper(), name.strip()
    problems = [p for p in [_hours_problem(hours_per_day)] if p]
    if not code or len(code) > 32:
        problems.append(Problem(ErrorCode.INVALID, "The code has 1 to 32 characters.",
                                ("input", "code")))
    if not name or len(name) > 120:
        problems.append(Problem(ErrorCode.INVALID, "The name has 1 to 120 characters.",
                                ("input", "name")))
    if await session.scalar(select(WorkCenter.id).where(WorkCenter.code == code)):
        problems.append(Problem(ErrorCode.DUPLICATE, f"Work centre {code} exists already.",
                                ("input", "code")))
    if problems:
        raise DomainError(problems)
    center = WorkCenter(code=code, name=name, warehouse_id=warehouse.id,
                        hours_per_day=hours_per_day, active=True)
    session.add(center)
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.WORK_CENTER_CREATED,
                       entity_type="WorkCenter", entity_id=center.id,
                       changes=audit.created(code=code, name=name, warehouse_id=warehouse.id,
                                             hours_per_day=hours_per_day))
    return center


async def update_work_center(
    session: AsyncSession, *, actor: Actor, work_center_id: int | None, name: str | None,
    hours_per_day: Decimal | None, active: bool | None,
) -> WorkCenter:
    center = await lookup.get(session, WorkCenter, work_center_id,
                              field=("input", "workCenterId"), lock=True)
    problems = []
    if hours_per_day is not None and (p := _hours_problem(hours_per_day)):
        problems.append(p)
    if name is not None and not 1 <= len(name.strip()) <= 120:
        problems.append(Problem(ErrorCode.INVALID, "The name has 1 to 120 characters.",
                                ("input", "name")))
    if problems:
        raise DomainError(problems)
    before = {"name": center.name, "hours_per_day": center.hours_per_day, "active": center.active}
    if name is not None:
        center.name = name.strip()
    if hours_per_day is not None:
        center.hours_per_day = hours_per_day
    if active is not None:
        center.active = active
    after = {"name": center.name, "hours_per_day": center.hours_per_day, "active": center.active}
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.WORK_CENTER_UPDATED,
                       entity_type="WorkCenter", entity_id=center.id,
                       changes=audit.diff(before, after))
    if before["hours_per_day"] != center.hours_per_day:
        await schedule.reschedule(session)
    return center
