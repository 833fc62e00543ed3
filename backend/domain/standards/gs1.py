"""GS1 keys as the EPCIS 2.0 standard names them: GLNs, and GS1 Digital Link URIs.

Locations (a warehouse's SGLN) are `https://id.gs1.org/414/<gln>`, parties (a supplier's or
customer's PGLN) `https://id.gs1.org/417/<gln>`, lot classes (LGTIN)
`https://id.gs1.org/01/<gtin>/10/<lot>` and serialised units (SGTIN)
`https://id.gs1.org/01/<gtin>/21/<serial>`.
"""

from urllib.parse import quote

from backend.domain.rules.gtin import gtin_check_digit

DIGITAL_LINK = "https://id.gs1.org"


def is_valid_gln(gln: str | None) -> bool:
    """13 digits whose last is the GS1 check digit of the first twelve."""
    return (
        gln is not None and len(gln) == 13 and gln.isascii() and gln.isdigit()
        and gtin_check_digit(gln[:-1]) == int(gln[-1])
    )


def make_gln(company_prefix: str, location_reference: str) -> str:
    """A company prefix and location reference (12 digits in all) with the check digit."""
    body = company_prefix + location_reference
    if len(body) != 12 or not body.isdigit():
        raise ValueError("a GLN's company prefix and location reference have 12 digits")
    return body + str(gtin_check_digit(body))


def _ai_value(value: str) -> str:
    return quote(value, safe="")


def lgtin(gtin: str, lot_number: str) -> str:
    return f"{DIGITAL_LINK}/01/{gtin}/10/{_ai_value(lot_number)}"


def sgtin(gtin: str, serial_number: str) -> str:
    return f"{DIGITAL_LINK}/01/{gtin}/21/{_ai_value(serial_number)}"


def sgln(gln: str | None) -> str | None:
    """A location (AI 414), or None when the place has no GLN: no private id stands in for it."""
    return f"{DIGITAL_LINK}/414/{gln}" if gln else None


def pgln(gln: str | None) -> str | None:
    """A party (AI 417), or None when the party has no GLN."""
    return f"{DIGITAL_LINK}/417/{gln}" if gln else None


def business_transaction(gln: str, number: str) -> str:
    """A business transaction (CBV 2.0, 8.5): the issuing party's GLN and its document number."""
    return f"urn:epcglobal:cbv:bt:{gln}:{_ai_value(number)}"
