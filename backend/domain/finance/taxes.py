"""Tax rules as data: the rate by ship-to country, product tax category, customer tax status.

A rule with no country holds for every country (reverse charge, export, exemption); a rule
for the ship-to country wins over it. A customer without a country keeps the product's own
rate (records from before tax rules); with one, no rule is TAX_RULE_MISSING.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, Product, TaxRule
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomerTaxStatus

COUNTRY = re.compile(r"^[A-Z]{2}$")
CATEGORY = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")


@dataclass(frozen=True, slots=True)
class Rate:
    rate: Decimal
    legal_note: str | None
    rule_id: int | None


def valid_country(country: str | None) -> bool:
    return country is None or bool(COUNTRY.match(country))


async def find_rule(
    session: AsyncSession, *, country: str | None, tax_category: str,
    status: CustomerTaxStatus, on: date,
) -> TaxRule | None:
    stmt = (
        select(TaxRule)
        .where(
            TaxRule.tax_category == tax_category,
            TaxRule.customer_tax_status == status,
            or_(TaxRule.country.is_(None), TaxRule.country == country),
            TaxRule.valid_from <= on,
            or_(TaxRule.valid_to.is_(None), TaxRule.valid_to >= on),
        )
        # The ship-to country's own rule first, then the newest.
        .order_by(TaxRule.country.is_(None), TaxRule.valid_from.desc())
        .limit(1)
    )
    return await session.scalar(stmt)


async def rate_for(
    session: AsyncSession, customer: Customer, product: Product, *, on: date,
    field: tuple[str, ...] | None = None,
) -> Rate:
    if customer.country is None:
        return Rate(product.tax_rate, None, None)
    rule = await find_rule(session, country=customer.country, tax_category=product.tax_category,
                           status=CustomerTaxStatus(customer.tax_status), on=on)
    if rule is None:
        raise DomainError.single(
            ErrorCode.TAX_RULE_MISSING,
            f"No tax rule for {product.tax_category} goods shipped to {customer.country} "
            f"({customer.tax_status}) on {on.isoformat()}.",
            field,
        )
    return Rate(rule.rate, rule.legal_note, rule.id)


async def set_tax_rule(
    session: AsyncSession, *, actor: Actor, country: str | None, tax_category: str,
    customer_tax_status: CustomerTaxStatus, rate: Decimal, legal_note: str | None,
    valid_from: date, valid_to: date | None,
) -> TaxRule:
    """Creates the rule, or updates the one with the same key and validFrom."""
    problems = []
    if not valid_country(country):
        problems.append(Problem(ErrorCode.INVALID, "The country is ISO 3166-1 alpha-2, e.g. NL.",
                                ("input", "country")))
    if not CATEGORY.match(tax_category):
        problems.append(Problem(ErrorCode.INVALID, "The category is upper case, e.g. STANDARD.",
                                ("input", "taxCategory")))
    if not (rate.is_finite() and Decimal(0) <= rate <= Decimal(1)
            and rate == rate.quantize(Decimal("0.0001"))):
        problems.append(Problem(ErrorCode.INVALID, "The rate lies between 0 and 1, e.g. 0.2100.",
                                ("input", "rate")))
    if valid_to is not None and valid_to < valid_from:
        problems.append(Problem(ErrorCode.INVALID, "validTo comes after validFrom.",
                                ("input", "validTo")))
    note = (legal_note or "").strip() or None
    if note is not None and len(note) > 300:
        problems.append(Problem(ErrorCode.INVALID, "The legal note has at most 300 characters.",
                                ("input", "legalNote")))
    if problems:
        raise DomainError(problems)
    country_match = TaxRule.country.is_(None) if country is None else TaxRule.country == country
    rule = await session.scalar(select(TaxRule).where(
        country_match, TaxRule.tax_category == tax_category,
        TaxRule.customer_tax_status == customer_tax_status, TaxRule.valid_from == valid_from,
    ).with_for_update())
    before = None if rule is None else {"rate": rule.rate, "legal_note": rule.legal_note,
                                        "valid_to": rule.valid_to}
    if rule is None:
        rule = TaxRule(country=country, tax_category=tax_category,
                       customer_tax_status=customer_tax_status, valid_from=valid_from)
        session.add(rule)
    rule.rate, rule.legal_note, rule.valid_to = rate, note, valid_to
    await session.flush()
    after = {"rate": rate, "legal_note": note, "valid_to": valid_to}
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.TAX_RULE_SET, entity_type="TaxRule",
        entity_id=rule.id,
        changes=audit.created(country=country, tax_category=tax_category,
                              customer_tax_status=customer_tax_status, valid_from=valid_from,
                              **after) if before is None else audit.diff(before, after),
    )
    return rule


async def set_product_tax_category(session: AsyncSession, *, actor: Actor, product_id: int,
                                   tax_category: str) -> Product:
    if not CATEGORY.match(tax_category):
        raise DomainError.single(ErrorCode.INVALID, "The category is upper case, e.g. STANDARD.",
                                 ("input", "taxCategory"))
    product = await session.get(Product, product_id, with_for_update=True)
    if product is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such product.", ("input", "productId"))
    before = product.tax_category
    product.tax_category = tax_category
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.TAX_RULE_SET,
                       entity_type="Product", entity_id=product.id,
                       changes={"tax_category": (before, tax_category)})
    return product
