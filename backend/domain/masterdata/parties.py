"""Master data: customers, suppliers and price lists (the catalogue is in catalog.py)."""

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, PriceList, PriceListItem, Product, Supplier
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomerKind


def _code_problems(code: str, name: str) -> list[Problem]:
    problems = []
    if not code.strip() or len(code) > 32:
        problems.append(Problem(ErrorCode.INVALID, "A code has 1 to 32 characters.",
                                ("input", "code")))
    if not name.strip() or len(name) > 200:
        problems.append(Problem(ErrorCode.INVALID, "A name has 1 to 200 characters.",
                                ("input", "name")))
    return problems


async def create_customer(
    session: AsyncSession,
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: CustomerKind,
    region: str | None = None,
    address: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    credit_limit: Decimal = Decimal("0"),
    min_remaining_shelf_life_days: int = 0,
    payment_terms_days: int = 30,
    reason: str | None = None,
) -> Customer:
    problems = _code_problems(code, name)
    if credit_limit < 0:
        problems.append(Problem(ErrorCode.INVALID, "The credit limit is not negative.",
                                ("input", "creditLimit")))
    if min_remaining_shelf_life_days < 0:
        problems.append(Problem(ErrorCode.INVALID, "The minimum shelf life is not negative.",
                                ("input", "minRemainingShelfLifeDays")))
    if payment_terms_days < 0:
        problems.append(Problem(ErrorCode.INVALID, "Payment terms are not negative.",
                                ("input", "paymentTermsDays")))
    if (latitude is None) != (longitude is None):
        problems.append(Problem(ErrorCode.INVALID, "Give both latitude and longitude, or neither.",
                                ("input", "latitude" if latitude is None else "longitude")))
    elif latitude is not None and longitude is not None and not (
        -90 <= latitude <= 90 and -180 <= longitude <= 180
    ):
        problems.append(Problem(ErrorCode.INVALID, "The coordinates are out of range.",
                                ("input", "latitude")))
    if problems:
        raise DomainError(problems)
    if await session.scalar(select(Customer.id).where(Customer.code == code)) is not None:
        raise DomainError.single(ErrorCode.DUPLICATE, f"Customer {code} exists.", ("input", "code"))
    customer = Customer(
        code=code, name=name, kind=kind, region=region, address=address, latitude=latitude,
        longitude=longitude, credit_limit=credit_limit,
        min_remaining_shelf_life_days=min_remaining_shelf_life_days,
        payment_terms_days=payment_terms_days,
    )
    session.add(customer)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.CUSTOMER_CREATED,
        entity_type="Customer", entity_id=customer.id, reason=reason,
        changes=audit.created(code=code, name=name, kind=kind, credit_limit=credit_limit),
    )
    return customer


async def create_supplier(
    session: AsyncSession,
    *,
    actor: Actor,
    code: str,
    name: str,
    country: str | None = None,
    approved: bool = False,
    reason: str | None = None,
) -> Supplier:
    problems = _code_problems(code, name)
    if country is not None and not (len(country) == 2 and country.isascii() and country.isalpha()):
        problems.append(Problem(ErrorCode.INVALID, "A country is a two-letter ISO 3166 code.",
                                ("input", "country")))
    if problems:
        raise DomainError(problems)
    if await session.scalar(select(Supplier.id).where(Supplier.code == code)) is not None:
        raise DomainError.single(ErrorCode.DUPLICATE, f"Supplier {code} exists.", ("input", "code"))
    supplier = Supplier(code=code, name=name, country=country.upper() if country else None,
                        approved=approved)
    session.add(supplier)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_CREATED,
        entity_type="Supplier", entity_id=supplier.id, reason=reason,
        changes=audit.created(code=code, name=name, approved=approved),
    )
    return supplier


async def set_list_price(
    session: AsyncSession,
    *,
    actor: Actor,
    price_list_code: str,
    sku: str,
    unit_price: Decimal,
    price_list_name: str | None = None,
    currency: str = "EUR",
    reason: str | None = None,
) -> PriceListItem:
    """Set a product's price on a price list, creating the list on its first price."""
    if unit_price < 0:
        raise DomainError.single(ErrorCode.INVALID, "A price is not negative.",
                                 ("input", "unitPrice"))
    product_id = await session.scalar(select(Product.id).where(Product.sku == sku))
    if product_id is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, f"No product with SKU {sku}.",
                                 ("input", "sku"))
    price_list = await session.scalar(select(PriceList).where(PriceList.code == price_list_code))
    if price_list is None:
        problems = _code_problems(price_list_code, price_list_name or price_list_code)
        if len(currency) != 3 or not currency.isalpha():
            problems.append(Problem(ErrorCode.INVALID, "A currency is an ISO 4217 code.",
                                    ("input", "currency")))
        if problems:
            raise DomainError([Problem(p.code, p.message, ("input", "priceListCode"))
                               if p.field == ("input", "code") else p for p in problems])
        price_list = PriceList(code=price_list_code, name=price_list_name or price_list_code,
                               currency=currency.upper(), is_default=False)
        session.add(price_list)
        await session.flush()
    item = await session.get(PriceListItem, (price_list.id, product_id))
    before = None if item is None else item.unit_price
    if item is None:
        item = PriceListItem(price_list_id=price_list.id, product_id=product_id,
                             unit_price=unit_price)
        session.add(item)
    else:
        item.unit_price = unit_price
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.PRICE_SET,
        entity_type="PriceList", entity_id=price_list.id, reason=reason,
        changes={"sku": (None, sku), "unit_price": (before, unit_price)},
    )
    return item
