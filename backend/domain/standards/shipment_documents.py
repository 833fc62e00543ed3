"""The certificate of conformity and the packing list every shipment gets, signed."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Customer,
    Lot,
    Product,
    SalesOrder,
    Serial,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
    ShippingCarton,
    Warehouse,
)
from backend.domain.actor import Actor
from backend.domain.standards.pdfa import ArchivalPdf
from backend.domain.standards.signed_documents import company_lines, store_signed_pdf
from backend.enums import DocumentKind

CONFORMITY = (
    "We declare under our sole responsibility that the products listed above were "
    "manufactured, inspected and released under our quality management system "
    "(ISO 13485), and conform to their specifications and to the applicable requirements "
    "of Regulation (EU) 2017/745."
)


@dataclass(frozen=True)
class ShippedLine:
    product: str
    sku: str
    gtin: str
    lot_number: str
    expires_on: str
    quantity: int
    serials: tuple[str, ...]


@dataclass(frozen=True)
class ShipmentFacts:
    number: str
    order_number: str
    shipped_at: str
    warehouse: str
    ship_to: tuple[str, ...]
    carrier: str
    lines: tuple[ShippedLine, ...]
    ssccs: tuple[str, ...]


async def shipment_facts(session: AsyncSession, shipment: Shipment) -> ShipmentFacts:
    order = await session.get_one(SalesOrder, shipment.order_id)
    customer = await session.get_one(Customer, shipment.customer_id)
    warehouse = await session.get_one(Warehouse, shipment.warehouse_id)
    rows = (await session.execute(
        select(ShipmentLine.id, ShipmentLine.quantity, Product.name, Product.sku, Product.gtin,
               Lot.lot_number, Lot.expires_on)
        .join(Product, Product.id == ShipmentLine.product_id)
        .join(Lot, Lot.id == ShipmentLine.lot_id)
        .where(ShipmentLine.shipment_id == shipment.id).order_by(ShipmentLine.id)
    )).all()
    serials: dict[int, list[str]] = defaultdict(list)
    for line_id, serial in await session.execute(
        select(ShipmentLineSerial.shipment_line_id, Serial.serial_number)
        .join(Serial, Serial.id == ShipmentLineSerial.serial_id)
        .where(ShipmentLineSerial.shipment_line_id.in_([r.id for r in rows]))
        .order_by(Serial.serial_number)
    ):
        serials[line_id].append(serial)
    ssccs = tuple(await session.scalars(
        select(ShippingCarton.sscc).where(ShippingCarton.shipment_id == shipment.id)
        .order_by(ShippingCarton.sequence)
    ))
    return ShipmentFacts(
        number=shipment.number, order_number=order.number,
        shipped_at=f"{shipment.shipped_at:%Y-%m-%d %H:%M} UTC" if shipment.shipped_at else "-",
        warehouse=f"{warehouse.name} ({warehouse.code})",
        ship_to=(customer.name, *(p.strip() for p in (customer.address or "").split(",")
                                  if p.strip())),
        carrier=shipment.carrier or "-",
        lines=tuple(ShippedLine(
            product=r.name, sku=r.sku, gtin=r.gtin, lot_number=r.lot_number,
            expires_on=str(r.expires_on or "-"), quantity=r.quantity,
            serials=tuple(serials[r.id]),
        ) for r in rows),
        ssccs=ssccs,
    )


def _opening(pdf: ArchivalPdf, facts: ShipmentFacts, company: list[str]) -> None:
    pdf.add_page()
    pdf.company_header(company)
    pdf.pairs([
        ("Shipment", facts.number), ("Order", facts.order_number),
        ("Shipped", facts.shipped_at), ("From", facts.warehouse),
        ("Ship to", ", ".join(facts.ship_to)), ("Carrier", facts.carrier),
    ])


def conformity_pdf(facts: ShipmentFacts, company: list[str]) -> bytes:
    pdf = ArchivalPdf(f"Certificate of conformity {facts.number}")
    _opening(pdf, facts, company)
    pdf.heading("Products")
    pdf.grid(["Product", "GTIN", "Lot", "Expires", "Quantity"],
             [[f"{x.product} ({x.sku})", x.gtin, x.lot_number, x.expires_on, str(x.quantity)]
              for x in facts.lines])
    pdf.heading("Declaration")
    pdf.font(10)
    pdf.say(CONFORMITY, 5.5)
    return pdf.output_bytes()


def packing_list_pdf(facts: ShipmentFacts, company: list[str]) -> bytes:
    pdf = ArchivalPdf(f"Packing list {facts.number}")
    _opening(pdf, facts, company)
    pdf.heading("Cartons")
    pdf.grid(["Carton", "SSCC"], [[f"{n} of {len(facts.ssccs)}", f"(00) {sscc}"]
                                  for n, sscc in enumerate(facts.ssccs, start=1)])
    pdf.heading("Contents")
    pdf.grid(["Product", "Lot", "Quantity", "Serials"],
             [[f"{x.product} ({x.sku})", x.lot_number, str(x.quantity),
               ", ".join(x.serials) or "-"] for x in facts.lines])
    return pdf.output_bytes()


async def make_shipment_documents(
    session: AsyncSession, *, actor: Actor, shipment: Shipment
) -> None:
    """Both documents, signed and attached to the shipment."""
    facts = await shipment_facts(session, shipment)
    company = await company_lines(session)
    for kind, title, content in (
        (DocumentKind.CERTIFICATE_OF_CONFORMITY, f"Certificate of conformity {shipment.number}",
         conformity_pdf(facts, company)),
        (DocumentKind.PACKING_LIST, f"Packing list {shipment.number}",
         packing_list_pdf(facts, company)),
    ):
        await store_signed_pdf(
            session, actor=actor, kind=kind, title=title,
            file_name=f"{title.lower().replace(' ', '-')}.pdf", content=content,
            links=[("Shipment", shipment.id)],
        )
