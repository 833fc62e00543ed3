"""The executed batch record: steps in sequence, a value per parameter, e-signed by the
operator; verification by someone else; an out-of-limit value (or FAIL) needs a comment
and raises an OPEN deviation. READY_FOR_REVIEW once the work order is COMPLETED and every
step is done (and verified where required)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import BatchDeviation, BatchRecord, BatchRecordStep, Signature, WorkOrder
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.production import boms, events
from backend.domain.production.work_orders import locked
from backend.domain.trust import audit, signatures
from backend.enums import (
    AuditAction,
    BatchParameterKind,
    BatchRecordStatus,
    BatchStepStatus,
    WorkOrderEventKind,
    WorkOrderStatus,
)

K = BatchParameterKind
EXECUTING = (WorkOrderStatus.RELEASED, WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.COMPLETED)
MAX_VALUE = 500
MAX_COMMENT = 2000


@dataclass(frozen=True)
class Value:
    code: str
    value: str


def within_limits(parameter: dict[str, Any], value: str) -> bool | None:
    """Whether a value is within the parameter's limits; None when it is not a value of
    that kind at all."""
    kind = K(parameter["kind"])
    if kind == K.NUMERIC:
        number = boms.parse_decimal(value)
        if number is None:
            return None
        low, high = parameter.get("min"), parameter.get("max")
        return ((low is None or number >= Decimal(low))
                and (high is None or number <= Decimal(high)))
    if kind == K.PASS_FAIL:
        if value not in ("PASS", "FAIL"):
            return None
        return value == "PASS"
    return bool(value.strip()) or None


async def record_for(session: AsyncSession, work_order: WorkOrder) -> BatchRecord:
    record = await session.scalar(select(BatchRecord).where(
        BatchRecord.work_order_id == work_order.id).with_for_update())
    if record is None:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"{work_order.number} has no batch record before release.",
                                 ("input", "workOrderId"))
    return record


async def _steps(session: AsyncSession, record: BatchRecord) -> list[BatchRecordStep]:
    return list(await session.scalars(select(BatchRecordStep).where(
        BatchRecordStep.batch_record_id == record.id).order_by(BatchRecordStep.sequence)
        .with_for_update()))


def _step(steps: list[BatchRecordStep], sequence: int) -> BatchRecordStep:
    found = next((s for s in steps if s.sequence == sequence), None)
    if found is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No step of that sequence.",
                                 ("input", "stepSequence"))
    return found


def _value_problems(step: BatchRecordStep, values: Sequence[Value],
                    comment: str | None) -> tuple[list[Problem], list[dict[str, Any]]]:
    problems: list[Problem] = []
    by_code = {p["code"]: p for p in step.parameters}
    entered: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, v in enumerate(values):
        at = ("input", "values", str(i))
        parameter = by_code.get(v.code)
        if parameter is None:
            problems.append(Problem(ErrorCode.INVALID, f"Step {step.sequence} has no parameter "
                                    f"{v.code}.", (*at, "code")))
            continue
        if v.code in seen:
            problems.append(Problem(ErrorCode.DUPLICATE, f"{v.code} is given twice.",
                                    (*at, "code")))
            continue
        seen.add(v.code)
        value = v.value.strip()
        ok = within_limits(parameter, value) if len(value) <= MAX_VALUE else None
        if ok is None:
            expected = {K.NUMERIC: "a number", K.PASS_FAIL: "PASS or FAIL",
                        K.TEXT: "some text"}[K(parameter["kind"])]
            problems.append(Problem(ErrorCode.INVALID, f"{parameter['name']} needs {expected}.",
                                    (*at, "value")))
            continue
        entered.append({"code": v.code, "value": value, "within_limits": ok})
    missing = [code for code in by_code if code not in seen]
    if missing:
        problems.append(Problem(ErrorCode.INVALID, f"Values missing for {', '.join(missing)}.",
                                ("input", "values")))
    if any(not e["within_limits"] for e in entered) and not (comment or "").strip():
        problems.append(Problem(ErrorCode.INVALID, "A value out of limits needs a comment.",
                                ("input", "comment")))
    if comment is not None and len(comment) > MAX_COMMENT:
        problems.append(Problem(ErrorCode.INVALID, f"The comment has at most {MAX_COMMENT} "
                                "characters.", ("input", "comment")))
    return problems, entered


async def record_step(
    session: AsyncSession, *, actor: Actor, work_order_id: int | None, step_sequence: int,
    values: Sequence[Value], comment: str | None, password: str, meaning: str,
    check: signatures.PasswordCheck | None = None,
) -> BatchRecord:
    work_order = await locked(session, work_order_id)
    record = await record_for(session, work_order)
    if work_order.status not in EXECUTING or record.status != BatchRecordStatus.IN_PROGRESS:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"The batch record of {work_order.number} is "
                                 f"{record.status.value}.", ("input", "workOrderId"))
    steps = await _steps(session, record)
    step = _step(steps, step_sequence)
    if step.status != BatchStepStatus.PENDING:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Step {step.sequence} is {step.status.value} already.",
                                 ("input", "stepSequence"))
    earlier = [s.sequence for s in steps if s.sequence < step.sequence
               and s.status == BatchStepStatus.PENDING]
    if earlier:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Step {earlier[0]} comes first.", ("input", "stepSequence"))
    problems, entered = _value_problems(step, values, comment)
    if problems:
        raise DomainError(problems)
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="BatchRecordStep", record_id=record.id,
        record={"workOrder": work_order.number, "step": step.sequence,
                "values": [[e["code"], e["value"]] for e in entered]}, check=check)
    for e in entered:
        if not e["within_limits"]:
            deviation = BatchDeviation(
                number=await numbering.next_number(session, "DEV"), work_order_id=work_order.id,
                step_sequence=step.sequence,
                parameter=next(p for p in step.parameters if p["code"] == e["code"]),
                value=e["value"], raised_by_id=actor.user_id)
            session.add(deviation)
            await session.flush()
            e["deviation_id"] = deviation.id
            await audit.record(session, actor_id=actor.user_id,
                               action=AuditAction.BATCH_DEVIATION_RAISED,
                               entity_type="BatchDeviation", entity_id=deviation.id,
                               changes=audit.created(number=deviation.number,
                                                     value=e["value"], status="OPEN"))
            await events.announce(session, work_order, kind=WorkOrderEventKind.DEVIATION_RAISED)
    step.values = entered
    step.comment = (comment or "").strip() or None
    step.performed_signature_id = signature.id
    step.status = BatchStepStatus.DONE
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.BATCH_STEP_RECORDED,
                       entity_type="BatchRecord", entity_id=record.id, reason=signature.meaning,
                       changes={f"step_{step.sequence}": (None, {
                           "status": "DONE", "values": [[e["code"], e["value"]]
                                                        for e in entered]})})
    await events.announce(session, work_order, kind=WorkOrderEventKind.STEP_RECORDED)
    await refresh_status(session, work_order, record)
    return record


async def verify_step(
    session: AsyncSession, *, actor: Actor, work_order_id: int | None, step_sequence: int,
    password: str, meaning: str,
    check: signatures.PasswordCheck | None = None,
) -> BatchRecord:
    work_order = await locked(session, work_order_id)
    record = await record_for(session, work_order)
    if record.status != BatchRecordStatus.IN_PROGRESS:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"The batch record is {record.status.value}.",
                                 ("input", "workOrderId"))
    step = _step(await _steps(session, record), step_sequence)
    if step.status != BatchStepStatus.DONE or not step.requires_verification:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Step {step.sequence} is {step.status.value}"
                                 + ("" if step.requires_verification else
                                    " and needs no verification") + ".",
                                 ("input", "stepSequence"))
    performed = await session.get(Signature, step.performed_signature_id)
    if performed is not None and performed.signer_id == actor.user_id:
        raise DomainError.single(ErrorCode.SEPARATION_OF_DUTIES,
                                 "You performed this step; someone else verifies it.",
                                 ("input", "stepSequence"))
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="BatchRecordStep", record_id=record.id,
        record={"workOrder": work_order.number, "step": step.sequence, "verified": True},
        check=check)
    step.verified_signature_id = signature.id
    step.status = BatchStepStatus.VERIFIED
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.BATCH_STEP_RECORDED,
                       entity_type="BatchRecord", entity_id=record.id, reason=signature.meaning,
                       changes={f"step_{step.sequence}": ("DONE", "VERIFIED")})
    await events.announce(session, work_order, kind=WorkOrderEventKind.STEP_RECORDED)
    await refresh_status(session, work_order, record)
    return record


def complete(steps: Sequence[BatchRecordStep]) -> bool:
    return all(s.status == BatchStepStatus.VERIFIED or (
        s.status == BatchStepStatus.DONE and not s.requires_verification) for s in steps)


async def refresh_status(session: AsyncSession, work_order: WorkOrder,
                         record: BatchRecord | None = None) -> None:
    """IN_PROGRESS -> READY_FOR_REVIEW once the work order is COMPLETED and the steps done."""
    if record is None:
        record = await session.scalar(select(BatchRecord).where(
            BatchRecord.work_order_id == work_order.id).with_for_update())
    if (record is None or record.status != BatchRecordStatus.IN_PROGRESS
            or work_order.status != WorkOrderStatus.COMPLETED):
        return
    if complete(await _steps(session, record)):
        record.status = BatchRecordStatus.READY_FOR_REVIEW
        await session.flush()
        await audit.record(session, actor_id=None, action=AuditAction.BATCH_STEP_RECORDED,
                           entity_type="BatchRecord", entity_id=record.id,
                           changes={"status": (BatchRecordStatus.IN_PROGRESS,
                                               BatchRecordStatus.READY_FOR_REVIEW)})
