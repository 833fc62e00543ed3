"""GS1 element strings for UDI labels: rendering and parsing.

Application identifiers (GS1 General Specifications, section 3):
01 GTIN (14 digits), 11 production date and 17 expiry date (YYMMDD), 10 batch/lot
and 21 serial number (up to 20 characters, ended by a GS separator unless last).
Scanners send the raw form: an optional symbology identifier (`]d2` Data Matrix,
`]C1` GS1-128, `]Q3` QR, `]e0` DataBar), FNC1 as the ASCII GS character (0x1D)
between variable-length fields. People type the parenthesised form.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from backend.domain.rules.gtin import is_valid_gtin14

GS = "\x1d"
SYMBOLOGY_IDENTIFIERS = ("]d2", "]C1", "]Q3", "]e0", "]J1")
# AI -> (fixed length or None for variable, maximum length)
AIS: dict[str, tuple[int | None, int]] = {
    "01": (14, 14),
    "11": (6, 6),
    "17": (6, 6),
    "10": (None, 20),
    "21": (None, 20),
}
AI_NAMES = {"01": "GTIN", "11": "production date", "17": "expiry date", "10": "lot", "21": "serial"}
# GS1 AI encodable character set 82, used by lots and serials.
CSET82 = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$")
PARENTHESISED = re.compile(r"\((\d{2,4})\)")


class BarcodeError(ValueError):
    """A code that is not a well-formed GS1 element string."""


class InvalidGtin(BarcodeError):
    """A well-formed string whose GTIN has a wrong check digit."""


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


def parse_element_string(code: str, *, today: date) -> Gs1Data:
    """Parse a parenthesised or raw GS1 element string; `today` fixes the century of dates."""
    text = code.strip()
    if text.startswith("("):
        fields = _split_parenthesised(text)
    else:
        fields = _split_raw(text)
    values: dict[str, str] = {}
    for ai, value in fields:
        if ai in values:
            raise BarcodeError(f"AI ({ai}) appears twice.")
        _check_value(ai, value)
        values[ai] = value
    if "01" not in values:
        raise BarcodeError("The code has no GTIN, AI (01).")
    if not is_valid_gtin14(values["01"]):
        raise InvalidGtin(f"GTIN {values['01']} has a wrong check digit.")
    return Gs1Data(
        gtin=values["01"],
        expires_on=gs1_date(values["17"], today=today) if "17" in values else None,
        produced_on=gs1_date(values["11"], today=today) if "11" in values else None,
        lot_number=values.get("10"),
        serial_number=values.get("21"),
    )


def gs1_date(yymmdd: str, *, today: date) -> date:
    """YYMMDD with GS1's sliding century (section 7.12); DD 00 is the month's last day."""
    if len(yymmdd) != 6 or not yymmdd.isdigit():
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


def _split_parenthesised(text: str) -> list[tuple[str, str]]:
    pieces = PARENTHESISED.split(text)
    # split() gives ["", ai, value, ai, value, ...] when the text starts with an AI.
    if pieces[0] != "" or len(pieces) < 3:
        raise BarcodeError("A parenthesised code starts with an AI such as (01).")
    fields = []
    for ai, value in zip(pieces[1::2], pieces[2::2], strict=True):
        if ai not in AIS:
            raise BarcodeError(f"AI ({ai}) is not supported.")
        fields.append((ai, value))
    return fields


def _split_raw(text: str) -> list[tuple[str, str]]:
    for prefix in SYMBOLOGY_IDENTIFIERS:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    text = text.lstrip(GS)  # a leading FNC1 is the GS1 flag itself
    if not text:
        raise BarcodeError("The code is empty.")
    fields = []
    position = 0
    while position < len(text):
        ai = text[position:position + 2]
        if ai not in AIS:
            raise BarcodeError(f"AI ({ai}) at position {position} is not supported.")
        position += 2
        fixed, _ = AIS[ai]
        if fixed is not None:
            value = text[position:position + fixed]
            if len(value) < fixed or GS in value:
                raise BarcodeError(f"The {AI_NAMES[ai]} ({ai}) is cut short.")
            position += fixed
            # A GS after a fixed-length field is allowed, though not needed.
            if text.startswith(GS, position):
                position += 1
        else:
            end = text.find(GS, position)
            end = len(text) if end == -1 else end
            value = text[position:end]
            position = end + 1
        fields.append((ai, value))
    return fields


def text_problem(ai: str, value: str) -> str | None:
    """Why `value` cannot be carried in a variable-length AI (10 lot, 21 serial), if it cannot."""
    name = AI_NAMES[ai]
    if not value:
        return f"The {name} ({ai}) is empty."
    if len(value) > AIS[ai][1]:
        return f"The {name} ({ai}) is longer than {AIS[ai][1]} characters."
    if not CSET82.match(value):
        return f"The {name} ({ai}) holds characters GS1 does not allow."
    return None


def _check_value(ai: str, value: str) -> None:
    fixed, _ = AIS[ai]
    if fixed is None:
        problem = text_problem(ai, value)
        if problem:
            raise BarcodeError(problem)
    elif len(value) != fixed or not value.isascii() or not value.isdigit():
        raise BarcodeError(f"The {AI_NAMES[ai]} ({ai}) must be {fixed} digits, got {value!r}.")
