"""Registering suppliers and QA's signed qualification decisions."""

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Product, Supplier, SupplierProduct, SupplierQualification
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.customfields.values import ValueInput
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.masterdata import parties
from backend.domain.trust import audit, outbox, signatures
from backend.enums import AuditAction, SupplierQualificationStatus

S = SupplierQualificationStatus
USABLE = (S.QUALIFIED, S.CONDITIONAL)
SUPPLIER_QUALIFICATION_CHANGED = "supplier.qualification_changed"
MAX_NOTE = 500
MAX_PAYMENT_TERMS_DAYS = 365


def today() -> date:
    return datetime.now(UTC).date()


def is_approved(status: str, qualified_until: date | None, on: date) -> bool:
    """QUALIFIED or CONDITIONAL, and the qualification has not run out."""
    return status in USABLE and (qualified_until is None or qualified_until >= on)


async def register_supplier(
    session: AsyncSession,
    *,
    actor: Actor,
    code: str,
    name: str,
    country: str,
    payment_terms_days: int | None = None,
    address: str | None = None,
    custom_fields: Sequence[ValueInput] | None = None,
) -> Supplier:
    """A new supplier, PENDING until QA qualifies it."""
    terms = 30 if payment_terms_days is None else payment_terms_days
    if not 0 <= terms <= MAX_PAYMENT_TERMS_DAYS:
        raise DomainError.single(ErrorCode.INVALID,
                                 f"Payment terms are 0 to {MAX_PAYMENT_TERMS_DAYS} days.",
                                 ("input", "paymentTermsDays"))
    supplier = await parties.create_supplier(
        session, actor=actor, code=code.strip(), name=name.strip(), country=country,
        address=address, custom_fields=custom_fields)
    supplier.payment_terms_days = terms
    supplier.qualification_status = S.PENDING
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_REGISTERED,
        entity_type="Supplier", entity_id=supplier.id,
        changes=audit.created(qualification_status=S.PENDING, payment_terms_days=terms),
    )
    return supplier


def _decision_problems(status: S, valid_until: date | None, note: str | None,
                       on: date) -> list[Problem]:
    problems = []
    if status in USABLE and valid_until is None:
        problems.append(Problem(ErrorCode.INVALID, f"A {status} supplier needs a valid-until date.",
                                ("input", "validUntil")))
    if valid_until is not None and valid_until < on:
        problems.append(Problem(ErrorCode.INVALID, "Valid until cannot be in the past.",
                                ("input", "validUntil")))
    if status == S.CONDITIONAL and not (note or "").strip():
        problems.append(Problem(ErrorCode.INVALID, "A CONDITIONAL qualification states its "
                                "condition.", ("input", "note")))
    if note is not None and len(note) > MAX_NOTE:
        problems.append(Problem(ErrorCode.INVALID, f"The note has at most {MAX_NOTE} characters.",
                                ("input", "note")))
    return problems


async def approved_product_ids(session: AsyncSession, supplier_id: int) -> list[int]:
    return list(await session.scalars(
        select(SupplierProduct.product_id).where(SupplierProduct.supplier_id == supplier_id)
        .order_by(SupplierProduct.product_id)))


async def set_qualification(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int | None,
    status: S,
    valid_until: date | None,
    note: str | None,
    product_ids: Sequence[int | None],
    password: str,
    meaning: str,
) -> Supplier:
    """QA's signed decision; the product list replaces the previous one."""
    supplier = await lookup.get(session, Supplier, supplier_id, field=("input", "supplierId"),
                                lock=True)
    on = today()
    problems = _decision_problems(status, valid_until, note, on)
    wanted: list[int] = []
    for index, product_id in enumerate(product_ids):
        product = await lookup.get(session, Product, product_id,
                                   field=("input", "productIds", str(index)))
        if product.id not in wanted:
            wanted.append(product.id)
    if problems:
        raise DomainError(problems)
    note = (note or "").strip() or None
    before = {"qualification_status": supplier.qualification_status,
              "qualified_until": supplier.qualified_until,
              "qualification_note": supplier.qualification_note,
              "approved_product_ids": await approved_product_ids(session, supplier.id)}
    after = {"qualification_status": status, "qualified_until": valid_until,
             "qualification_note": note, "approved_product_ids": sorted(wanted)}
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="Supplier", record_id=supplier.id,
        record={"supplier": supplier.code, **{k: audit.json_value(v) for k, v in after.items()}},
    )
    session.add(SupplierQualification(
        supplier_id=supplier.id, status=status, valid_until=valid_until, note=note,
        product_ids=sorted(wanted), signature_id=signature.id))
    supplier.qualification_status = status
    supplier.qualified_until = valid_until
    supplier.qualification_note = note
    supplier.approved = status in USABLE
    await session.execute(delete(SupplierProduct).where(SupplierProduct.supplier_id == supplier.id))
    session.add_all(SupplierProduct(supplier_id=supplier.id, product_id=p) for p in wanted)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_QUALIFIED,
        entity_type="Supplier", entity_id=supplier.id, reason=signature.meaning,
        changes=audit.diff(before, after),
    )
    await outbox.emit(
        session, topic=SUPPLIER_QUALIFICATION_CHANGED, aggregate_type="Supplier",
        aggregate_id=supplier.id,
        payload={"supplierId": supplier.id, "status": str(status),
                 "validUntil": valid_until.isoformat() if valid_until else None},
    )
    return supplier
