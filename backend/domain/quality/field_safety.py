"""Field safety notices: one PDF per notified customer (its own lots, serials, UDIs and
quantities only), and a notice to each supplier of affected purchased lots."""

from collections import defaultdict

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from backend.db.models import (
    Customer,
    Lot,
    Product,
    Recall,
    RecallLot,
    RecallNotice,
    RecallShipment,
    RecallSupplierNotice,
    Serial,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
    Supplier,
)
from backend.domain.actor import Actor
from backend.domain.quality.documents import NewDocument, store_documents
from backend.domain.rules.gs1 import udi_string
from backend.domain.rules.plain_pdf import plain_pdf
from backend.enums import DocumentKind, ShipmentStatus

RECEIVED = (ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED)


async def issue_notices(session: AsyncSession, recall: Recall, *, actor: Actor) -> None:
    """Write each customer's field safety notice, and the supplier notices."""
    shipped = (await session.execute(
        select(Shipment.customer_id, ShipmentLine.lot_id, func.sum(ShipmentLine.quantity))
        .join(RecallShipment, RecallShipment.shipment_id == Shipment.id)
        .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .join(RecallLot, (RecallLot.recall_id == recall.id)
              & (RecallLot.lot_id == ShipmentLine.lot_id))
        .where(RecallShipment.recall_id == recall.id, Shipment.status.in_(RECEIVED))
        .group_by(Shipment.customer_id, ShipmentLine.lot_id)
    )).all()
    serials = (await session.execute(
        select(Shipment.customer_id, Serial.lot_id, Serial.serial_number)
        .join(RecallShipment, RecallShipment.shipment_id == Shipment.id)
        .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .join(ShipmentLineSerial, ShipmentLineSerial.shipment_line_id == ShipmentLine.id)
        .join(Serial, Serial.id == ShipmentLineSerial.serial_id)
        .join(RecallLot, (RecallLot.recall_id == recall.id) & (RecallLot.lot_id == Serial.lot_id))
        .where(RecallShipment.recall_id == recall.id, Shipment.status.in_(RECEIVED))
        .order_by(Serial.serial_number)
    )).all()
    lot_rows = {row.id: row for row in (await session.execute(
        select(Lot.id, Lot.lot_number, Lot.expires_on, Lot.supplier_id, Product.gtin,
               Product.name)
        .join(RecallLot, RecallLot.lot_id == Lot.id).join(Product, Product.id == Lot.product_id)
        .where(RecallLot.recall_id == recall.id)
    )).all()}
    per_customer: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for customer_id, lot_id, quantity in shipped:
        per_customer[customer_id].append((lot_id, int(quantity)))
    serials_of: dict[tuple[int, int], list[str]] = defaultdict(list)
    for customer_id, lot_id, number in serials:
        serials_of[(customer_id, lot_id)].append(number)
    notices = list(await session.scalars(
        select(RecallNotice).where(RecallNotice.recall_id == recall.id).order_by(RecallNotice.id)
    ))
    codes = dict((await session.execute(
        select(Customer.id, Customer.code).where(Customer.id.in_([n.customer_id
                                                                   for n in notices]))
    )).all()) if notices else {}
    fsns: list[NewDocument] = []
    for notice in notices:
        code = codes.get(notice.customer_id)
        lines = [f"Recall: {recall.number}   Class: {recall.recall_class.value}",
                 f"Reason: {recall.reason}", f"Customer: {code}",
                 "Affected units you received:"]
        for lot_id, quantity in sorted(per_customer.get(notice.customer_id, [])):
            lot = lot_rows[lot_id]
            lines.append(f"  {lot.name}, GTIN {lot.gtin}, lot {lot.lot_number}: {quantity} units")
            numbers: list[str | None] = [*serials_of.get((notice.customer_id, lot_id), [])]
            numbers = numbers or [None]  # a lot-tracked line: the lot's UDI
            lines += ["    UDI " + udi_string(gtin=lot.gtin, expires_on=lot.expires_on,
                                             lot_number=lot.lot_number, serial_number=number)
                      for number in numbers]
        lines.append("Quarantine these units and acknowledge this notice.")
        fsns.append(NewDocument(
            kind=DocumentKind.FIELD_SAFETY_NOTICE,
            title=f"Field safety notice {recall.number} {code}",
            file_name=f"fsn-{recall.number}-{code}.pdf",
            content=plain_pdf(f"Field safety notice {recall.number}", lines),
            content_type="application/pdf", links=[("RecallNotice", notice.id)],
        ))
    document_ids = await store_documents(session, actor=actor, documents=fsns)
    if notices:
        # One executemany by primary key; the loaded notices are told the new values.
        await session.execute(update(RecallNotice), [
            {"id": n.id, "field_safety_notice_id": pk}
            for n, pk in zip(notices, document_ids, strict=True)
        ])
        for notice, pk in zip(notices, document_ids, strict=True):
            set_committed_value(notice, "field_safety_notice_id", pk)
    await _suppliers(session, recall, lot_rows, actor=actor)
    await session.flush()


async def _suppliers(session: AsyncSession, recall: Recall, lot_rows: dict, *,
                     actor: Actor) -> None:
    by_supplier: dict[int, list[int]] = defaultdict(list)
    for lot_id, lot in sorted(lot_rows.items()):
        if lot.supplier_id is not None:
            by_supplier[lot.supplier_id].append(lot_id)
    if not by_supplier:
        return
    names = dict((await session.execute(
        select(Supplier.id, Supplier.code).where(Supplier.id.in_(by_supplier))
    )).all())
    ordered = sorted(by_supplier.items())
    notices = [NewDocument(
        kind=DocumentKind.FIELD_SAFETY_NOTICE,
        title=f"Supplier notice {recall.number} {names.get(supplier_id)}",
        file_name=f"supplier-notice-{recall.number}-{names.get(supplier_id)}.pdf",
        content=plain_pdf(f"Supplier notice {recall.number}", [
            f"Recall: {recall.number}   Class: {recall.recall_class.value}",
            f"Reason: {recall.reason}", "Your lots concerned:",
            *[f"  {lot_rows[pk].name}, lot {lot_rows[pk].lot_number}" for pk in lot_ids],
        ]),
        content_type="application/pdf", links=[("Recall", recall.id)],
    ) for supplier_id, lot_ids in ordered]
    document_ids = await store_documents(session, actor=actor, documents=notices)
    session.add_all(RecallSupplierNotice(recall_id=recall.id, supplier_id=supplier_id,
                                         lot_ids=lot_ids, document_id=pk)
                    for (supplier_id, lot_ids), pk in zip(ordered, document_ids, strict=True))
