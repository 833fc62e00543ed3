"""Field rules master data shares: codes, countries, e-mail addresses, GLNs, money, regions."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import pycountry
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import TransitLane
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.standards.gs1 import is_valid_gln

Field = tuple[str, ...]
CENT = Decimal("0.01")


def code_problems(code: str, name: str) -> list[Problem]:
    problems = []
    if not code.strip() or len(code) > 32:
        problems.append(Problem(ErrorCode.INVALID, "A code has 1 to 32 characters.",
                                ("input", "code")))
    return problems + name_problems(name)


def name_problems(name: str, field: Field = ("input", "name")) -> list[Problem]:
    if not name.strip() or len(name) > 200:
        return [Problem(ErrorCode.INVALID, "A name has 1 to 200 characters.", field)]
    return []


def country_problem(country: str, field: Field) -> Problem | None:
    """ISO 3166-1 alpha-2, as pycountry lists the officially assigned codes."""
    if len(country) == 2 and pycountry.countries.get(alpha_2=country.upper()) is not None:
        return None
    return Problem(ErrorCode.INVALID,
                   f"{country!r} is not an ISO 3166-1 alpha-2 country code.", field)


def email_problem(email: str, field: Field) -> Problem | None:
    try:
        # Syntax only: deliverability would need the network at every save.
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        return Problem(ErrorCode.INVALID, f"{email!r} is not a valid e-mail address: {error}",
                       field)
    return None


def gln_problem(gln: str, field: Field) -> Problem | None:
    if is_valid_gln(gln):
        return None
    if len(gln) == 13 and gln.isascii() and gln.isdigit():
        message = f"GLN {gln} has a wrong check digit."
    else:
        message = f"A GLN has 13 digits, got {gln!r}."
    return Problem(ErrorCode.INVALID_GLN, message, field)


def coordinate_problems(latitude: float | None, longitude: float | None,
                        at: Field = ("input",), *, required: bool = False) -> list[Problem]:
    if latitude is None and longitude is None and not required:
        return []
    if latitude is None or longitude is None:
        missing = "latitude" if latitude is None else "longitude"
        return [Problem(ErrorCode.INVALID, "Give both latitude and longitude, or neither.",
                        (*at, missing))]
    problems = []
    if not -90 <= latitude <= 90:
        problems.append(Problem(ErrorCode.INVALID, "A latitude lies in [-90, 90].",
                                (*at, "latitude")))
    if not -180 <= longitude <= 180:
        problems.append(Problem(ErrorCode.INVALID, "A longitude lies in [-180, 180].",
                                (*at, "longitude")))
    return problems


def price_problem(price: Decimal, field: Field, what: str = "A price") -> Problem | None:
    """Money is kept to the cent: negative amounts and fractions of a cent are refused."""
    try:
        in_cents = price.is_finite() and price == price.quantize(CENT)
    except InvalidOperation:
        in_cents = False
    if not in_cents:
        return Problem(ErrorCode.INVALID, f"{what} is an amount in cents, got {price}.", field)
    if price < 0:
        return Problem(ErrorCode.INVALID, f"{what} is not negative.", field)
    return None


def tax_rate_problem(rate: Decimal, field: Field) -> Problem | None:
    if rate.is_finite() and Decimal(0) <= rate < 1:
        return None
    return Problem(ErrorCode.INVALID, "A tax rate lies in [0, 1).", field)


async def served_regions(session: AsyncSession) -> set[str]:
    return set(await session.scalars(select(TransitLane.region).distinct()))


async def region_problem(session: AsyncSession, region: str, field: Field) -> Problem | None:
    """A customer's region must be one some warehouse delivers to, or no date can be promised."""
    if region in await served_regions(session):
        return None
    return Problem(ErrorCode.INVALID, f"No warehouse has a transit lane to region {region!r}.",
                   field)


def refuse(problems: Sequence[Problem | None]) -> None:
    """Raise the problems found, if any: one refusal names every field at fault."""
    found = [p for p in problems if p is not None]
    if found:
        raise DomainError(found)
