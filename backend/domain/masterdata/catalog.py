"""The product catalogue: what can be made, bought and sold."""

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Product
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.rules.gtin import is_valid_gtin14
from backend.domain.trust import audit
from backend.enums import AuditAction, DeviceClass, Replenishment, TrackingMode


def gtin_problem(gtin: str, field: tuple[str, ...]) -> Problem | None:
    if is_valid_gtin14(gtin):
        return None
    if len(gtin) == 14 and gtin.isascii() and gtin.isdigit():
        message = f"GTIN {gtin} has a wrong check digit."
    else:
        message = f"A GTIN-14 has 14 digits, got {gtin!r}."
    return Problem(ErrorCode.INVALID_GTIN, message, field)


async def create_product(
    session: AsyncSession,
    *,
    actor: Actor,
    sku: str,
    gtin: str,
    name: str,
    device_class: DeviceClass,
    tracking_mode: TrackingMode,
    unit_price: Decimal,
    tax_rate: Decimal,
    shelf_life_days: int | None = None,
    replenishment: Replenishment = Replenishment.PURCHASE,
    sellable: bool = True,
) -> Product:
    """A new product; refuses an invalid GTIN and a SKU or GTIN already in use."""
    problems = []
    if (problem := gtin_problem(gtin, ("input", "gtin"))) is not None:
        problems.append(problem)
    if not sku.strip() or not name.strip():
        problems.append(Problem(ErrorCode.INVALID, "A product needs a SKU and a name.",
                                ("input", "sku" if not sku.strip() else "name")))
    if shelf_life_days is not None and shelf_life_days <= 0:
        problems.append(Problem(ErrorCode.INVALID, "The shelf life is a positive number of days.",
                                ("input", "shelfLifeDays")))
    if unit_price < 0 or not Decimal(0) <= tax_rate < 1:
        problems.append(Problem(ErrorCode.INVALID,
                                "The price is not negative and the tax rate lies in [0, 1).",
                                ("input", "unitPrice")))
    if problems:
        raise DomainError(problems)
    taken = await session.scalar(
        select(Product.sku).where((Product.sku == sku) | (Product.gtin == gtin)).limit(1)
    )
    if taken is not None:
        raise DomainError.single(
            ErrorCode.DUPLICATE, f"A product with SKU {sku} or GTIN {gtin} exists.",
            ("input", "sku"),
        )
    product = Product(
        sku=sku, gtin=gtin, name=name, device_class=device_class, tracking_mode=tracking_mode,
        shelf_life_days=shelf_life_days, unit_price=unit_price, tax_rate=tax_rate,
        replenishment=replenishment, sellable=sellable,
    )
    session.add(product)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.PRODUCT_CREATED,
        entity_type="Product", entity_id=product.id, changes=audit.created(sku=sku, gtin=gtin),
    )
    return product
