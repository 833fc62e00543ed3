"""QA's part: closing deviations (signed, with a disposition, recorded as a PRODUCTION
nonconformance without a hold) and the signed review of a batch record; approval closes
the work order, frees what it still holds and attaches the DHR to every output lot. A
lot made by a work order is released only after that approval."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import BatchDeviation, BatchRecord, WorkOrder, WorkOrderOutput
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.production import events, schedule
from backend.domain.production.batch import record_for
from backend.domain.production.dhr import device_history_record
from backend.domain.production.work_orders import free_reservations, locked
from backend.domain.quality import nonconformance
from backend.domain.standards.signed_documents import store_signed_pdf
from backend.domain.trust import audit, signatures
from backend.enums import (
    AuditAction,
    BatchDeviationDisposition,
    BatchDeviationStatus,
    BatchRecordStatus,
    DocumentKind,
    NonconformanceDisposition,
    NonconformanceSource,
    WorkOrderEventKind,
    WorkOrderStatus,
)

MAX_TEXT = 2000


async def close_deviation(
    session: AsyncSession, *, actor: Actor, deviation_id: int | None,
    disposition: BatchDeviationDisposition, rationale: str, password: str, meaning: str,
) -> BatchDeviation:
    deviation = await lookup.get(session, BatchDeviation, deviation_id,
                                 field=("input", "deviationId"), lock=True)
    if deviation.status != BatchDeviationStatus.OPEN:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"{deviation.number} is closed already.",
                                 ("input", "deviationId"))
    rationale = rationale.strip()
    if not 1 <= len(rationale) <= MAX_TEXT:
        raise DomainError.single(ErrorCode.INVALID, f"The rationale has 1 to {MAX_TEXT} "
                                 "characters.", ("input", "rationale"))
    work_order = await session.get(WorkOrder, deviation.work_order_id)
    assert work_order is not None
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="BatchDeviation", record_id=deviation.id,
        record={"number": deviation.number, "disposition": disposition.value,
                "rationale": rationale})
    lot_id = await session.scalar(select(WorkOrderOutput.lot_id).where(
        WorkOrderOutput.work_order_id == work_order.id).order_by(WorkOrderOutput.lot_id).limit(1))
    if lot_id is not None:
        # The register's record of it: no hold, the lot is in quarantine until reviewed.
        nc = await nonconformance.open_nonconformance(
            session, actor=actor, source=NonconformanceSource.PRODUCTION,
            title=f"{deviation.number}: {deviation.parameter['name']} = {deviation.value}",
            description=f"Work order {work_order.number}, step {deviation.step_sequence}. "
            f"{rationale}", lot_id=lot_id, hold=False)
        await nonconformance.decide(
            session, actor=actor, nonconformance_id=nc.id, root_cause=rationale,
            disposition=NonconformanceDisposition(disposition.value), password=password,
            meaning=meaning)
        await nonconformance.close(session, actor=actor, nonconformance_id=nc.id,
                                   password=password, meaning=meaning)
        deviation.nonconformance_id = nc.id
    deviation.status = BatchDeviationStatus.CLOSED
    deviation.disposition = disposition
    deviation.rationale = rationale
    deviation.closure_signature_id = signature.id
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.BATCH_DEVIATION_CLOSED,
                       entity_type="BatchDeviation", entity_id=deviation.id, reason=rationale,
                       changes={"status": ("OPEN", "CLOSED"), "disposition": (None, disposition),
                                "nonconformance_id": (None, deviation.nonconformance_id)})
    await events.announce(session, work_order, kind=WorkOrderEventKind.BATCH_RECORD_REVIEWED)
    return deviation


async def review_batch_record(
    session: AsyncSession, *, actor: Actor, work_order_id: int | None, approve: bool,
    comment: str | None, password: str, meaning: str,
    check: signatures.PasswordCheck | None = None,
) -> BatchRecord:
    work_order = await locked(session, work_order_id)
    record = await record_for(session, work_order)
    if record.status in (BatchRecordStatus.APPROVED, BatchRecordStatus.REJECTED):
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"The batch record was {record.status.value} already.",
                                 ("input", "workOrderId"))
    if record.status != BatchRecordStatus.READY_FOR_REVIEW:
        raise DomainError.single(ErrorCode.BATCH_RECORD_INCOMPLETE,
                                 f"{work_order.number} is {work_order.status.value} or has steps "
                                 "not done (or not verified).", ("input", "workOrderId"))
    open_deviation = await session.scalar(select(BatchDeviation.number).where(
        BatchDeviation.work_order_id == work_order.id,
        BatchDeviation.status == BatchDeviationStatus.OPEN).limit(1))
    if approve and open_deviation is not None:
        raise DomainError.single(ErrorCode.BATCH_DEVIATION_OPEN,
                                 f"Deviation {open_deviation} is still OPEN.",
                                 ("input", "workOrderId"))
    comment = (comment or "").strip() or None
    if not approve and comment is None:
        raise DomainError.single(ErrorCode.INVALID, "A rejection says why.", ("input", "comment"))
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="BatchRecord", record_id=record.id,
        record={"workOrder": work_order.number, "approved": approve, "comment": comment},
        check=check)
    before_status = record.status
    record.status = BatchRecordStatus.APPROVED if approve else BatchRecordStatus.REJECTED
    record.review_approved, record.review_comment = approve, comment
    record.review_signature_id = signature.id
    before = events.snapshot(work_order)
    freed: list[list[int]] = []
    if approve:
        freed = await free_reservations(session, work_order)
        work_order.status = WorkOrderStatus.CLOSED
        await session.flush()
        lots = list(await session.scalars(select(WorkOrderOutput.lot_id).where(
            WorkOrderOutput.work_order_id == work_order.id)))
        document = await store_signed_pdf(
            session, actor=actor, kind=DocumentKind.BATCH_RECORD,
            title=f"Device history record {work_order.number}",
            file_name=f"dhr-{work_order.number}.pdf",
            content=await device_history_record(session, work_order, record),
            links=[("Lot", lot) for lot in lots])
        record.document_id = document.id
        await schedule.reschedule(session, announced=work_order.id)
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.BATCH_RECORD_REVIEWED,
                       entity_type="BatchRecord", entity_id=record.id, reason=signature.meaning,
                       changes={"status": (before_status, record.status),
                                "review_comment": (None, comment)})
    if approve:
        await events.changed(session, work_order, actor=actor, kind=WorkOrderEventKind.CLOSED,
                             action=AuditAction.WORK_ORDER_STATUS_CHANGED, before=before,
                             previous=WorkOrderStatus.COMPLETED, extra={"freed": freed})
    else:
        await events.announce(session, work_order,
                              kind=WorkOrderEventKind.BATCH_RECORD_REVIEWED)
    return record

