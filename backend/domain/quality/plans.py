"""Inspection plans (versioned per product and inspection kind), the tasks receipt and
production create with the plan in force, and results recorded against a task."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import InspectionPlan, InspectionTask, Lot, Product
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.quality.inspections import record_inspection
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    InspectionCharacteristicKind,
    InspectionKind,
    InspectionResult,
    InspectionTaskStatus,
)


@dataclass(frozen=True, slots=True)
class Characteristic:
    code: str
    name: str
    kind: InspectionCharacteristicKind
    unit: str | None = None
    lower_limit: Decimal | None = None
    upper_limit: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Measurement:
    code: str
    values: Sequence[Decimal] | None = None
    passed: bool | None = None


def _stored(c: Characteristic) -> dict[str, Any]:
    return {"code": c.code.strip(), "name": c.name.strip(), "kind": c.kind.value,
            "unit": c.unit, "lower_limit": None if c.lower_limit is None else str(c.lower_limit),
            "upper_limit": None if c.upper_limit is None else str(c.upper_limit)}


async def set_plan(
    session: AsyncSession, *, actor: Actor, product_id: int | None, kind: InspectionKind,
    sample_size: int, characteristics: Sequence[Characteristic],
) -> InspectionPlan:
    product = await lookup.get(session, Product, product_id, field=("input", "productId"),
                               lock=True)
    problems = []
    if sample_size <= 0:
        problems.append(Problem(ErrorCode.INVALID, "The sample size must be positive.",
                                ("input", "sampleSize")))
    if not characteristics:
        problems.append(Problem(ErrorCode.INVALID, "A plan checks at least one characteristic.",
                                ("input", "characteristics")))
    codes = [c.code.strip() for c in characteristics]
    for i, c in enumerate(characteristics):
        at = ("input", "characteristics", str(i))
        if not c.code.strip() or codes.count(c.code.strip()) > 1:
            problems.append(Problem(ErrorCode.INVALID, "Codes are given and unique.",
                                    (*at, "code")))
        if not c.name.strip():
            problems.append(Problem(ErrorCode.INVALID, "Name the characteristic.",
                                    (*at, "name")))
        if (c.lower_limit is not None and c.upper_limit is not None
                and c.lower_limit > c.upper_limit):
            problems.append(Problem(ErrorCode.INVALID, "The lower limit exceeds the upper one.",
                                    (*at, "lowerLimit")))
    if problems:
        raise DomainError(problems)
    version = int(await session.scalar(
        select(func.coalesce(func.max(InspectionPlan.version), 0))
        .where(InspectionPlan.product_id == product.id, InspectionPlan.kind == kind)
    ) or 0) + 1
    plan = InspectionPlan(product_id=product.id, kind=kind, version=version,
                          sample_size=sample_size,
                          characteristics=[_stored(c) for c in characteristics],
                          created_by_id=actor.user_id)
    session.add(plan)
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.INSPECTION_PLAN_SET,
                       entity_type="InspectionPlan", entity_id=plan.id,
                       changes=audit.created(product_id=product.id, kind=kind, version=version,
                                             sample_size=sample_size,
                                             characteristics=plan.characteristics))
    return plan


async def plan_in_force(
    session: AsyncSession, product_id: int, kind: InspectionKind
) -> InspectionPlan | None:
    return await session.scalar(
        select(InspectionPlan).where(InspectionPlan.product_id == product_id,
                                     InspectionPlan.kind == kind)
        .order_by(InspectionPlan.version.desc()).limit(1)
    )


async def create_task(session: AsyncSession, lot: Lot, kind: InspectionKind) -> InspectionTask:
    """A PENDING task for a new lot, with the plan in force (if any)."""
    [task] = await create_tasks(session, [lot], kind)
    return task


async def create_tasks(session: AsyncSession, lots: Sequence[Lot], kind: InspectionKind
                       ) -> list[InspectionTask]:
    """`create_task` for many new lots: the plan in force read once per product, the tasks
    written in one statement."""
    plan_ids: dict[int, int | None] = {}
    for lot in lots:
        if lot.product_id not in plan_ids:
            plan = await plan_in_force(session, lot.product_id, kind)
            plan_ids[lot.product_id] = plan.id if plan else None
    tasks = [InspectionTask(lot_id=lot.id, kind=kind, status=InspectionTaskStatus.PENDING,
                            plan_id=plan_ids[lot.product_id]) for lot in lots]
    session.add_all(tasks)
    await session.flush()
    return tasks


def evaluate(
    plan: InspectionPlan, measurements: Sequence[Measurement]
) -> tuple[list[dict[str, Any]], int, list[Problem]]:
    """Stored measurements, the number of failing values and the problems of the input."""
    given = {m.code: (i, m) for i, m in enumerate(measurements)}
    problems, stored, defects = [], [], 0
    for c in plan.characteristics:
        at: tuple[str, ...] = ("input", "measurements")
        found = given.get(c["code"])
        if found is None:
            problems.append(Problem(ErrorCode.INVALID, f"No result for {c['code']}.", at))
            continue
        i, m = found
        at = (*at, str(i))
        if c["kind"] == InspectionCharacteristicKind.MEASURED.value:
            values = list(m.values or [])
            if len(values) != plan.sample_size or m.passed is not None:
                problems.append(Problem(ErrorCode.INVALID, f"{c['code']} takes exactly "
                                        f"{plan.sample_size} values.", (*at, "values")))
                continue
            lower = None if c["lower_limit"] is None else Decimal(c["lower_limit"])
            upper = None if c["upper_limit"] is None else Decimal(c["upper_limit"])
            failing = sum(1 for v in values if (lower is not None and v < lower)
                          or (upper is not None and v > upper))
            defects += failing
            stored.append({"code": c["code"], "values": [str(v) for v in values],
                           "passed": None, "within_limits": failing == 0})
        else:
            if m.passed is None or m.values:
                problems.append(Problem(ErrorCode.INVALID, f"{c['code']} is passed or not.",
                                        (*at, "passed")))
                continue
            defects += 0 if m.passed else 1
            stored.append({"code": c["code"], "values": [], "passed": m.passed,
                           "within_limits": m.passed})
    for code, (i, _) in given.items():
        if all(c["code"] != code for c in plan.characteristics):
            problems.append(Problem(ErrorCode.INVALID, f"The plan has no {code}.",
                                    ("input", "measurements", str(i), "code")))
    return stored, defects, problems


async def record_results(
    session: AsyncSession, *, actor: Actor, task_id: int | None,
    measurements: Sequence[Measurement], notes: str | None = None,
) -> Any:
    task = await lookup.get(session, InspectionTask, task_id, field=("input", "taskId"),
                            lock=True)
    if task.status != InspectionTaskStatus.PENDING:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION, f"The task is {task.status.value}.",
                                 ("input", "taskId"))
    if task.plan_id is None:
        raise DomainError.single(ErrorCode.INVALID, "The task has no plan: record the "
                                 "inspection's verdict instead.", ("input", "taskId"))
    plan = await session.get_one(InspectionPlan, task.plan_id)
    stored, defects, problems = evaluate(plan, measurements)
    if problems:
        raise DomainError(problems)
    inspection = await record_inspection(
        session, actor=actor, lot_id=task.lot_id, kind=task.kind,
        result=InspectionResult.FAIL if defects else InspectionResult.PASS,
        sample_size=max(plan.sample_size, min(defects, plan.sample_size)),
        defects_found=min(defects, plan.sample_size), notes=notes, from_plan=True,
    )
    inspection.plan_id, inspection.measurements = plan.id, stored
    task.status, task.inspection_id = InspectionTaskStatus.DONE, inspection.id
    await session.flush()
    return inspection
