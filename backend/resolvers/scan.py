"""`scan(code)`: a GS1 element string resolved to product, lot and serial, as far as visible."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from backend.db import models as m
from backend.domain.rules.gs1 import BarcodeError, InvalidGtin, parse_element_string
from backend.resolvers import scoping
from backend.schema.errors import ApiError
from backend.schema.types import catalog, quality

products_t = m.Product.__table__
lots_t = m.Lot.__table__
serials_t = m.Serial.__table__


async def scan(info: Any, code: str) -> quality.ScanResult:
    context = info.context
    context.principal  # noqa: B018 - any signed-in user may scan
    try:
        data = parse_element_string(code, today=datetime.now(UTC).date())
    except InvalidGtin as error:
        raise ApiError(str(error), code="INVALID_GTIN") from None
    except BarcodeError as error:
        raise ApiError(str(error), code="INVALID_BARCODE") from None
    partner = context.partner_customer_id
    rows = await context.loaders.rows(select(products_t).where(products_t.c.gtin == data.gtin))
    product = catalog.Product.from_row(rows[0]) if rows else None
    lot = serial = None
    if product is not None and data.serial_number is not None:
        rows = await context.loaders.rows(select(serials_t).where(
            serials_t.c.product_id == product.pk,
            serials_t.c.serial_number == data.serial_number,
            scoping.serial_visible(partner),
        ))
        serial = quality.Serial.from_row(rows[0]) if rows else None
    if product is not None and (data.lot_number is not None or serial is not None):
        by = (lots_t.c.id == serial.lot_id) if serial is not None else (
            lots_t.c.lot_number == data.lot_number)
        rows = await context.loaders.rows(select(lots_t).where(
            lots_t.c.product_id == product.pk, by, scoping.lot_visible(partner)
        ))
        lot = quality.Lot.from_row(rows[0]) if rows else None
    if lot is not None and data.lot_number is not None and lot.lot_number != data.lot_number:
        # The label names another lot than the one the serial belongs to: show neither guess.
        lot = None
    return quality.ScanResult(
        gtin=data.gtin, product=product, lot_number=data.lot_number, lot=lot,
        serial_number=data.serial_number, serial=serial,
        expires_on=data.expires_on or (lot.expires_on if lot is not None else None),
    )
