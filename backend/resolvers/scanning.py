"""Root reads of barcode scans: any GS1 code decoded, then its product, lot and serial
resolved as far as the caller may see them."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from backend.api.errors import ApiError, ApiErrorCode
from backend.db import models as m
from backend.domain import access
from backend.domain.rules.gs1 import BarcodeError, BarcodeSyntax, Decoded, Element, InvalidGtin
from backend.domain.rules.gs1 import decode as decode_code
from backend.resolvers.context import Context
from backend.resolvers.reading import first_row

products_t = m.Product.__table__
lots_t = m.Lot.__table__
serials_t = m.Serial.__table__


@dataclass
class ScanRows:
    gtin: str
    syntax: BarcodeSyntax
    elements: tuple[Element, ...]
    product: Any
    lot_number: str | None
    lot: Any
    serial_number: str | None
    serial: Any
    expires_on: date | None
    manufactured_on: date | None


@dataclass
class DecodedRows:
    syntax: BarcodeSyntax
    elements: tuple[Element, ...]
    gtin: str | None
    sscc: str | None
    scan: ScanRows | None


def _decode(code: str) -> Decoded:
    try:
        return decode_code(code, today=datetime.now(UTC).date())
    except InvalidGtin as error:
        raise ApiError(str(error), code=ApiErrorCode.INVALID_GTIN) from None
    except BarcodeError as error:
        raise ApiError(str(error), code=ApiErrorCode.INVALID_BARCODE) from None


async def scan(context: Context, code: str) -> ScanRows:
    """A code that names a trade item, resolved to product, lot and serial."""
    data = _decode(code)
    if data.gtin is None:
        raise ApiError("The code has no GTIN, AI (01).", code=ApiErrorCode.INVALID_BARCODE)
    return await _resolve(context, data, data.gtin)


async def decode_barcode(context: Context, code: str) -> DecodedRows:
    """Any GS1 code; a code with a GTIN is also resolved as `scan` resolves it."""
    data = _decode(code)
    found = None if data.gtin is None else await _resolve(context, data, data.gtin)
    return DecodedRows(syntax=data.syntax, elements=data.elements, gtin=data.gtin,
                       sscc=data.sscc, scan=found)


async def _resolve(context: Context, data: Decoded, gtin: str) -> ScanRows:
    actor = context.actor
    product = await first_row(context, select(products_t).where(products_t.c.gtin == gtin))
    found_lot = found_serial = None
    if product is not None and data.serial_number is not None:
        found_serial = await first_row(context, select(serials_t).where(
            serials_t.c.product_id == product.id,
            serials_t.c.serial_number == data.serial_number,
            access.visible_serials(actor),
        ))
    if product is not None and (data.lot_number is not None or found_serial is not None):
        by = (lots_t.c.id == found_serial.lot_id) if found_serial is not None else (
            lots_t.c.lot_number == data.lot_number)
        found_lot = await first_row(context, select(lots_t).where(
            lots_t.c.product_id == product.id, by, access.visible_lots(actor)
        ))
    if (found_lot is not None and data.lot_number is not None
            and found_lot.lot_number != data.lot_number):
        # The label names another lot than the one the serial belongs to: show neither guess.
        found_lot = None
    return ScanRows(
        gtin=gtin, syntax=data.syntax, elements=data.elements, product=product,
        lot_number=data.lot_number, lot=found_lot,
        serial_number=data.serial_number, serial=found_serial,
        expires_on=data.expires_on or (found_lot.expires_on if found_lot is not None else None),
        manufactured_on=data.produced_on,
    )
