"""Inspections of lots: incoming for purchased lots, in-process and final for produced ones."""

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Inspection, Lot
from backend.domain import lookup
from backend.domain.access_control.lot_duties import ensure_separate_on_lot
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.quality.nonconformance import open_nonconformance
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    InspectionKind,
    InspectionResult,
    LotStatus,
    NonconformanceSource,
)

MAX_NOTES = 4000
# Lots whose fate is sealed take no more inspections.
CLOSED_STATUSES = (LotStatus.REJECTED, LotStatus.RECALLED)


async def record_inspection(
    session: AsyncSession,
    *,
    actor: Actor,
    lot_id: int | None,
    kind: InspectionKind,
    result: InspectionResult,
    sample_size: int,
    defects_found: int,
    notes: str | None = None,
    from_plan: bool = False,
) -> Inspection:
    lot = await lookup.get(session, Lot, lot_id, field=("input", "lotId"), lock=True)
    problems = []
    if sample_size <= 0:
        problems.append(Problem(ErrorCode.INVALID, "The sample size must be positive.",
                                ("input", "sampleSize")))
    if not 0 <= defects_found <= max(sample_size, 0):
        problems.append(Problem(ErrorCode.INVALID,
                                "Defects found lie between 0 and the sample size.",
                                ("input", "defectsFound")))
    if notes is not None and len(notes) > MAX_NOTES:
        problems.append(Problem(ErrorCode.INVALID, f"Notes have at most {MAX_NOTES} characters.",
                                ("input", "notes")))
    if lot.status in CLOSED_STATUSES:
        problems.append(Problem(ErrorCode.INVALID_TRANSITION,
                                f"Lot {lot.lot_number} is {lot.status.value}; it takes no more "
                                "inspections.", ("input", "lotId")))
    if problems:
        raise DomainError(problems)
    await ensure_separate_on_lot(
        session, actor=actor, lot_id=lot.id, doing="lot.inspect",
        message=f"You received lot {lot.lot_number}; someone else must inspect it.",
        field=("input", "lotId"))
    inspection = Inspection(
        lot_id=lot.id, kind=kind, result=result, sample_size=sample_size,
        defects_found=defects_found, notes=notes.strip() if notes else None,
        inspector_id=actor.user_id,
    )
    session.add(inspection)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.INSPECTION_RECORDED,
        entity_type="Inspection", entity_id=inspection.id,
        changes=audit.created(lot_id=lot.id, kind=kind, result=result,
                              sample_size=sample_size, defects_found=defects_found),
    )
    if result == InspectionResult.FAIL and (kind == InspectionKind.INCOMING or from_plan):
        await open_for_failure(session, actor=actor, lot=lot, inspection=inspection)
    return inspection


async def open_for_failure(
    session: AsyncSession, *, actor: Actor, lot: Lot, inspection: Inspection
) -> None:
    """A failed incoming (or planned) inspection opens a nonconformance holding the lot."""
    await open_nonconformance(
        session, actor=actor,
        source=NonconformanceSource.INCOMING_INSPECTION
        if inspection.kind == InspectionKind.INCOMING else NonconformanceSource.PRODUCTION,
        title=f"{inspection.kind.value} inspection of lot {lot.lot_number} failed",
        description=inspection.notes or f"{inspection.defects_found} of "
        f"{inspection.sample_size} sampled units failed.",
        lot_id=lot.id, inspection_id=inspection.id,
    )
