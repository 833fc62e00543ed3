"""The product catalogue: what can be made, bought and sold."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Lot, PriceList, PriceListItem, Product
from backend.domain.actor import Actor
from backend.domain.customfields.values import ValueInput, apply_values
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.masterdata import checks, events
from backend.domain.rules.gtin import is_valid_gtin14
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomFieldEntity, DeviceClass, Replenishment, TrackingMode

GTIN_LENGTHS = (8, 12, 13, 14)


def normalise_gtin(gtin: str) -> str:
    """GTIN-8, -12 and -13 are kept as GTIN-14: the same number with leading zeros."""
    gtin = gtin.strip()
    if len(gtin) in GTIN_LENGTHS and gtin.isascii() and gtin.isdigit():
        return gtin.zfill(14)
    return gtin


def gtin_problem(gtin: str, field: tuple[str, ...]) -> Problem | None:
    if is_valid_gtin14(gtin):
        return None
    if len(gtin) == 14 and gtin.isascii() and gtin.isdigit():
        message = f"GTIN {gtin} has a wrong check digit."
    else:
        message = f"A GTIN has 8, 12, 13 or 14 digits, got {gtin!r}."
    return Problem(ErrorCode.INVALID_GTIN, message, field)


def _product_problems(*, shelf_life_days: int | None, unit_price: Decimal | None,
                      tax_rate: Decimal | None, product_line: str | None) -> list[Problem | None]:
    problems: list[Problem | None] = []
    if shelf_life_days is not None and shelf_life_days <= 0:
        problems.append(Problem(ErrorCode.INVALID, "The shelf life is a positive number of days.",
                                ("input", "shelfLifeDays")))
    if unit_price is not None:
        problems.append(checks.price_problem(unit_price, ("input", "unitPrice")))
    if tax_rate is not None:
        problems.append(checks.tax_rate_problem(tax_rate, ("input", "taxRate")))
    if product_line is not None and len(product_line) > 64:
        problems.append(Problem(ErrorCode.INVALID, "A product line has at most 64 characters.",
                                ("input", "productLine")))
    return problems


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
    product_line: str | None = None,
    custom_fields: Sequence[ValueInput] | None = None,
) -> Product:
    """A new product, priced on the default price list; refuses an invalid GTIN and a SKU or
    GTIN already in use."""
    gtin = normalise_gtin(gtin)
    line = (product_line or "").strip() or None
    checks.refuse([
        gtin_problem(gtin, ("input", "gtin")),
        None if sku.strip() and len(sku) <= 64 else Problem(
            ErrorCode.INVALID, "A SKU has 1 to 64 characters.", ("input", "sku")),
        *checks.name_problems(name),
        *_product_problems(shelf_life_days=shelf_life_days, unit_price=unit_price,
                           tax_rate=tax_rate, product_line=line),
    ])
    taken = (await session.execute(
        select(Product.sku, Product.gtin).where((Product.sku == sku) | (Product.gtin == gtin))
    )).first()
    if taken is not None:
        field = "sku" if taken.sku == sku else "gtin"
        raise DomainError.single(
            ErrorCode.DUPLICATE, f"A product with {field.upper()} "
            f"{sku if field == 'sku' else gtin} exists.", ("input", field))
    product = Product(
        sku=sku, gtin=gtin, name=name, device_class=device_class, tracking_mode=tracking_mode,
        shelf_life_days=shelf_life_days, unit_price=unit_price, tax_rate=tax_rate,
        replenishment=replenishment, sellable=sellable, product_line=line, active=True,
    )
    session.add(product)
    await session.flush()
    await _set_default_price(session, product.id, unit_price)
    # On create a required field must be given even when no list is passed.
    await apply_values(session, actor, CustomFieldEntity.PRODUCT, product.id, custom_fields,
                       ("input", "customFields"))
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.PRODUCT_CREATED,
        entity_type="Product", entity_id=product.id, changes=audit.created(**_snapshot(product)),
    )
    return product


@dataclass(frozen=True)
class ProductChanges:
    """What an update gives; None leaves a field as it is."""

    name: str | None = None
    device_class: DeviceClass | None = None
    tracking_mode: TrackingMode | None = None
    shelf_life_days: int | None = None
    unit_price: Decimal | None = None
    tax_rate: Decimal | None = None
    product_line: str | None = None
    sellable: bool | None = None
    active: bool | None = None
    custom_fields: Sequence[ValueInput] | None = None


async def update_product(
    session: AsyncSession, *, actor: Actor, product_id: int, changes: ProductChanges,
    reason: str | None = None,
) -> Product:
    product = await session.get(Product, product_id, with_for_update=True)
    if product is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such product.", ("input", "productId"))
    c = changes
    checks.refuse([
        *([] if c.name is None else checks.name_problems(c.name)),
        *_product_problems(shelf_life_days=c.shelf_life_days, unit_price=c.unit_price,
                           tax_rate=c.tax_rate, product_line=c.product_line),
    ])
    if c.tracking_mode is not None and c.tracking_mode != product.tracking_mode and (
        await session.scalar(select(Lot.id).where(Lot.product_id == product.id).limit(1))
    ) is not None:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            "The tracking mode is fixed once the product has lots.", ("input", "trackingMode"))
    before = _snapshot(product)
    for name in ("name", "device_class", "tracking_mode", "shelf_life_days", "unit_price",
                 "tax_rate", "sellable", "active"):
        value = getattr(c, name)
        if value is not None:
            setattr(product, name, value.strip() if isinstance(value, str) else value)
    if c.product_line is not None:
        product.product_line = c.product_line.strip() or None  # "" clears the line
    await session.flush()
    if c.unit_price is not None:
        await _set_default_price(session, product.id, c.unit_price)
    if c.custom_fields is not None:  # audited by the custom fields themselves
        await apply_values(session, actor, CustomFieldEntity.PRODUCT, product.id,
                           c.custom_fields, ("input", "customFields"), creating=False)
    diff = audit.diff(before, _snapshot(product))
    if diff:
        await audit.record(session, actor_id=actor.user_id, action=AuditAction.PRODUCT_UPDATED,
                           entity_type="Product", entity_id=product.id, reason=reason,
                           changes=diff)
        await events.changed(session, "Product", product.id, diff)
    return product


def _snapshot(product: Product) -> dict[str, Any]:
    return {
        "sku": product.sku, "gtin": product.gtin, "name": product.name,
        "device_class": product.device_class, "tracking_mode": product.tracking_mode,
        "shelf_life_days": product.shelf_life_days, "unit_price": product.unit_price,
        "tax_rate": product.tax_rate, "product_line": product.product_line,
        "sellable": product.sellable, "active": product.active,
    }


async def _set_default_price(session: AsyncSession, product_id: int, price: Decimal) -> None:
    """The catalogue price is the default list's price; a system without one keeps the
    catalogue price alone (pricing falls back to it)."""
    default_id = await session.scalar(select(PriceList.id).where(PriceList.is_default).limit(1))
    if default_id is None:
        return
    item = await session.get(PriceListItem, (default_id, product_id))
    if item is None:
        session.add(PriceListItem(price_list_id=default_id, product_id=product_id,
                                  unit_price=price))
    else:
        item.unit_price = price
    await session.flush()
