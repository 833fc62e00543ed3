"""GS1 codes: UDI element strings rendered for labels, and any GS1 code read from a scan.

Reading follows the GS1 General Specifications through biip (its table of every
application identifier, fixed and variable lengths, GS separators, Digital Link URIs);
this module adds what biip leaves to its callers: the syntax the code came in, plain GTINs
padded to 14 digits, GS1's sliding century for YYMMDD dates, and refusals that name the AI.
Scanners send an optional symbology identifier (`]d2` Data Matrix, `]C1` GS1-128, `]Q3` QR,
`]e0` DataBar) and FNC1 as the ASCII GS character (0x1D); people type the parenthesised form.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from biip import ParseConfig, ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString
from biip.gs1_messages import GS1Message

from backend.domain.rules.gtin import is_valid_gtin14

GS = "\x1d"
SYMBOLOGY_IDENTIFIERS = ("]d2", "]C1", "]Q3", "]e0", "]J1")
PLAIN_GTIN_LENGTHS = (8, 12, 13, 14)
# Lots and serials on our own labels: AIs (10) and (21), GS1 character set 82.
TEXT_AIS = {"10": "lot", "21": "serial"}
TEXT_MAX = 20
CSET82 = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$")
# Dates are checked here (GS1's century window, DD 00), not by biip's own calendar.
_CONFIG = ParseConfig(gs1_element_strings_verify_date=False)
_NO_MATCH = re.compile(r"Failed to match '(?P<data>.*)' with GS1 AI \((?P<ai>\d+)\) pattern")
_NO_AI = re.compile(r"Failed to get GS1 Application Identifier from '(?P<rest>.*)'\.")
_FORMAT_PART = re.compile(r"^(?P<kind>[NXYZ])(?P<range>\.\.)?(?P<size>\d+)$")


class BarcodeError(ValueError):
    """A code that is not a well-formed GS1 code."""


class InvalidGtin(BarcodeError):
    """A well-formed code whose GTIN has a wrong check digit."""


class BarcodeSyntax(StrEnum):
    ELEMENT_STRING = "ELEMENT_STRING"
    DIGITAL_LINK = "DIGITAL_LINK"
    PLAIN_GTIN = "PLAIN_GTIN"


@dataclass(frozen=True, slots=True)
class Element:
    ai: str
    title: str
    value: str


@dataclass(frozen=True, slots=True)
class Decoded:
    """A GS1 code as read: every element in order, and the keys and dates the ERP uses."""

    syntax: BarcodeSyntax
    elements: tuple[Element, ...]
    gtin: str | None = None
    sscc: str | None = None
    lot_number: str | None = None
    serial_number: str | None = None
    expires_on: date | None = None
    produced_on: date | None = None

    def value(self, ai: str) -> str | None:
        return next((e.value for e in self.elements if e.ai == ai), None)


@dataclass(frozen=True, slots=True)
class Gs1Data:
    gtin: str
    expires_on: date | None = None
    produced_on: date | None = None
    lot_number: str | None = None
    serial_number: str | None = None


def udi_string(
    *,
    gtin: str,
    expires_on: date | None,
    lot_number: str | None,
    serial_number: str | None,
) -> str:
    """Human-readable form with parenthesised AIs, in the order GS1 recommends."""
    parts = [f"(01){gtin}"]
    if expires_on is not None:
        parts.append(f"(17){expires_on:%y%m%d}")
    if lot_number:
        parts.append(f"(10){lot_number}")
    if serial_number:
        parts.append(f"(21){serial_number}")
    return "".join(parts)


def decode(code: str, *, today: date) -> Decoded:
    """Any GS1 code: element string, Digital Link URI or plain GTIN; `today` fixes centuries."""
    text = code.strip()
    if not text:
        raise BarcodeError("The code is empty.")
    if text.isascii() and text.isdigit() and len(text) in PLAIN_GTIN_LENGTHS:
        return _plain_gtin(text)
    if text.lower().startswith(("http://", "https://")):
        syntax = BarcodeSyntax.DIGITAL_LINK
        strings = _digital_link(text, today)
    else:
        syntax = BarcodeSyntax.ELEMENT_STRING
        strings = _element_string(text, today)
    return _decoded(syntax, strings, today=today)


def parse_element_string(code: str, *, today: date) -> Gs1Data:
    """A code that names a trade item: its GTIN and, when present, dates, lot and serial."""
    decoded = decode(code, today=today)
    if decoded.gtin is None:
        raise BarcodeError("The code has no GTIN, AI (01).")
    return Gs1Data(gtin=decoded.gtin, expires_on=decoded.expires_on,
                   produced_on=decoded.produced_on, lot_number=decoded.lot_number,
                   serial_number=decoded.serial_number)


def gs1_date(yymmdd: str, *, today: date) -> date:
    """YYMMDD with GS1's sliding century (section 7.12); DD 00 is the month's last day."""
    if len(yymmdd) != 6 or not yymmdd.isascii() or not yymmdd.isdigit():
        raise BarcodeError(f"{yymmdd!r} is not a YYMMDD date.")
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    current = today.year % 100
    century = today.year - current
    difference = yy - current
    if difference >= 51:
        century -= 100
    elif difference <= -50:
        century += 100
    year = century + yy
    if not 1 <= month <= 12:
        raise BarcodeError(f"{yymmdd} has no month {month:02d}.")
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        day = last
    if day > last:
        raise BarcodeError(f"{yymmdd} names day {day} of a month with {last} days.")
    return date(year, month, day)


def text_problem(ai: str, value: str) -> str | None:
    """Why `value` cannot be carried in a variable-length AI (10 lot, 21 serial), if it cannot."""
    name = TEXT_AIS[ai]
    if not value:
        return f"The {name} ({ai}) is empty."
    if len(value) > TEXT_MAX:
        return f"The {name} ({ai}) is longer than {TEXT_MAX} characters."
    if not CSET82.match(value):
        return f"The {name} ({ai}) holds characters GS1 does not allow."
    return None


# ------------------------------------------------------------------ reading
def _plain_gtin(digits: str) -> Decoded:
    gtin = digits.zfill(14)
    if not is_valid_gtin14(gtin):
        raise InvalidGtin(f"GTIN {digits} has a wrong check digit.")
    return Decoded(BarcodeSyntax.PLAIN_GTIN, (Element("01", "GTIN", gtin),), gtin=gtin)


def _element_string(text: str, today: date) -> list[GS1ElementString]:
    if text.startswith("]"):
        identifier, text = text[:3], text[3:]
        if identifier not in SYMBOLOGY_IDENTIFIERS:
            raise BarcodeError(f"Symbology identifier {identifier} does not announce GS1 data.")
    text = text.lstrip(GS)  # a leading FNC1 is the GS1 flag itself
    if not text:
        raise BarcodeError("The code is empty.")
    try:
        if text.startswith("("):
            message = GS1Message.parse_hri(text, config=_CONFIG)
        else:
            message = GS1Message.parse(text, config=_CONFIG)
    except ParseError as error:
        raise BarcodeError(_explain(str(error), today)) from None
    if text.startswith("("):
        _check_hri_values(text)
    return list(message.element_strings)


def _digital_link(uri: str, today: date) -> list[GS1ElementString]:
    try:
        link = GS1DigitalLinkURI.parse(uri, config=_CONFIG)
    except ParseError as error:
        raise BarcodeError(f"Not a GS1 Digital Link: {_explain(str(error), today)}") from None
    return list(link.element_strings)


def _check_hri_values(text: str) -> None:
    # biip drops an AI typed with no value and the spaces in a value; GS1 allows neither.
    for match in re.finditer(r"\((\d{2,4})\)([^(]*)", text):
        ai = GS1ApplicationIdentifier.extract(match.group(1))
        if not match.group(2):
            raise BarcodeError(f"({ai.ai}) {ai.data_title} is empty.")
        if any(c.isspace() for c in match.group(2)):
            raise BarcodeError(
                f"({ai.ai}) {ai.data_title} {match.group(2)!r} holds characters GS1 does not allow."
            )


def _decoded(syntax: BarcodeSyntax, strings: list[GS1ElementString], *, today: date) -> Decoded:
    if not strings:
        raise BarcodeError("The code holds no GS1 element.")
    seen: dict[str, str] = {}
    for string in strings:
        ai, title = string.ai.ai, string.ai.data_title
        if ai in seen and seen[ai] != string.value:
            raise BarcodeError(f"({ai}) {title} appears twice with different values.")
        seen[ai] = string.value
        if string.gtin_error:
            raise InvalidGtin(f"({ai}) {title} {string.value} has a wrong check digit.")
        if string.sscc_error:
            raise BarcodeError(f"({ai}) {title} {string.value} has a wrong check digit.")
        if string.gln_error:
            raise BarcodeError(f"({ai}) {title} {string.value} is not a valid GLN.")
        if _is_date(string.ai) and len(string.value) == 6:
            _date(string.ai, string.value, today)
    gtin = seen.get("01") or seen.get("02")
    return Decoded(
        syntax=syntax,
        elements=tuple(Element(s.ai.ai, s.ai.data_title, s.value) for s in strings),
        gtin=gtin.zfill(14) if gtin else None,
        sscc=seen.get("00"),
        lot_number=seen.get("10"),
        serial_number=seen.get("21"),
        expires_on=_date_of(strings, "17", today),
        produced_on=_date_of(strings, "11", today),
    )


def _date_of(strings: list[GS1ElementString], ai: str, today: date) -> date | None:
    string = next((s for s in strings if s.ai.ai == ai), None)
    return None if string is None else _date(string.ai, string.value, today)


def _is_date(ai: GS1ApplicationIdentifier) -> bool:
    return "YYMMDD" in ai.description and ai.format.endswith("N6")


def _date(ai: GS1ApplicationIdentifier, value: str, today: date) -> date:
    try:
        return gs1_date(value, today=today)
    except BarcodeError as error:
        raise BarcodeError(f"({ai.ai}) {ai.data_title} {error}") from None


def _explain(message: str, today: date) -> str:
    """biip's refusal retold for a person: which AI, and what its value should look like."""
    if (found := _NO_MATCH.search(message)) is not None:
        ai = GS1ApplicationIdentifier.extract(found["ai"])
        return _value_problem(ai, found["data"][len(ai.ai):], today)
    if (found := re.search(r"GS1 AI \((\d+)\) date/time from '(\d*)'", message)) is not None:
        ai = GS1ApplicationIdentifier.extract(found[1])
        _date(ai, found[2], today)
    if (found := _NO_AI.search(message)) is not None:
        return f"No GS1 application identifier at {found['rest'][:40]!r}."
    return message


def _value_problem(ai: GS1ApplicationIdentifier, value: str, today: date) -> str:
    name = f"({ai.ai}) {ai.data_title}"
    if _is_date(ai) and len(value) == 6 and value.isdigit():
        try:
            gs1_date(value, today=today)
        except BarcodeError as error:
            return f"{name} {error}"
    if not value:
        return f"{name} is empty."
    parts = ai.format.split("+")[1:]
    wanted = " followed by ".join(_describe(part) for part in parts)
    if len(parts) == 1 and (shape := _FORMAT_PART.match(parts[0])) is not None:
        size = int(shape["size"])
        if shape["range"] and len(value) > size:
            return f"{name} is longer than {size} characters."
        if shape["kind"] == "X" and not CSET82.match(value):
            return f"{name} {value!r} holds characters GS1 does not allow."
    if GS in value:
        return f"{name} is cut short by a GS separator: it must be {wanted}."
    return f"{name} must be {wanted}, got {value!r}."


def _describe(part: str) -> str:
    shape = _FORMAT_PART.match(part)
    if shape is None:
        return part
    kind = "digits" if shape["kind"] == "N" else "characters"
    return f"{'up to ' if shape['range'] else ''}{shape['size']} {kind}"
