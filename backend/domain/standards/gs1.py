"""GS1 keys as the EPCIS 2.0 standard names them: GLNs, and GS1 Digital Link URIs.

Locations (a warehouse's SGLN) are `https://id.gs1.org/414/<gln>`, parties (a supplier's or
customer's PGLN) `https://id.gs1.org/417/<gln>`, lot classes (LGTIN)
`https://id.gs1.org/01/<gtin>/10/<lot>` and serialised units (SGTIN)
`https://id.gs1.org/01/<gtin>/21/<serial>`. Read back, any domain's Digital Link and the
EPC URNs (`urn:epc:id:sgln:…`, `urn:epc:class:lgtin:…`) name the same keys.
"""

from functools import lru_cache
from urllib.parse import quote, unquote

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI

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


# ------------------------------------------------------------------ reading keys back
class GS1KeyError(ValueError):
    """An identifier that is not the GS1 key an EPCIS field calls for."""


def _digital_link_values(uri: str) -> dict[str, str]:
    return dict(_digital_link_pairs(uri))


@lru_cache(maxsize=4096)  # a capture names the same few locations and parties many times
def _digital_link_pairs(uri: str) -> tuple[tuple[str, str], ...]:
    try:
        link = GS1DigitalLinkURI.parse(uri)
    except ParseError as error:
        raise GS1KeyError(f"{uri} is not a GS1 Digital Link: {error}") from None
    return tuple((e.ai.ai, e.value) for e in link.element_strings)


def _epc_urn(uri: str, kind: str) -> list[str] | None:
    prefix = f"urn:epc:{kind}:"
    if not uri.startswith(prefix):
        return None
    return [unquote(part) for part in uri[len(prefix):].split(".")]


def _gtin_of(company_prefix: str, indicator_item: str) -> str:
    body = indicator_item[:1] + company_prefix + indicator_item[1:]
    if len(body) != 13 or not body.isdigit():
        raise GS1KeyError(f"{company_prefix}.{indicator_item} does not make a GTIN.")
    return body + str(gtin_check_digit(body))


def read_gln(uri: str, ai: str) -> str:
    """A location (AI 414, SGLN) or party (AI 417, PGLN), as Digital Link or EPC URN."""
    kind = "sgln" if ai == "414" else "pgln"
    if (parts := _epc_urn(uri, f"id:{kind}")) is not None:
        body = "".join(parts[:2])
        if len(body) != 12 or not body.isdigit():
            raise GS1KeyError(f"{uri} does not make a GLN.")
        gln = body + str(gtin_check_digit(body))
    elif uri.lower().startswith(("http://", "https://")):
        gln = _digital_link_values(uri).get(ai, "")
    else:
        gln = ""
    if not is_valid_gln(gln):
        raise GS1KeyError(f"{uri} is not a {kind.upper()} (GS1 AI {ai}).")
    return gln


def read_lgtin(uri: str) -> tuple[str, str]:
    """A lot class: its GTIN and lot number."""
    if (parts := _epc_urn(uri, "class:lgtin")) is not None and len(parts) == 3:
        return _gtin_of(parts[0], parts[1]), parts[2]
    values = _digital_link_values(uri) if uri.lower().startswith(("http", "https")) else {}
    if "01" not in values or "10" not in values or "21" in values:
        raise GS1KeyError(f"{uri} is not an LGTIN (GTIN and lot).")
    return values["01"], values["10"]


def read_sgtin(uri: str) -> tuple[str, str]:
    """A serialised unit: its GTIN and serial number."""
    if (parts := _epc_urn(uri, "id:sgtin")) is not None and len(parts) == 3:
        return _gtin_of(parts[0], parts[1]), parts[2]
    values = _digital_link_values(uri) if uri.lower().startswith(("http", "https")) else {}
    if "01" not in values or "21" not in values:
        raise GS1KeyError(f"{uri} is not an SGTIN (GTIN and serial).")
    return values["01"], values["21"]


def read_business_transaction(uri: str) -> tuple[str, str]:
    """`urn:epcglobal:cbv:bt:<gln>:<number>`: the issuing party's GLN and the number."""
    prefix = "urn:epcglobal:cbv:bt:"
    gln, _, number = uri.removeprefix(prefix).partition(":")
    if not uri.startswith(prefix) or not is_valid_gln(gln) or not number:
        raise GS1KeyError(f"{uri} is not a business transaction urn:epcglobal:cbv:bt:<gln>:<id>.")
    return gln, unquote(number)
