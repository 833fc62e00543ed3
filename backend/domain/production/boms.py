"""BOM versions: components, routing and master batch record, approved by QA (e-signed);
the version approved last takes over from its effective date."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    BatchStepTemplate,
    BomComponent,
    BomVersion,
    Product,
    RoutingOperation,
    WorkCenter,
)
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.production.events import today
from backend.domain.trust import audit, signatures
from backend.enums import AuditAction, BatchParameterKind, BomVersionStatus

S = BomVersionStatus
MAX_LINES = 100


@dataclass(frozen=True)
class ComponentSpec:
    product_id: int | None
    quantity_per: int
    scrap_percent: Decimal | None = None


@dataclass(frozen=True)
class OperationSpec:
    sequence: int
    name: str
    work_center_id: int | None
    setup_minutes: int
    run_minutes_per_unit: Decimal


@dataclass(frozen=True)
class ParameterSpec:
    code: str
    name: str
    kind: BatchParameterKind
    unit: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None


@dataclass(frozen=True)
class StepSpec:
    sequence: int
    title: str
    instructions: str
    operation_sequence: int | None = None
    parameters: Sequence[ParameterSpec] = field(default_factory=tuple)
    requires_verification: bool = False


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def parameter_row(p: ParameterSpec) -> dict[str, str | None]:
    return {"code": p.code.strip(), "name": p.name.strip(), "kind": str(p.kind),
            "unit": p.unit, "min": _dec(p.min), "max": _dec(p.max)}


def _component_problems(product: Product, specs: Sequence[ComponentSpec],
                        found: dict[int, Product]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[int] = set()
    for i, c in enumerate(specs):
        at = ("input", "components", str(i))
        if c.product_id == product.id:
            problems.append(Problem(ErrorCode.INVALID, "A product cannot be its own component.",
                                    (*at, "productId")))
        elif c.product_id in seen:
            problems.append(Problem(ErrorCode.DUPLICATE, "The component is listed twice.",
                                    (*at, "productId")))
        if c.product_id is not None:
            seen.add(c.product_id)
        if c.quantity_per < 1:
            problems.append(Problem(ErrorCode.INVALID, "Quantity per unit is at least 1.",
                                    (*at, "quantityPer")))
        scrap = c.scrap_percent or Decimal("0")
        if not Decimal("0") <= scrap <= Decimal("100") or scrap != scrap.quantize(Decimal("0.01")):
            problems.append(Problem(ErrorCode.INVALID, "Scrap is 0 to 100 %, to the hundredth.",
                                    (*at, "scrapPercent")))
    return problems


def _operation_problems(specs: Sequence[OperationSpec]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[int] = set()
    for i, o in enumerate(specs):
        at = ("input", "operations", str(i))
        if o.sequence < 1 or o.sequence in seen:
            problems.append(Problem(ErrorCode.INVALID if o.sequence < 1 else ErrorCode.DUPLICATE,
                                    "Operation sequences are positive and distinct.",
                                    (*at, "sequence")))
        seen.add(o.sequence)
        if not 1 <= len(o.name.strip()) <= 120:
            problems.append(Problem(ErrorCode.INVALID, "The name has 1 to 120 characters.",
                                    (*at, "name")))
        if o.setup_minutes < 0:
            problems.append(Problem(ErrorCode.INVALID, "Setup minutes cannot be negative.",
                                    (*at, "setupMinutes")))
        if o.run_minutes_per_unit < 0 or o.run_minutes_per_unit.as_tuple().exponent < -3:  # type: ignore[operator]
            problems.append(Problem(ErrorCode.INVALID, "Run minutes per unit are 0 or more "
                                    "(at most 3 decimals).", (*at, "runMinutesPerUnit")))
        if o.setup_minutes == 0 and o.run_minutes_per_unit == 0:
            problems.append(Problem(ErrorCode.INVALID, "An operation takes some time.",
                                    (*at, "runMinutesPerUnit")))
    return problems


def _step_problems(specs: Sequence[StepSpec], operations: set[int]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[int] = set()
    for i, s in enumerate(specs):
        at = ("input", "batchSteps", str(i))
        if s.sequence < 1 or s.sequence in seen:
            problems.append(Problem(ErrorCode.INVALID if s.sequence < 1 else ErrorCode.DUPLICATE,
                                    "Step sequences are positive and distinct.",
                                    (*at, "sequence")))
        seen.add(s.sequence)
        if not 1 <= len(s.title.strip()) <= 200:
            problems.append(Problem(ErrorCode.INVALID, "The title has 1 to 200 characters.",
                                    (*at, "title")))
        if s.operation_sequence is not None and s.operation_sequence not in operations:
            problems.append(Problem(ErrorCode.INVALID, "No operation of that sequence.",
                                    (*at, "operationSequence")))
        codes: set[str] = set()
        for j, p in enumerate(s.parameters):
            pat = (*at, "parameters", str(j))
            code = p.code.strip()
            if not code or code in codes:
                problems.append(Problem(ErrorCode.DUPLICATE if code else ErrorCode.INVALID,
                                        "Parameter codes are given and distinct in a step.",
                                        (*pat, "code")))
            codes.add(code)
            if not p.name.strip():
                problems.append(Problem(ErrorCode.INVALID, "The parameter needs a name.",
                                        (*pat, "name")))
            if p.min is not None and p.max is not None and p.min > p.max:
                problems.append(Problem(ErrorCode.INVALID, "The minimum is above the maximum.",
                                        (*pat, "min")))
            if p.kind != BatchParameterKind.NUMERIC and (p.min is not None or p.max is not None):
                problems.append(Problem(ErrorCode.INVALID, "Only NUMERIC parameters have limits.",
                                        (*pat, "kind")))
    return problems


async def create_bom_version(
    session: AsyncSession, *, actor: Actor, product_id: int | None, effective_from: date,
    change_note: str | None, components: Sequence[ComponentSpec],
    operations: Sequence[OperationSpec], steps: Sequence[StepSpec],
) -> BomVersion:
    """A DRAFT, numbered after the product's last version."""
    product = await lookup.get(session, Product, product_id, field=("input", "productId"),
                               lock=True)  # numbers versions one at a time per product
    problems: list[Problem] = []
    for name, items in (("components", components), ("operations", operations),
                        ("batchSteps", steps)):
        if not 1 <= len(items) <= MAX_LINES:
            problems.append(Problem(ErrorCode.INVALID, f"A BOM version has 1 to {MAX_LINES} "
                                    f"{name}.", ("input", name)))
    if effective_from < today():
        problems.append(Problem(ErrorCode.INVALID, "Effective from is today or later.",
                                ("input", "effectiveFrom")))
    found: dict[int, Product] = {}
    for i, c in enumerate(components):
        found[c.product_id or 0] = await lookup.get(
            session, Product, c.product_id, field=("input", "components", str(i), "productId"))
    centers: list[WorkCenter] = []
    for i, o in enumerate(operations):
        centers.append(await lookup.get(session, WorkCenter, o.work_center_id,
                                        field=("input", "operations", str(i), "workCenterId")))
    problems += _component_problems(product, components, found)
    problems += _operation_problems(operations)
    problems += _step_problems(steps, {o.sequence for o in operations})
    if problems:
        raise DomainError(problems)
    last = await session.scalar(select(func.max(BomVersion.version))
                                .where(BomVersion.product_id == product.id))
    version = BomVersion(product_id=product.id, version=(last or 0) + 1, status=S.DRAFT,
                         effective_from=effective_from,
                         change_note=(change_note or "").strip() or None,
                         created_by_id=actor.user_id)
    session.add(version)
    await session.flush()
    session.add_all(BomComponent(bom_version_id=version.id, line_number=i + 1,
                                 product_id=c.product_id, quantity_per=c.quantity_per,
                                 scrap_percent=c.scrap_percent or Decimal("0"))
                    for i, c in enumerate(components))
    session.add_all(RoutingOperation(bom_version_id=version.id, sequence=o.sequence,
                                     name=o.name.strip(), work_center_id=center.id,
                                     setup_minutes=o.setup_minutes,
                                     run_minutes_per_unit=o.run_minutes_per_unit)
                    for o, center in zip(operations, centers, strict=True))
    session.add_all(BatchStepTemplate(bom_version_id=version.id, sequence=s.sequence,
                                      title=s.title.strip(), instructions=s.instructions.strip(),
                                      operation_sequence=s.operation_sequence,
                                      parameters=[parameter_row(p) for p in s.parameters],
                                      requires_verification=s.requires_verification)
                    for s in steps)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.BOM_VERSION_CREATED,
        entity_type="BomVersion", entity_id=version.id,
        changes=audit.created(
            product_id=product.id, version=version.version, status=S.DRAFT,
            effective_from=effective_from,
            components=[[c.product_id, c.quantity_per, _dec(c.scrap_percent or Decimal(0))]
                        for c in components],
            operations=[[o.sequence, center.code, o.setup_minutes, _dec(o.run_minutes_per_unit)]
                        for o, center in zip(operations, centers, strict=True)],
            batch_steps=[s.sequence for s in steps]),
    )
    return version


async def approve_bom_version(
    session: AsyncSession, *, actor: Actor, bom_version_id: int | None, password: str,
    meaning: str,
    check: signatures.PasswordCheck | None = None,
) -> BomVersion:
    """DRAFT -> APPROVED; the version in effect before ends the day before."""
    version = await lookup.get(session, BomVersion, bom_version_id,
                               field=("input", "bomVersionId"), lock=True)
    if version.status != S.DRAFT:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Version {version.version} is {version.status.value}, "
                                 "not DRAFT.", ("input", "bomVersionId"))
    if version.effective_from < today():
        raise DomainError.single(ErrorCode.INVALID, "The version would take effect in the past; "
                                 "create a new one.", ("input", "bomVersionId"))
    product = await session.get(Product, version.product_id)
    assert product is not None
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="BomVersion", record_id=version.id,
        record={"product": product.sku, "version": version.version,
                "effectiveFrom": version.effective_from.isoformat()},
        check=check,
    )
    earlier = list(await session.scalars(
        select(BomVersion).where(BomVersion.product_id == version.product_id,
                                 BomVersion.status == S.APPROVED,
                                 BomVersion.effective_from < version.effective_from)
        .with_for_update()))
    superseded = []
    for old in earlier:
        old.status = S.SUPERSEDED
        old.effective_to = version.effective_from - timedelta(days=1)
        superseded.append(old.id)
        await audit.record(session, actor_id=actor.user_id,
                           action=AuditAction.BOM_VERSION_APPROVED, entity_type="BomVersion",
                           entity_id=old.id, reason=f"Superseded by version {version.version}",
                           changes={"status": (S.APPROVED, S.SUPERSEDED),
                                    "effective_to": (None, old.effective_to)})
    version.status = S.APPROVED
    version.approval_signature_id = signature.id
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.BOM_VERSION_APPROVED,
                       entity_type="BomVersion", entity_id=version.id, reason=signature.meaning,
                       changes={"status": (S.DRAFT, S.APPROVED),
                                "superseded": (None, superseded)})
    return version


def in_effect(on: date) -> list[Any]:
    """Conditions of a version in effect on a day."""
    return [BomVersion.status.in_([S.APPROVED, S.SUPERSEDED]), BomVersion.effective_from <= on,
            or_(BomVersion.effective_to.is_(None), BomVersion.effective_to >= on)]


async def effective_version(session: AsyncSession, product_id: int, on: date) -> BomVersion | None:
    return await session.scalar(
        select(BomVersion).where(BomVersion.product_id == product_id, *in_effect(on))
        .order_by(BomVersion.effective_from.desc(), BomVersion.version.desc()).limit(1))


def parse_decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None
    return number if number.is_finite() else None
