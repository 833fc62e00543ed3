"""Nonconformances: opened on what is suspect (holding it), decided by QA with a root cause
and a disposition (e-signed), closed by QA (e-signed), which releases what is still held."""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Customer,
    Inspection,
    Lot,
    Nonconformance,
    NonconformanceNote,
    NonconformanceSerial,
    QualityHold,
    Serial,
    Shipment,
    Supplier,
    Warehouse,
)
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.quality import disposition as carry_out
from backend.domain.quality.holds import end_holds, place_hold
from backend.domain.trust import audit, outbox, signatures
from backend.enums import (
    AuditAction,
    InspectionResult,
    NonconformanceDisposition,
    NonconformanceSeverity,
    NonconformanceSource,
    NonconformanceStatus,
    QualityHoldStatus,
    StockMoveKind,
)

MAX_TITLE = 200
MAX_TEXT = 4000
NC_CHANGED = "quality.nonconformance_changed"
MOVES = {
    NonconformanceDisposition.SCRAP: StockMoveKind.SCRAP,
    NonconformanceDisposition.RETURN_TO_SUPPLIER: StockMoveKind.SUPPLIER_RETURN,
}
# A failed inspection whose nonconformance closed so is accepted for release.
ACCEPTING = (NonconformanceDisposition.USE_AS_IS, NonconformanceDisposition.RELEASE)


def text_of(value: str | None, field: tuple[str, ...], what: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise DomainError.single(ErrorCode.INVALID, f"Give {what} of 1 to {limit} characters.",
                                 field)
    return value


async def open_nonconformance(
    session: AsyncSession,
    *,
    actor: Actor,
    source: NonconformanceSource,
    title: str,
    description: str,
    severity: NonconformanceSeverity | None = None,
    lot_id: int | None = None,
    warehouse_id: int | None = None,
    quantity: int | None = None,
    serial_numbers: Sequence[str] | None = None,
    shipment_id: int | None = None,
    customer_id: int | None = None,
    supplier_id: int | None = None,
    hold: bool | None = None,
    inspection_id: int | None = None,
    customer_return_id: int | None = None,
) -> Nonconformance:
    problems: list[Problem] = []
    for value, name, limit in ((title, "title", MAX_TITLE), (description, "description",
                                                              MAX_TEXT)):
        if not (value or "").strip() or len(value.strip()) > limit:
            problems.append(Problem(ErrorCode.INVALID, f"Give a {name} of 1 to {limit} "
                                    "characters.", ("input", name)))
    if quantity is not None and quantity <= 0:
        problems.append(Problem(ErrorCode.INVALID, "The quantity must be positive.",
                                ("input", "quantity")))
    if all(v is None for v in (lot_id, shipment_id, customer_id, supplier_id)):
        problems.append(Problem(ErrorCode.INVALID, "Name what is nonconforming: a lot, a "
                                "shipment, a customer or a supplier.", ("input",)))
    if problems:
        raise DomainError(problems)
    lot = None
    if lot_id is not None:
        lot = await lookup.get(session, Lot, lot_id, field=("input", "lotId"))
    for model, pk, name in ((Warehouse, warehouse_id, "warehouseId"),
                            (Shipment, shipment_id, "shipmentId"),
                            (Customer, customer_id, "customerId"),
                            (Supplier, supplier_id, "supplierId")):
        if pk is not None:
            await lookup.get(session, model, pk, field=("input", name))
    numbers = [n.strip() for n in serial_numbers or [] if n.strip()]
    if numbers and lot is None:
        raise DomainError.single(ErrorCode.INVALID, "Serials are named with their lot.",
                                 ("input", "lotId"))
    nc = Nonconformance(
        number=await numbering.next_number(session, "NC"), source=source,
        severity=severity or NonconformanceSeverity.MAJOR, status=NonconformanceStatus.OPEN,
        title=title.strip(), description=description.strip(), opened_by_id=actor.user_id,
        lot_id=lot.id if lot else None, warehouse_id=warehouse_id, quantity=quantity,
        shipment_id=shipment_id, customer_id=customer_id,
        supplier_id=supplier_id if supplier_id is not None else (lot.supplier_id if lot
                                                                  else None),
        inspection_id=inspection_id, customer_return_id=customer_return_id,
    )
    session.add(nc)
    await session.flush()
    if numbers:
        assert lot is not None
        serial_ids = list(await session.scalars(
            select(Serial.id).where(Serial.lot_id == lot.id, Serial.serial_number.in_(numbers))
        ))
        if len(serial_ids) != len(set(numbers)):
            raise DomainError.single(ErrorCode.SERIAL_MISMATCH,
                                     f"Not all of these serials belong to lot {lot.lot_number}.",
                                     ("input", "serialNumbers"))
        session.add_all(NonconformanceSerial(nonconformance_id=nc.id, serial_id=pk)
                        for pk in serial_ids)
        await session.flush()
    if lot is not None and (hold is None or hold):
        await place_hold(session, actor=actor, lot_id=lot.id, reason=f"{nc.number}: {nc.title}",
                         warehouse_id=warehouse_id, quantity=quantity, serial_numbers=numbers,
                         nonconformance_id=nc.id, customer_return_id=customer_return_id)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.NONCONFORMANCE_OPENED,
        entity_type="Nonconformance", entity_id=nc.id, reason=nc.title,
        changes={**audit.created(number=nc.number, source=source, severity=nc.severity,
                                 lot_id=nc.lot_id, quantity=quantity, serials=numbers or None,
                                 shipment_id=shipment_id, customer_id=customer_id,
                                 supplier_id=nc.supplier_id, inspection_id=inspection_id),
                 "status": (None, NonconformanceStatus.OPEN)},
    )
    await _announce(session, nc)
    return nc


async def add_note(
    session: AsyncSession, *, actor: Actor, nonconformance_id: int | None, text: str
) -> Nonconformance:
    nc = await lookup.get(session, Nonconformance, nonconformance_id,
                          field=("input", "nonconformanceId"), lock=True)
    text = text_of(text, ("input", "text"), "a note")
    note = NonconformanceNote(nonconformance_id=nc.id, text=text, author_id=actor.user_id)
    session.add(note)
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.NONCONFORMANCE_NOTED,
                       entity_type="Nonconformance", entity_id=nc.id,
                       changes=audit.created(note=text))
    return nc


async def _holds(session: AsyncSession, nc: Nonconformance) -> list[QualityHold]:
    return list(await session.scalars(
        select(QualityHold).where(QualityHold.nonconformance_id == nc.id,
                                  QualityHold.status == QualityHoldStatus.ACTIVE)
        .order_by(QualityHold.id).with_for_update()
    ))


async def decide(
    session: AsyncSession, *, actor: Actor, nonconformance_id: int | None, root_cause: str,
    disposition: NonconformanceDisposition, password: str, meaning: str,
    comment: str | None = None,
) -> Nonconformance:
    nc = await lookup.get(session, Nonconformance, nonconformance_id,
                          field=("input", "nonconformanceId"), lock=True)
    root_cause = text_of(root_cause, ("input", "rootCause"), "a root cause")
    if nc.status != NonconformanceStatus.OPEN:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Nonconformance {nc.number} is {nc.status.value}.",
                                 ("input", "nonconformanceId"))
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="nonconformance", record_id=nc.id,
        record={"id": nc.id, "number": nc.number, "root_cause": root_cause,
                "disposition": disposition.value},
    )
    nc.root_cause, nc.disposition = root_cause, disposition
    nc.disposition_comment = (comment or "").strip() or None
    nc.disposition_signature_id = signature.id
    nc.status = NonconformanceStatus.DISPOSITIONED
    moved = 0
    if disposition in MOVES:
        moved = await carry_out.dispose(session, await _holds(session, nc),
                                        kind=MOVES[disposition], actor=actor,
                                        reference=nc.number)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.NONCONFORMANCE_DECIDED,
        entity_type="Nonconformance", entity_id=nc.id, reason=root_cause,
        changes={"status": (NonconformanceStatus.OPEN, NonconformanceStatus.DISPOSITIONED),
                 "root_cause": (None, root_cause), "disposition": (None, disposition),
                 **audit.created(signature_id=signature.id, units_moved=moved)},
    )
    await _announce(session, nc)
    return nc


async def close(
    session: AsyncSession, *, actor: Actor, nonconformance_id: int | None, password: str,
    meaning: str, comment: str | None = None,
) -> Nonconformance:
    nc = await lookup.get(session, Nonconformance, nonconformance_id,
                          field=("input", "nonconformanceId"), lock=True)
    if nc.status != NonconformanceStatus.DISPOSITIONED:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Nonconformance {nc.number} is {nc.status.value}; only a decided one is closed.",
            ("input", "nonconformanceId"),
        )
    if nc.disposition == NonconformanceDisposition.REWORK and nc.lot_id is not None:
        passed = await session.scalar(
            select(Inspection.id).where(Inspection.lot_id == nc.lot_id,
                                        Inspection.result == InspectionResult.PASS,
                                        Inspection.inspected_at > nc.opened_at).limit(1)
        )
        if passed is None:
            raise DomainError.single(
                ErrorCode.INSPECTION_REQUIRED,
                f"Reworked units need a passed inspection after {nc.number} was opened.",
                ("input", "nonconformanceId"),
            )
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="nonconformance", record_id=nc.id,
        record={"id": nc.id, "number": nc.number, "status": NonconformanceStatus.CLOSED.value},
    )
    nc.status, nc.closed_at = NonconformanceStatus.CLOSED, datetime.now(UTC)
    nc.closure_signature_id = signature.id
    await session.flush()
    await end_holds(session, await _holds(session, nc), actor=actor, signature_id=signature.id,
                    reason=f"{nc.number} closed")
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.NONCONFORMANCE_CLOSED,
        entity_type="Nonconformance", entity_id=nc.id, reason=(comment or "").strip() or None,
        changes={"status": (NonconformanceStatus.DISPOSITIONED, NonconformanceStatus.CLOSED),
                 **audit.created(signature_id=signature.id)},
    )
    await _announce(session, nc)
    return nc


async def accepted_failure(session: AsyncSession, inspection_id: int) -> bool:
    """A FAIL whose nonconformance closed USE_AS_IS or RELEASE counts as accepted."""
    return bool(await session.scalar(
        select(Nonconformance.id).where(
            Nonconformance.inspection_id == inspection_id,
            Nonconformance.status == NonconformanceStatus.CLOSED,
            Nonconformance.disposition.in_(ACCEPTING),
        ).limit(1)
    ))


async def _announce(session: AsyncSession, nc: Nonconformance) -> None:
    await outbox.emit(session, topic=NC_CHANGED, aggregate_type="Nonconformance",
                      aggregate_id=nc.id,
                      payload={"nonconformance_id": nc.id, "status": nc.status.value})
