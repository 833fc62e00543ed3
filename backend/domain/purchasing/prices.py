"""Supplier prices: per supplier and product, with lead time and a validity window."""

from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Product, Supplier, SupplierPrice
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.purchasing.suppliers import today
from backend.domain.trust import audit
from backend.enums import AuditAction

CENT = Decimal("0.01")


async def set_supplier_price(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int | None,
    product_id: int | None,
    unit_price: Decimal,
    lead_time_days: int,
    currency: str | None = None,
    minimum_order_quantity: int | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> SupplierPrice:
    """Creates the price, or replaces the one with the same supplier, product and start."""
    supplier = await lookup.get(session, Supplier, supplier_id, field=("input", "supplierId"))
    product = await lookup.get(session, Product, product_id, field=("input", "productId"))
    start = valid_from or today()
    problems = []
    if unit_price < 0 or unit_price != unit_price.quantize(CENT):
        problems.append(Problem(ErrorCode.INVALID, "A price is at least 0, to the cent.",
                                ("input", "unitPrice")))
    if lead_time_days < 0:
        problems.append(Problem(ErrorCode.INVALID, "Lead time cannot be negative.",
                                ("input", "leadTimeDays")))
    if minimum_order_quantity is not None and minimum_order_quantity < 1:
        problems.append(Problem(ErrorCode.INVALID, "A minimum order quantity is at least 1.",
                                ("input", "minimumOrderQuantity")))
    if valid_to is not None and valid_to < start:
        problems.append(Problem(ErrorCode.INVALID, "The price ends before it starts.",
                                ("input", "validTo")))
    code = (currency or "EUR").upper()
    if not (len(code) == 3 and code.isalpha()):
        problems.append(Problem(ErrorCode.INVALID, "A currency is a three-letter ISO 4217 code.",
                                ("input", "currency")))
    if problems:
        raise DomainError(problems)
    price = await session.scalar(select(SupplierPrice).where(
        SupplierPrice.supplier_id == supplier.id, SupplierPrice.product_id == product.id,
        SupplierPrice.valid_from == start).with_for_update())
    before = {} if price is None else {
        "unit_price": price.unit_price, "currency": price.currency,
        "lead_time_days": price.lead_time_days, "valid_to": price.valid_to,
        "minimum_order_quantity": price.minimum_order_quantity}
    if price is None:
        price = SupplierPrice(supplier_id=supplier.id, product_id=product.id, valid_from=start)
        session.add(price)
    price.unit_price, price.currency, price.lead_time_days = unit_price, code, lead_time_days
    price.minimum_order_quantity, price.valid_to = minimum_order_quantity, valid_to
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_PRICE_SET,
        entity_type="SupplierPrice", entity_id=price.id,
        changes=audit.diff(before, {
            "unit_price": unit_price, "currency": code, "lead_time_days": lead_time_days,
            "valid_to": valid_to, "minimum_order_quantity": minimum_order_quantity}),
    )
    return price


async def valid_price(session: AsyncSession, supplier_id: int, product_id: int,
                      on: date) -> SupplierPrice | None:
    """The price valid on `on`: the one that started last."""
    return await session.scalar(
        select(SupplierPrice)
        .where(SupplierPrice.supplier_id == supplier_id, SupplierPrice.product_id == product_id,
               SupplierPrice.valid_from <= on,
               or_(SupplierPrice.valid_to.is_(None), SupplierPrice.valid_to >= on))
        .order_by(SupplierPrice.valid_from.desc()).limit(1))
