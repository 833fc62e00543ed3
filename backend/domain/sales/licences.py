"""Customer qualification: licences that allow selling device classes, and the
requirements saying which classes need one for which customers.

A line is qualified on a day when its product's class needs no licence for the customer
(no active requirement of the customer's region and kind lists it), or a licence of the
customer VALID that day covers it. Checked on create, draft edit, amend and submit
(CUSTOMER_NOT_QUALIFIED at the line's productId) and again when shipping.
"""

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, and_, any_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.models import Customer, CustomerLicence, Document, LicenceRequirement, Product
from backend.domain import access
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.sales.order_lookup import customer_in_scope
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomerKind, CustomerLicenceStatus, DeviceClass

MAX_TEXT = 100


def today() -> date:
    return datetime.now(UTC).date()


def status_of(licence: object, on: date | None = None) -> CustomerLicenceStatus:
    day = on or today()
    if getattr(licence, "revoked_at", None) is not None:
        return CustomerLicenceStatus.REVOKED
    if day < licence.valid_from:  # type: ignore[attr-defined]
        return CustomerLicenceStatus.NOT_YET_VALID
    if day > licence.valid_until:  # type: ignore[attr-defined]
        return CustomerLicenceStatus.EXPIRED
    return CustomerLicenceStatus.VALID


def valid_on(day: date) -> ColumnElement[bool]:
    t = CustomerLicence.__table__
    return and_(t.c.revoked_at.is_(None), t.c.valid_from <= day, t.c.valid_until >= day)


async def required_classes(
    db: AsyncSession | AsyncConnection, region: str | None, kind: str
) -> set[str]:
    r = LicenceRequirement.__table__
    rows = await db.execute(
        select(r.c.device_classes).where(
            r.c.active,
            or_(r.c.region.is_(None), r.c.region == region),
            or_(r.c.customer_kind.is_(None), r.c.customer_kind == kind),
        )
    )
    return {c for row in rows for c in row.device_classes}


async def covered_classes(
    db: AsyncSession | AsyncConnection, customer_id: int, day: date
) -> set[str]:
    t = CustomerLicence.__table__
    rows = await db.execute(
        select(t.c.device_classes).where(t.c.customer_id == customer_id, valid_on(day))
    )
    return {c for row in rows for c in row.device_classes}


async def qualified_classes(
    db: AsyncSession | AsyncConnection, customer: Customer, day: date | None = None
) -> list[DeviceClass]:
    """The classes the customer may be sold that day: covered, or needing no licence."""
    day = day or today()
    needed = await required_classes(db, customer.region, customer.kind)
    covered = await covered_classes(db, customer.id, day)
    return [c for c in DeviceClass if c.value not in needed or c.value in covered]


async def qualification_problems(
    session: AsyncSession,
    customer: Customer,
    lines: Sequence[tuple[int, int]],
    *,
    day: date | None = None,
    path: Sequence[str] = ("input", "lines"),
) -> list[Problem]:
    """(index, product id) lines not covered that day: CUSTOMER_NOT_QUALIFIED at the line.

    One statement: each product's class, whether a requirement names it for this
    customer, and whether a licence valid that day covers it."""
    if not lines:
        return []
    day = day or today()
    p, r, lic = Product.__table__, LicenceRequirement.__table__, CustomerLicence.__table__
    needed = exists().where(
        r.c.active, or_(r.c.region.is_(None), r.c.region == customer.region),
        or_(r.c.customer_kind.is_(None), r.c.customer_kind == customer.kind),
        p.c.device_class == any_(r.c.device_classes))
    covered = exists().where(lic.c.customer_id == customer.id, valid_on(day),
                             p.c.device_class == any_(lic.c.device_classes))
    rows = await session.execute(
        select(p.c.id, p.c.device_class).where(
            p.c.id.in_({pid for _, pid in lines}), needed, ~covered))
    refused = {row.id: row.device_class for row in rows}
    return [
        Problem(
            ErrorCode.CUSTOMER_NOT_QUALIFIED,
            f"Line {index + 1}: {customer.code} holds no valid licence for class "
            f"{refused[product_id]} devices on {day.isoformat()}.",
            (*path, str(index), "productId"),
        )
        for index, product_id in lines
        if product_id in refused
    ]


async def ensure_qualified(
    session: AsyncSession, customer: Customer, lines: Sequence[tuple[int, int]],
    *, path: Sequence[str] = ("input", "lines"),
) -> None:
    problems = await qualification_problems(session, customer, lines, path=path)
    if problems:
        raise DomainError(problems)


def _classes_problem(classes: Iterable[str], field: tuple[str, ...]) -> list[Problem]:
    if not list(classes):
        return [Problem(ErrorCode.INVALID, "Name at least one device class.", field)]
    return []


async def add_customer_licence(
    session: AsyncSession,
    *,
    actor: Actor,
    customer_id: int,
    number: str,
    issuer: str,
    device_classes: Sequence[DeviceClass],
    valid_from: date,
    valid_until: date,
    document_id: int | None = None,
) -> CustomerLicence:
    customer = await customer_in_scope(session, customer_id, actor=actor,
                                       field=("input", "customerId"))
    number, issuer = number.strip(), issuer.strip()
    problems = _classes_problem(device_classes, ("input", "deviceClasses"))
    if not number or len(number) > MAX_TEXT:
        problems.append(Problem(ErrorCode.INVALID, "Give the licence number.",
                                ("input", "number")))
    if not issuer or len(issuer) > 200:
        problems.append(Problem(ErrorCode.INVALID, "Give the issuer.", ("input", "issuer")))
    if valid_until < valid_from:
        problems.append(Problem(ErrorCode.INVALID, "The licence ends before it starts.",
                                ("input", "validUntil")))
    if document_id is not None and await session.get(Document, document_id) is None:
        problems.append(Problem(ErrorCode.NOT_FOUND, "No such document.",
                                ("input", "documentId")))
    if problems:
        raise DomainError(problems)
    licence = CustomerLicence(
        customer_id=customer.id, number=number, issuer=issuer,
        device_classes=sorted({str(c) for c in device_classes}),
        valid_from=valid_from, valid_until=valid_until, document_id=document_id,
        created_by_id=actor.user_id,
    )
    session.add(licence)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.LICENCE_ADDED,
        entity_type="CustomerLicence", entity_id=licence.id,
        changes=audit.created(customer_id=customer.id, number=number, issuer=issuer,
                              device_classes=licence.device_classes,
                              valid_from=valid_from, valid_until=valid_until),
    )
    return licence


async def revoke_customer_licence(
    session: AsyncSession, *, actor: Actor, licence_id: int, reason: str
) -> CustomerLicence:
    licence = await session.scalar(
        select(CustomerLicence).where(CustomerLicence.id == licence_id).with_for_update()
    )
    if licence is None or not access.may_act_for(actor, licence.customer_id):
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such licence.", ("input", "licenceId"))
    reason = reason.strip()
    if not reason:
        raise DomainError.single(ErrorCode.INVALID, "Say why the licence is revoked.",
                                 ("input", "reason"))
    if licence.revoked_at is not None:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION, "The licence is revoked already.",
                                 ("input", "licenceId"))
    licence.revoked_at, licence.revoked_reason = datetime.now(UTC), reason
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.LICENCE_REVOKED,
        entity_type="CustomerLicence", entity_id=licence.id, reason=reason,
        changes={"status": (CustomerLicenceStatus.VALID, CustomerLicenceStatus.REVOKED)},
    )
    return licence


async def set_licence_requirement(
    session: AsyncSession,
    *,
    actor: Actor,
    requirement_id: int | None,
    region: str | None,
    customer_kind: CustomerKind | None,
    device_classes: Sequence[DeviceClass],
    active: bool,
) -> LicenceRequirement:
    problems = _classes_problem(device_classes, ("input", "deviceClasses"))
    region = region.strip() if region else None
    if region is not None and len(region) > 64:
        problems.append(Problem(ErrorCode.INVALID, "The region is at most 64 characters.",
                                ("input", "region")))
    if problems:
        raise DomainError(problems)
    classes = sorted({str(c) for c in device_classes})
    if requirement_id is None:
        requirement = LicenceRequirement(region=region, customer_kind=customer_kind,
                                         device_classes=classes, active=active)
        session.add(requirement)
        before: dict[str, object] = {}
    else:
        found = await session.get(LicenceRequirement, requirement_id, with_for_update=True)
        if found is None:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such requirement.",
                                     ("input", "requirementId"))
        requirement = found
        before = {"region": requirement.region, "customer_kind": requirement.customer_kind,
                  "device_classes": list(requirement.device_classes),
                  "active": requirement.active}
        requirement.region, requirement.customer_kind = region, customer_kind
        requirement.device_classes, requirement.active = classes, active
    await session.flush()
    after = {"region": region, "customer_kind": customer_kind, "device_classes": classes,
             "active": active}
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.LICENCE_REQUIREMENT_SET,
        entity_type="LicenceRequirement", entity_id=requirement.id,
        changes=audit.diff(before, after) if before else audit.created(**after),
    )
    return requirement


async def qualified_classes_by_customer(
    db: AsyncSession | AsyncConnection, customer_ids: Sequence[int], day: date | None = None
) -> dict[int, list[DeviceClass]]:
    """`qualified_classes` of many customers in three statements."""
    day = day or today()
    c, r, lic = Customer.__table__, LicenceRequirement.__table__, CustomerLicence.__table__
    customers = (await db.execute(
        select(c.c.id, c.c.region, c.c.kind).where(c.c.id.in_(list(customer_ids))))).all()
    requirements = (await db.execute(
        select(r.c.region, r.c.customer_kind, r.c.device_classes).where(r.c.active))).all()
    covered: dict[int, set[str]] = {}
    for row in await db.execute(select(lic.c.customer_id, lic.c.device_classes).where(
            lic.c.customer_id.in_(list(customer_ids)), valid_on(day))):
        covered.setdefault(row.customer_id, set()).update(row.device_classes)
    out = {}
    for cust in customers:
        needed = {cls for req in requirements
                  if req.region in (None, cust.region) and req.customer_kind in (None, cust.kind)
                  for cls in req.device_classes}
        have = covered.get(cust.id, set())
        out[cust.id] = [d for d in DeviceClass if d.value not in needed or d.value in have]
    return out
