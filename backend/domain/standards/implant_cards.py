"""Implant cards: one signed IMPLANT_CARD document per shipped unit of a serial-tracked
product whose IMPLANT_CARD policy is "true" for the shipment's customer.

The card is handed to the patient: product, UDI as a GS1 element string, lot, expiry,
manufacturer, and blank lines for the patient's name and the implant date. One document
per unit (not one PDF of many cards) so that each card travels, and is verified, alone.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Customer,
    Lot,
    Product,
    Serial,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
)
from backend.domain.actor import Actor
from backend.domain.policies import resolve
from backend.domain.rules.gs1 import udi_string
from backend.domain.standards.pdfa import ArchivalPdf
from backend.domain.standards.signed_documents import company_lines, store_signed_pdf
from backend.enums import ConfigPolicyKind, DocumentKind, TrackingMode

KIND = ConfigPolicyKind.IMPLANT_CARD
# A5 in mm: wide enough for the longest UDI element string on one line.
CARD_FORMAT = (148.0, 210.0)
BLANK = "_" * 50


@dataclass(frozen=True)
class ImplantedUnit:
    product: str
    sku: str
    gtin: str
    lot_number: str
    expires_on: str
    serial_number: str
    udi: str


async def units_needing_cards(session: AsyncSession, shipment: Shipment) -> list[ImplantedUnit]:
    """The shipment's serial units whose sale the IMPLANT_CARD policy marks "true"."""
    policies = await resolve.load(session, KIND)
    if not policies.rows:
        return []
    region = await session.scalar(select(Customer.region)
                                  .where(Customer.id == shipment.customer_id))
    rows = (await session.execute(
        select(Product.name, Product.sku, Product.gtin, Product.product_line,
               Product.device_class, Lot.lot_number, Lot.expires_on, Serial.serial_number)
        .select_from(ShipmentLine)
        .join(Product, Product.id == ShipmentLine.product_id)
        .join(Lot, Lot.id == ShipmentLine.lot_id)
        .join(ShipmentLineSerial, ShipmentLineSerial.shipment_line_id == ShipmentLine.id)
        .join(Serial, Serial.id == ShipmentLineSerial.serial_id)
        .where(ShipmentLine.shipment_id == shipment.id,
               Product.tracking_mode == TrackingMode.SERIAL)
        .order_by(ShipmentLine.id, Serial.serial_number)
    )).all()
    return [
        ImplantedUnit(
            product=r.name, sku=r.sku, gtin=r.gtin, lot_number=r.lot_number,
            expires_on=str(r.expires_on or "-"), serial_number=r.serial_number,
            udi=udi_string(gtin=r.gtin, expires_on=r.expires_on, lot_number=r.lot_number,
                           serial_number=r.serial_number),
        )
        for r in rows
        if policies.decide(KIND, resolve.subject(r.product_line, r.device_class,
                                                 region)).value == "true"
    ]


def card_title(unit: ImplantedUnit) -> str:
    return f"Implant card {unit.sku} {unit.serial_number}"


def implant_card_pdf(unit: ImplantedUnit, shipment_number: str, manufacturer: list[str]) -> bytes:
    pdf = ArchivalPdf(card_title(unit), format=CARD_FORMAT)
    pdf.set_margins(8, 8, 8)  # the UDI needs the width
    pdf.add_page()
    pdf.font(14, bold=True)
    pdf.say("Implant card", 8)
    pdf.font(9)
    pdf.say("Keep this card and show it to every doctor, dentist or security checkpoint.", 4.5)
    pdf.ln(2)
    pdf.font(8)
    pdf.font(8, bold=True)
    pdf.say("UDI", 5)
    # The element string on one line, as scanners and registries read it.
    pdf.font(7.5)
    pdf.say(unit.udi, 4.5)
    pdf.ln(1)
    for label, value in (
        ("Product", f"{unit.product} ({unit.sku})"), ("Lot", unit.lot_number),
        ("Serial", unit.serial_number),
        ("Expiry", unit.expires_on), ("Manufacturer", ", ".join(manufacturer)),
        ("Shipment", shipment_number),
    ):
        pdf.font(8, bold=True)
        pdf.cell(24, 5, pdf.text_of(label))
        pdf.font(8)
        pdf.multi_cell(0, 5, pdf.text_of(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label in ("Patient name", "Implant date", "Implanting centre"):
        pdf.font(8, bold=True)
        pdf.say(label, 5)
        pdf.font(8)
        pdf.say(BLANK, 7)
    return pdf.output_bytes()


async def make_implant_cards(session: AsyncSession, *, actor: Actor, shipment: Shipment) -> int:
    """Signed cards for the shipment's implanted units, linked to it; how many."""
    units = await units_needing_cards(session, shipment)
    if not units:
        return 0
    manufacturer = (await company_lines(session))[:2]
    for unit in units:
        await store_signed_pdf(
            session, actor=actor, kind=DocumentKind.IMPLANT_CARD, title=card_title(unit),
            file_name=f"implant-card-{unit.sku}-{unit.serial_number}.pdf".lower(),
            content=implant_card_pdf(unit, shipment.number, manufacturer),
            links=[("Shipment", shipment.id)],
        )
    return len(units)
