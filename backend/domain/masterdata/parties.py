"""Master data: customers, suppliers and price lists (the catalogue is in catalog.py)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, PriceList, PriceListItem, Product, Supplier
from backend.domain.actor import Actor
from backend.domain.customfields.values import ValueInput, apply_values
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.masterdata import checks, events
from backend.domain.masterdata.customer_details import (
    Address,
    Contact,
    address_problems,
    contact_problems,
    ensure_may_set_credit_limit,
    replace_addresses,
    replace_contacts,
)
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomerKind, CustomFieldEntity

MAX_TERMS_DAYS = 365


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
    credit_limit: Decimal | None = None,
    min_remaining_shelf_life_days: int = 0,
    payment_terms_days: int = 30,
    price_list_id: int | None = None,
    contacts: Sequence[Contact] = (),
    addresses: Sequence[Address] = (),
    custom_fields: Sequence[ValueInput] | None = None,
    reason: str | None = None,
) -> Customer:
    """A new, active customer; its credit limit is 0 unless finance sets one."""
    limit = Decimal("0") if credit_limit is None else credit_limit
    if limit != 0:
        ensure_may_set_credit_limit(actor)
    checks.refuse([
        *checks.code_problems(code, name),
        *terms_problems(credit_limit=limit, shelf_life_days=min_remaining_shelf_life_days,
                        payment_terms_days=payment_terms_days),
        *checks.coordinate_problems(latitude, longitude),
        None if region is None else await checks.region_problem(session, region,
                                                                ("input", "region")),
        await price_list_problem(session, price_list_id),
        *contact_problems(contacts),
        *await address_problems(session, addresses),
    ])
    if await session.scalar(select(Customer.id).where(Customer.code == code)) is not None:
        raise DomainError.single(ErrorCode.DUPLICATE, f"Customer {code} exists.", ("input", "code"))
    customer = Customer(
        code=code, name=name, kind=kind, region=region, address=address, latitude=latitude,
        longitude=longitude, credit_limit=limit,
        min_remaining_shelf_life_days=min_remaining_shelf_life_days,
        payment_terms_days=payment_terms_days, price_list_id=price_list_id, active=True,
    )
    session.add(customer)
    await session.flush()
    lists = {"contacts": await replace_contacts(session, customer.id, contacts),
             "addresses": await replace_addresses(session, customer.id, addresses)}
    # On create a required field must be given even when no list is passed.
    await apply_values(session, actor, CustomFieldEntity.CUSTOMER, customer.id,
                       custom_fields, ("input", "customFields"))
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.CUSTOMER_CREATED,
        entity_type="Customer", entity_id=customer.id, reason=reason,
        changes=audit.created(**snapshot(customer), **{k: v for k, v in lists.items() if v}),
    )
    return customer


def snapshot(customer: Customer) -> dict[str, Any]:
    """The audited fields of a customer, as the trail shows before and after."""
    return {
        "code": customer.code, "name": customer.name, "kind": customer.kind,
        "region": customer.region, "latitude": customer.latitude,
        "longitude": customer.longitude, "credit_limit": customer.credit_limit,
        "min_remaining_shelf_life_days": customer.min_remaining_shelf_life_days,
        "payment_terms_days": customer.payment_terms_days,
        "price_list_id": customer.price_list_id, "active": customer.active,
    }


def terms_problems(*, credit_limit: Decimal | None = None, shelf_life_days: int | None = None,
                   payment_terms_days: int | None = None) -> list[Problem | None]:
    problems: list[Problem | None] = []
    if credit_limit is not None:
        problems.append(checks.price_problem(credit_limit, ("input", "creditLimit"),
                                             "The credit limit"))
    if shelf_life_days is not None and shelf_life_days < 0:
        problems.append(Problem(ErrorCode.INVALID, "The minimum shelf life is not negative.",
                                ("input", "minRemainingShelfLifeDays")))
    if payment_terms_days is not None and not 0 <= payment_terms_days <= MAX_TERMS_DAYS:
        problems.append(Problem(ErrorCode.INVALID,
                                f"Payment terms are 0 to {MAX_TERMS_DAYS} days.",
                                ("input", "paymentTermsDays")))
    return problems


async def price_list_problem(session: AsyncSession, price_list_id: int | None) -> Problem | None:
    if price_list_id is None or await session.get(PriceList, price_list_id) is not None:
        return None
    return Problem(ErrorCode.NOT_FOUND, "No such price list.", ("input", "priceListId"))


async def create_supplier(
    session: AsyncSession,
    *,
    actor: Actor,
    code: str,
    name: str,
    country: str | None = None,
    address: str | None = None,
    approved: bool = False,
    custom_fields: Sequence[ValueInput] | None = None,
    reason: str | None = None,
) -> Supplier:
    """A new supplier; purchasing's register_supplier makes it PENDING qualification."""
    checks.refuse([
        *checks.code_problems(code, name),
        None if country is None else checks.country_problem(country, ("input", "country")),
        _address_problem(address),
    ])
    if await session.scalar(select(Supplier.id).where(Supplier.code == code)) is not None:
        raise DomainError.single(ErrorCode.DUPLICATE, f"Supplier {code} exists.", ("input", "code"))
    supplier = Supplier(code=code, name=name, country=country.upper() if country else None,
                        address=(address or "").strip() or None, approved=approved)
    session.add(supplier)
    await session.flush()
    # On create a required field must be given even when no list is passed.
    await apply_values(session, actor, CustomFieldEntity.SUPPLIER, supplier.id,
                       custom_fields, ("input", "customFields"))
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_CREATED,
        entity_type="Supplier", entity_id=supplier.id, reason=reason,
        changes=audit.created(code=code, name=name, country=supplier.country,
                              address=supplier.address, approved=approved),
    )
    return supplier


async def update_supplier(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int,
    name: str | None = None,
    country: str | None = None,
    address: str | None = None,
    custom_fields: Sequence[ValueInput] | None = None,
    reason: str | None = None,
) -> Supplier:
    """Name, country and address; qualification stays with QA (setSupplierQualification)."""
    supplier = await session.get(Supplier, supplier_id, with_for_update=True)
    if supplier is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such supplier.", ("input", "supplierId"))
    checks.refuse([
        *([] if name is None else checks.name_problems(name)),
        None if country is None else checks.country_problem(country, ("input", "country")),
        _address_problem(address),
    ])
    before = {"name": supplier.name, "country": supplier.country, "address": supplier.address}
    if name is not None:
        supplier.name = name.strip()
    if country is not None:
        supplier.country = country.upper()
    if address is not None:
        supplier.address = address.strip() or None
    await session.flush()
    changes = audit.diff(before, {"name": supplier.name, "country": supplier.country,
                                  "address": supplier.address})
    if custom_fields is not None:  # audited by the custom fields themselves
        await apply_values(session, actor, CustomFieldEntity.SUPPLIER, supplier.id,
                           custom_fields, ("input", "customFields"), creating=False)
    if changes:
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.SUPPLIER_UPDATED,
            entity_type="Supplier", entity_id=supplier.id, reason=reason, changes=changes,
        )
        await events.changed(session, "Supplier", supplier.id, changes)
    return supplier


def _address_problem(address: str | None) -> Problem | None:
    if address is not None and len(address) > 500:
        return Problem(ErrorCode.INVALID, "An address has at most 500 characters.",
                       ("input", "address"))
    return None


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
    checks.refuse([checks.price_problem(unit_price, ("input", "unitPrice"))])
    product_id = await session.scalar(select(Product.id).where(Product.sku == sku))
    if product_id is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, f"No product with SKU {sku}.",
                                 ("input", "sku"))
    price_list = await session.scalar(select(PriceList).where(PriceList.code == price_list_code))
    if price_list is None:
        problems = checks.code_problems(price_list_code, price_list_name or price_list_code)
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
