"""QA overrides, and the guard every receipt passes: approved supplier, or an override."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Product,
    Supplier,
    SupplierOverride,
    SupplierOverrideUse,
    SupplierProduct,
)
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.purchasing.suppliers import is_approved, today
from backend.domain.trust import audit, outbox, signatures
from backend.enums import AuditAction

SUPPLIER_OVERRIDE_GRANTED = "supplier.override_granted"
MAX_REASON = 500


async def grant_override(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int | None,
    product_id: int | None,
    max_quantity: int,
    valid_until: date,
    reason: str,
    password: str,
    meaning: str,
) -> SupplierOverride:
    supplier = await lookup.get(session, Supplier, supplier_id, field=("input", "supplierId"))
    product = await lookup.get(session, Product, product_id, field=("input", "productId"))
    reason = reason.strip()
    problems = []
    if max_quantity < 1:
        problems.append(Problem(ErrorCode.INVALID, "The maximum quantity is at least 1.",
                                ("input", "maxQuantity")))
    if valid_until < today():
        problems.append(Problem(ErrorCode.INVALID, "Valid until cannot be in the past.",
                                ("input", "validUntil")))
    if not 1 <= len(reason) <= MAX_REASON:
        problems.append(Problem(ErrorCode.INVALID, f"A reason of 1 to {MAX_REASON} characters "
                                "is required.", ("input", "reason")))
    if problems:
        raise DomainError(problems)
    record = {"supplier": supplier.code, "product": product.sku, "max_quantity": max_quantity,
              "valid_until": valid_until.isoformat(), "reason": reason}
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="SupplierOverride", record_id=supplier.id, record=record,
    )
    override = SupplierOverride(
        supplier_id=supplier.id, product_id=product.id, reason=reason,
        max_quantity=max_quantity, used_quantity=0, valid_until=valid_until,
        signature_id=signature.id, granted_by_id=actor.user_id)
    session.add(override)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_OVERRIDE_GRANTED,
        entity_type="SupplierOverride", entity_id=override.id, reason=reason,
        changes=audit.created(supplier_id=supplier.id, product_id=product.id,
                              max_quantity=max_quantity, valid_until=valid_until,
                              signature_id=signature.id),
    )
    await outbox.emit(
        session, topic=SUPPLIER_OVERRIDE_GRANTED, aggregate_type="Supplier",
        aggregate_id=supplier.id,
        payload={"supplierId": supplier.id, "productId": product.id, "overrideId": override.id},
    )
    return override


@dataclass(frozen=True)
class Wanted:
    product_id: int
    quantity: int
    field: tuple[str, ...]


async def covering_overrides(
    session: AsyncSession, supplier: Supplier, lines: Sequence[Wanted]
) -> list[SupplierOverride | None]:
    """Per line: None when the supplier is approved for the product, else the override that
    covers it (locked, so two receipts cannot both use its last units). Refuses the lines
    nothing covers with SUPPLIER_NOT_APPROVED."""
    on = today()
    approved: set[int] = set()
    if is_approved(supplier.qualification_status, supplier.qualified_until, on):
        approved = set(await session.scalars(
            select(SupplierProduct.product_id).where(SupplierProduct.supplier_id == supplier.id)))
    needed: dict[int, int] = {}
    for line in lines:
        if line.product_id not in approved:
            needed[line.product_id] = needed.get(line.product_id, 0) + line.quantity
    chosen: dict[int, SupplierOverride] = {}
    for product_id, quantity in needed.items():
        override = await session.scalar(
            select(SupplierOverride)
            .where(SupplierOverride.supplier_id == supplier.id,
                   SupplierOverride.product_id == product_id,
                   SupplierOverride.valid_until >= on,
                   SupplierOverride.max_quantity - SupplierOverride.used_quantity >= quantity)
            .order_by(SupplierOverride.valid_until, SupplierOverride.id)
            .limit(1).with_for_update())
        if override is not None:
            chosen[product_id] = override
    problems = [
        Problem(ErrorCode.SUPPLIER_NOT_APPROVED,
                f"Supplier {supplier.code} is not approved for this product and no QA override "
                "covers this quantity today.", (*line.field, "productId"))
        for line in lines if line.product_id in needed and line.product_id not in chosen
    ]
    if problems:
        raise DomainError(problems)
    return [chosen.get(line.product_id) for line in lines]


async def record_use(session: AsyncSession, override: SupplierOverride, *, lot_id: int,
                     quantity: int, reference: str | None, actor_id: int | None) -> None:
    before = override.used_quantity
    override.used_quantity = before + quantity
    session.add(SupplierOverrideUse(lot_id=lot_id, override_id=override.id, quantity=quantity,
                                    reference=reference))
    await session.flush()
    await audit.record(
        session, actor_id=actor_id, action=AuditAction.SUPPLIER_OVERRIDE_USED,
        entity_type="SupplierOverride", entity_id=override.id, reason=reference,
        changes={"used_quantity": (before, override.used_quantity), "lot_id": (None, lot_id)},
    )
