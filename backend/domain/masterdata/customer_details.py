"""A customer's contacts and addresses: checked as lists, stored whole, audited as lists."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import CustomerAddress, CustomerContact
from backend.domain.actor import Actor
from backend.domain.errors import ErrorCode, NotAllowed, Problem
from backend.domain.masterdata import checks
from backend.enums import CustomerAddressKind


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Address:
    kind: CustomerAddressKind
    street: str
    postal_code: str
    city: str
    country: str
    name: str | None = None
    region: str | None = None


CREDIT_LIMIT = "customer.credit_limit"


def may_set_credit_limit(actor: Actor) -> bool:
    """Finance decides how much credit a customer gets (FINANCE holds the code by default);
    an administrator shapes master data but holds no business code."""
    return actor.has_permission(CREDIT_LIMIT)


def ensure_may_set_credit_limit(actor: Actor) -> None:
    if not may_set_credit_limit(actor):
        raise NotAllowed("Changing a credit limit needs the permission customer.credit_limit.")


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def contact_problems(contacts: Sequence[Contact]) -> list[Problem | None]:
    problems: list[Problem | None] = []
    for i, c in enumerate(contacts):
        at = ("input", "contacts", str(i))
        problems += checks.name_problems(c.name, (*at, "name"))
        if _text(c.email) is not None:
            problems.append(checks.email_problem(c.email.strip() if c.email else "",
                                                 (*at, "email")))
        if c.phone is not None and len(c.phone) > 50:
            problems.append(Problem(ErrorCode.INVALID, "A phone number has at most 50 characters.",
                                    (*at, "phone")))
    return problems


async def address_problems(session: AsyncSession,
                           addresses: Sequence[Address]) -> list[Problem | None]:
    problems: list[Problem | None] = []
    regions = await checks.served_regions(session) if any(a.region for a in addresses) else set()
    for i, a in enumerate(addresses):
        at = ("input", "addresses", str(i))
        for name, value, limit in (("street", a.street, 200), ("postalCode", a.postal_code, 20),
                                   ("city", a.city, 100)):
            if not value.strip() or len(value) > limit:
                problems.append(Problem(ErrorCode.INVALID,
                                        f"The {name} has 1 to {limit} characters.", (*at, name)))
        problems.append(checks.country_problem(a.country, (*at, "country")))
        if _text(a.region) is not None and a.region not in regions:
            problems.append(Problem(ErrorCode.INVALID,
                                    f"No warehouse has a transit lane to region {a.region!r}.",
                                    (*at, "region")))
    return problems


def _contact_values(c: Contact) -> dict[str, Any]:
    return {"name": c.name.strip(), "role": _text(c.role),
            "email": _text(c.email), "phone": _text(c.phone)}


def _address_values(a: Address) -> dict[str, Any]:
    return {"kind": a.kind.value, "name": _text(a.name), "street": a.street.strip(),
            "postal_code": a.postal_code.strip(), "city": a.city.strip(),
            "country": a.country.upper(), "region": _text(a.region)}


async def current(session: AsyncSession, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    """The lists as the audit trail shows them."""
    contacts = await session.scalars(select(CustomerContact).where(
        CustomerContact.customer_id == customer_id).order_by(CustomerContact.position))
    addresses = await session.scalars(select(CustomerAddress).where(
        CustomerAddress.customer_id == customer_id).order_by(CustomerAddress.position))
    return {
        "contacts": [{"name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
                     for c in contacts],
        "addresses": [{"kind": str(a.kind), "name": a.name, "street": a.street,
                       "postal_code": a.postal_code, "city": a.city, "country": a.country,
                       "region": a.region} for a in addresses],
    }


async def replace_contacts(session: AsyncSession, customer_id: int,
                           contacts: Sequence[Contact]) -> list[dict[str, Any]]:
    await session.execute(delete(CustomerContact).where(
        CustomerContact.customer_id == customer_id))
    values = [_contact_values(c) for c in contacts]
    session.add_all(CustomerContact(customer_id=customer_id, position=i, **v)
                    for i, v in enumerate(values))
    await session.flush()
    return values


async def replace_addresses(session: AsyncSession, customer_id: int,
                            addresses: Sequence[Address]) -> list[dict[str, Any]]:
    await session.execute(delete(CustomerAddress).where(
        CustomerAddress.customer_id == customer_id))
    values = [_address_values(a) for a in addresses]
    session.add_all(CustomerAddress(customer_id=customer_id, position=i, **v)
                    for i, v in enumerate(values))
    await session.flush()
    return values
