"""GS1 labels as a signed PDF: lots and serials as GS1 DataMatrix or GS1-128 carrying their
UDI, shipping cartons as GS1-128 SSCC labels with the ship-to and the shipment number."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, Document, Lot, Product, Serial, Shipment, ShippingCarton
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules.gs1 import udi_string
from backend.domain.standards.pdfa import ArchivalPdf
from backend.domain.standards.signed_documents import store_signed_pdf
from backend.domain.standards.symbols import gs1_128, gs1_datamatrix, split_for_gs1_128
from backend.enums import DocumentKind, SerialStatus, TrackingMode

MAX_COPIES = 50
MAX_SERIALS = 500
# mm: labels for a 100 mm (cartons 100 x 150 mm) thermal printer; wider for long GS1-128.
ITEM_PAGE = (100.0, 62.0)
CARTON_PAGE = (100.0, 150.0)
MARGIN = 5.0
DATAMATRIX_MODULE = 0.6
BAR_MODULE = 0.33  # GS1-128 X-dimension for non-retail trade items, mm


class Symbology(StrEnum):
    GS1_DATAMATRIX = "GS1_DATAMATRIX"
    GS1_128 = "GS1_128"


@dataclass(frozen=True)
class ItemLabel:
    product: str
    udi: str


@dataclass(frozen=True)
class CartonLabel:
    sscc: str
    sequence: int
    cartons: int
    shipment_number: str
    ship_to: Sequence[str]


@dataclass(frozen=True)
class LabelRequest:
    lot_id: int | None = None
    serial_ids: Sequence[int] | None = None
    shipment_id: int | None = None
    symbology: Symbology | None = None
    copies: int | None = None


def _invalid(message: str, *field: str) -> DomainError:
    return DomainError.single(ErrorCode.INVALID, message, ("input", *field))


def _check(request: LabelRequest) -> tuple[Symbology, int]:
    targets = [request.lot_id is not None, bool(request.serial_ids),
               request.shipment_id is not None]
    if sum(targets) != 1:
        raise _invalid("Give exactly one of lotId, serialIds or shipmentId.")
    copies = 1 if request.copies is None else request.copies
    if not 1 <= copies <= MAX_COPIES:
        raise _invalid(f"Print 1 to {MAX_COPIES} copies of each label.", "copies")
    if request.serial_ids and len(request.serial_ids) > MAX_SERIALS:
        raise _invalid(f"Print the labels of at most {MAX_SERIALS} serials at once.",
                       "serialIds")
    if request.shipment_id is not None:
        if request.symbology == Symbology.GS1_DATAMATRIX:
            raise _invalid("Carton labels carry their SSCC as GS1-128, not as DataMatrix.",
                           "symbology")
        return Symbology.GS1_128, copies
    return request.symbology or Symbology.GS1_DATAMATRIX, copies


async def print_labels(session: AsyncSession, *, actor: Actor, request: LabelRequest) -> Document:
    """A LABEL document "Labels <lot or shipment number>" attached to the lot or shipment."""
    symbology, copies = _check(request)
    if request.shipment_id is not None:
        shipment = await lookup.get(session, Shipment, request.shipment_id,
                                    field=("input", "shipmentId"))
        cartons = await _carton_labels(session, shipment)
        name, link = shipment.number, ("Shipment", shipment.id)
        content = carton_labels_pdf(f"Labels {name}", cartons, copies)
    else:
        lot, items = await _item_labels(session, request)
        name, link = lot.lot_number, ("Lot", lot.id)
        content = item_labels_pdf(f"Labels {name}", items, symbology, copies)
    return await store_signed_pdf(
        session, actor=actor, kind=DocumentKind.LABEL, title=f"Labels {name}",
        file_name=f"labels-{name}.pdf", content=content, links=[link],
    )


async def _item_labels(session: AsyncSession, request: LabelRequest
                       ) -> tuple[Lot, list[ItemLabel]]:
    if request.lot_id is not None:
        lot = await lookup.get(session, Lot, request.lot_id, field=("input", "lotId"))
        product = await session.get_one(Product, lot.product_id)
        if product.tracking_mode != TrackingMode.SERIAL:
            return lot, [ItemLabel(product.name, _udi(product, lot, None))]
        serials = list(await session.scalars(
            select(Serial).where(Serial.lot_id == lot.id, Serial.status == SerialStatus.IN_STOCK)
            .order_by(Serial.serial_number)
        ))
        if not serials:
            raise _invalid(f"Lot {lot.lot_number} has no serial in stock to label.", "lotId")
        return lot, [ItemLabel(product.name, _udi(product, lot, s)) for s in serials]
    ids = list(dict.fromkeys(request.serial_ids or ()))
    found = {s.id: s for s in await session.scalars(select(Serial).where(Serial.id.in_(ids)))}
    for index, pk in enumerate(request.serial_ids or ()):
        if pk not in found:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such serial.",
                                     ("input", "serialIds", str(index)))
    lot_ids = {s.lot_id for s in found.values()}
    if len(lot_ids) != 1:
        raise _invalid("Print the labels of one lot's serials at a time.", "serialIds")
    lot = await session.get_one(Lot, lot_ids.pop())
    product = await session.get_one(Product, lot.product_id)
    return lot, [ItemLabel(product.name, _udi(product, lot, found[pk])) for pk in ids]


def _udi(product: Product, lot: Lot, serial: Serial | None) -> str:
    # The same string as `Serial.udi`: the label carries exactly what the record says.
    return udi_string(gtin=product.gtin, expires_on=lot.expires_on, lot_number=lot.lot_number,
                      serial_number=serial.serial_number if serial else None)


async def _carton_labels(session: AsyncSession, shipment: Shipment) -> list[CartonLabel]:
    cartons = list(await session.scalars(
        select(ShippingCarton).where(ShippingCarton.shipment_id == shipment.id)
        .order_by(ShippingCarton.sequence)
    ))
    if not cartons:
        raise _invalid(f"Shipment {shipment.number} has no cartons to label.", "shipmentId")
    customer = await session.get_one(Customer, shipment.customer_id)
    ship_to = [customer.name, *(line.strip() for line in (customer.address or "").split(","))]
    return [CartonLabel(sscc=c.sscc, sequence=c.sequence, cartons=len(cartons),
                        shipment_number=shipment.number, ship_to=[x for x in ship_to if x])
            for c in cartons]


def item_labels_pdf(title: str, items: Sequence[ItemLabel], symbology: Symbology,
                    copies: int) -> bytes:
    pieces = [split_for_gs1_128(item.udi) if symbology == Symbology.GS1_128 else [item.udi]
              for item in items]
    symbols = {
        text: gs1_128(text) if symbology == Symbology.GS1_128 else gs1_datamatrix(text)
        for texts in pieces for text in texts
    }
    widest = max(symbol.width for symbol in symbols.values())
    page_width = ITEM_PAGE[0] if symbology == Symbology.GS1_DATAMATRIX else max(
        ITEM_PAGE[0], widest * BAR_MODULE + 2 * MARGIN + 10)
    most = max(len(texts) for texts in pieces)
    page_height = ITEM_PAGE[1] + (most - 1) * 24 if symbology == Symbology.GS1_128 \
        else ITEM_PAGE[1]
    pdf = ArchivalPdf(title, format=(page_width, page_height))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    for item, texts in zip(items, pieces, strict=True):
        for _ in range(copies):
            pdf.add_page()
            pdf.font(9, bold=True)
            pdf.say(item.product, 5)
            y = pdf.get_y() + 2
            if symbology == Symbology.GS1_DATAMATRIX:
                size = pdf.symbol(symbols[item.udi], MARGIN + 5, y, DATAMATRIX_MODULE)
                pdf.set_xy(MARGIN + 5 + size[0] + 6, y)
                pdf.font(8)
                for ai_text in _readable(item.udi):
                    pdf.cell(0, 4.5, pdf.text_of(ai_text), new_x="LEFT", new_y="NEXT")
            else:
                for text in texts:
                    pdf.symbol(symbols[text], MARGIN + 5, y, BAR_MODULE, bar_height=13)
                    pdf.set_xy(MARGIN + 5, y + 14)
                    pdf.font(8)
                    pdf.cell(0, 4, pdf.text_of(text))
                    y += 24
    return pdf.output_bytes()


def _readable(udi: str) -> list[str]:
    """One element per line, as "(17) 271231"."""
    return [f"({part}" for part in udi.split("(") if part]


def carton_labels_pdf(title: str, cartons: Sequence[CartonLabel], copies: int) -> bytes:
    pdf = ArchivalPdf(title, format=CARTON_PAGE)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    for carton in cartons:
        text = f"(00){carton.sscc}"
        symbol = gs1_128(text)
        for _ in range(copies):
            pdf.add_page()
            pdf.font(8, bold=True)
            pdf.say("SHIP TO", 4)
            pdf.font(11)
            for line in carton.ship_to:
                pdf.say(line, 5.5)
            pdf.ln(3)
            pdf.font(8, bold=True)
            pdf.say("SHIPMENT", 4)
            pdf.font(12, bold=True)
            pdf.say(f"{carton.shipment_number}    Carton {carton.sequence} of {carton.cartons}",
                    6)
            pdf.ln(3)
            pdf.font(8, bold=True)
            pdf.say("SSCC", 4)
            pdf.font(12, bold=True)
            pdf.say(f"(00) {carton.sscc}", 6)
            module = min(BAR_MODULE + 0.17, (CARTON_PAGE[0] - 2 * MARGIN - 10) / symbol.width)
            y = CARTON_PAGE[1] - MARGIN - 40
            pdf.symbol(symbol, MARGIN + 5, y, module, bar_height=30)
            pdf.set_xy(MARGIN + 5, y + 31)
            pdf.font(10)
            pdf.cell(0, 5, text)
    return pdf.output_bytes()
