"""GS1 symbols as module grids: DataMatrix (ECC 200, FNC1 first: `]d2`) and GS1-128 (`]C1`).

zxing-cpp's writer encodes them (its GS1 mode puts FNC1 first and a separator after
variable-length fields); the label writer draws the grid as vector rectangles.
"""

import re
from dataclasses import dataclass
from typing import Any, cast

import zxingcpp

# GS1-128 carries at most 48 data characters per symbol (GS1 General Specifications 5.4.1).
GS1_128_MAX_CHARACTERS = 48
_ELEMENT = re.compile(r"\((\d{2,4})\)([^(]*)")
# AIs whose value has a fixed length, by the AI's first two digits (GS1 GenSpecs 7.8.5):
# after them no FNC1 separator is needed.
_PREDEFINED = {
    "00": 18, "01": 14, "02": 14, "03": 14, "04": 16, "11": 6, "12": 6, "13": 6, "14": 6,
    "15": 6, "16": 6, "17": 6, "18": 6, "19": 6, "20": 2, "31": 6, "32": 6, "33": 6,
    "34": 6, "35": 6, "36": 6, "41": 13,
}


@dataclass(frozen=True)
class Symbol:
    """Rows of dark (True) and light modules; a linear symbol has one row."""

    rows: tuple[tuple[bool, ...], ...]
    text: str

    @property
    def width(self) -> int:
        return len(self.rows[0])

    @property
    def height(self) -> int:
        return len(self.rows)


def elements(element_string: str) -> list[tuple[str, str]]:
    """(AI, value) pairs of a parenthesised element string."""
    found = _ELEMENT.findall(element_string)
    if "".join(f"({ai}){value}" for ai, value in found) != element_string:
        raise ValueError(f"not a parenthesised GS1 element string: {element_string!r}")
    return found


def _encoded_length(parts: list[tuple[str, str]]) -> int:
    """Data characters of the parts in one symbol, with FNC1 after variable-length values."""
    total = 0
    for index, (ai, value) in enumerate(parts):
        total += len(ai) + len(value)
        if index < len(parts) - 1 and ai[:2] not in _PREDEFINED:
            total += 1
    return total


def split_for_gs1_128(element_string: str) -> list[str]:
    """The element string over as few GS1-128 symbols as keep each within 48 characters."""
    chunks: list[list[tuple[str, str]]] = [[]]
    for part in elements(element_string):
        if chunks[-1] and _encoded_length([*chunks[-1], part]) > GS1_128_MAX_CHARACTERS:
            chunks.append([])
        chunks[-1].append(part)
    return ["".join(f"({ai}){value}" for ai, value in chunk) for chunk in chunks]


def _grid(barcode: zxingcpp.Barcode) -> tuple[tuple[bool, ...], ...]:
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    height, width = image.shape[0], image.shape[1]
    data = bytes(memoryview(cast(Any, image)))  # a buffer of one byte per module
    return tuple(tuple(data[y * width + x] < 128 for x in range(width)) for y in range(height))


def gs1_datamatrix(element_string: str) -> Symbol:
    # Square: the rectangular sizes (DMRE) are not read by every scanner in the field.
    barcode = zxingcpp.create_barcode(element_string, zxingcpp.BarcodeFormat.DataMatrix,
                                      gs1=True, force_square=True)
    return Symbol(rows=_grid(barcode), text=element_string)


def gs1_128(element_string: str) -> Symbol:
    """One GS1-128 symbol: at most 48 data characters (see `split_for_gs1_128`)."""
    barcode = zxingcpp.create_barcode(element_string, zxingcpp.BarcodeFormat.Code128, gs1=True)
    rows = _grid(barcode)
    return Symbol(rows=rows[:1], text=element_string)
