"""Barcode scans: `scan` (a trade item's code resolved) and `decodeBarcode` (any GS1 code)."""

from datetime import date

import strawberry

from backend.domain.rules import gs1
from backend.domain.rules.gs1 import BarcodeSyntax
from backend.resolvers import scanning as reads
from backend.resolvers.context import Info
from backend.schema.catalog.types import Product
from backend.schema.permissions import signed_in
from backend.schema.quality.types import Lot, Serial
from backend.schema.standards.cartons import ShippingCarton, carton_of

strawberry.enum(BarcodeSyntax, description="How a code was written.")


@strawberry.type(description="One application identifier and its value, as read.")
class Gs1Element:
    ai: str
    title: str = strawberry.field(
        description="The GS1 data title, e.g. BATCH/LOT, USE BY or EXPIRY, SSCC."
    )
    value: str

    @classmethod
    def many(cls, elements: tuple[gs1.Element, ...]) -> list["Gs1Element"]:
        return [cls(ai=e.ai, title=e.title, value=e.value) for e in elements]


@strawberry.type
class ScanResult:
    gtin: str
    product: Product | None
    lot_number: str | None
    lot: Lot | None
    serial_number: str | None
    serial: Serial | None
    expires_on: date | None
    syntax: BarcodeSyntax
    elements: list[Gs1Element] = strawberry.field(
        description="Every element in the code, in order, including those the ERP does not use."
    )
    manufactured_on: date | None = strawberry.field(description="From AI (11).")

    @classmethod
    def of(cls, rows: reads.ScanRows) -> "ScanResult":
        return cls(
            gtin=rows.gtin, product=Product.maybe(rows.product), lot_number=rows.lot_number,
            lot=Lot.maybe(rows.lot), serial_number=rows.serial_number,
            serial=Serial.maybe(rows.serial), expires_on=rows.expires_on, syntax=rows.syntax,
            elements=Gs1Element.many(rows.elements), manufactured_on=rows.manufactured_on,
        )


@strawberry.type(description="Any GS1 code, with or without a GTIN.")
class DecodedBarcode:
    syntax: BarcodeSyntax
    elements: list[Gs1Element]
    gtin: str | None = strawberry.field(
        description="GTIN-14 (shorter GTINs padded with zeros)."
    )
    sscc: str | None
    scan: ScanResult | None = strawberry.field(description="Set when the code carries a GTIN.")

    @strawberry.field(
        description="The shipping carton with this SSCC; a partner sees only its own."
    )
    async def carton(self, info: Info) -> ShippingCarton | None:
        return None if self.sscc is None else await carton_of(info, self.sscc)


@strawberry.field(
    description=(
        "Parses a GS1 code naming a trade item (element string, Digital Link, plain GTIN) "
        "and resolves it."
    ),
    extensions=signed_in(),
)
async def scan(info: Info, code: str) -> ScanResult | None:
    return ScanResult.of(await reads.scan(info.context, code))


@strawberry.field(
    description=(
        "Parses any GS1 code (element string, Digital Link, plain GTIN, SSCC); "
        "INVALID_BARCODE / INVALID_GTIN name the AI."
    ),
    extensions=signed_in(),
)
async def decode_barcode(info: Info, code: str) -> DecodedBarcode:
    rows = await reads.decode_barcode(info.context, code)
    return DecodedBarcode(
        syntax=rows.syntax, elements=Gs1Element.many(rows.elements), gtin=rows.gtin,
        sscc=rows.sscc, scan=None if rows.scan is None else ScanResult.of(rows.scan),
    )
