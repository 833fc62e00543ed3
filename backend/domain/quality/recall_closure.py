"""Recall containment and closure: per customer and lot, every shipped unit accounted for
(returned, destroyed, used, confirmed on hand); acknowledgements by channel; closure by QA
(e-signed) once reconciled, or with a justification."""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.models import (
    CustomerReturn,
    CustomerReturnLine,
    Recall,
    RecallLot,
    RecallNotice,
    RecallReconciliation,
    RecallShipment,
    Serial,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
)
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.trust import audit, outbox, signatures
from backend.enums import (
    AuditAction,
    RecallClass,
    RecallResponseChannel,
    RecallStatus,
    SerialStatus,
    ShipmentStatus,
)

RECALL_CLOSED = "recall.closed"
# Days a customer has to acknowledge, by recall class, unless the initiator says otherwise.
DEFAULT_DUE_DAYS = {RecallClass.I: 1, RecallClass.II: 3, RecallClass.III: 7}
RECEIVED = (ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED)


@dataclass
class Line:
    customer_id: int
    lot_id: int
    shipped: int = 0
    returned: int = 0
    destroyed: int = 0
    used: int = 0
    confirmed_on_hand: int = 0
    unreturned_serial_ids: list[int] = field(default_factory=list)

    @property
    def outstanding(self) -> int:
        return max(self.shipped - self.returned - self.destroyed - self.used
                   - self.confirmed_on_hand, 0)


def due_at(notified_at: datetime, recall_class: RecallClass, days: int | None) -> datetime:
    return notified_at + timedelta(days=DEFAULT_DUE_DAYS[recall_class] if days is None else days)


# Runs one statement and returns its rows: a session's, or a request's connection.
Rows = Callable[[Any], Awaitable[Sequence[Any]]]


def rows_of(db: AsyncSession | AsyncConnection) -> Rows:
    async def run(stmt: Any) -> Sequence[Any]:
        return (await db.execute(stmt)).all()

    return run


async def reconciliation(
    rows: Rows, recall_ids: list[int], customer_id: int | None = None
) -> dict[int, list[Line]]:
    """Per recall: a line per customer and affected lot it shipped (one customer's only)."""
    shipped_q = (
        select(RecallShipment.recall_id, Shipment.customer_id, ShipmentLine.lot_id,
               func.sum(ShipmentLine.quantity).label("n"))
        .join(Shipment, Shipment.id == RecallShipment.shipment_id)
        .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .join(RecallLot, (RecallLot.recall_id == RecallShipment.recall_id)
              & (RecallLot.lot_id == ShipmentLine.lot_id))
        .where(RecallShipment.recall_id.in_(recall_ids), Shipment.status.in_(RECEIVED))
        .group_by(RecallShipment.recall_id, Shipment.customer_id, ShipmentLine.lot_id)
    )
    if customer_id is not None:
        shipped_q = shipped_q.where(Shipment.customer_id == customer_id)
    lines: dict[tuple[int, int, int], Line] = {}
    for r in await rows(shipped_q):
        lines[(r.recall_id, r.customer_id, r.lot_id)] = Line(r.customer_id, r.lot_id, int(r.n))
    if not lines:
        return {}
    returned_q = (
        select(Recall.id.label("recall_id"), CustomerReturn.customer_id, CustomerReturnLine.lot_id,
               func.sum(CustomerReturnLine.quantity).label("n"))
        .join(CustomerReturnLine, CustomerReturnLine.return_id == CustomerReturn.id)
        .join(RecallLot, RecallLot.lot_id == CustomerReturnLine.lot_id)
        .join(Recall, Recall.id == RecallLot.recall_id)
        .where(Recall.id.in_(recall_ids), CustomerReturn.created_at >= Recall.initiated_at)
        .group_by(Recall.id, CustomerReturn.customer_id, CustomerReturnLine.lot_id)
    )
    for r in await rows(returned_q):
        if (line := lines.get((r.recall_id, r.customer_id, r.lot_id))) is not None:
            line.returned = int(r.n)
    reconciled = RecallReconciliation.__table__
    for rec in await rows(select(reconciled).where(
        reconciled.c.recall_id.in_(recall_ids)
    )):
        if (line := lines.get((rec.recall_id, rec.customer_id, rec.lot_id))) is not None:
            line.destroyed, line.used = rec.destroyed, rec.used
            line.confirmed_on_hand = rec.confirmed_on_hand
    serials_q = (
        select(RecallShipment.recall_id, Shipment.customer_id, Serial.lot_id, Serial.id)
        .join(Shipment, Shipment.id == RecallShipment.shipment_id)
        .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .join(ShipmentLineSerial, ShipmentLineSerial.shipment_line_id == ShipmentLine.id)
        .join(Serial, Serial.id == ShipmentLineSerial.serial_id)
        .where(RecallShipment.recall_id.in_(recall_ids), Serial.status == SerialStatus.SHIPPED)
        .order_by(Serial.serial_number)
    )
    for r in await rows(serials_q):
        if (line := lines.get((r.recall_id, r.customer_id, r.lot_id))) is not None:
            line.unreturned_serial_ids.append(r.id)
    grouped: dict[int, list[Line]] = defaultdict(list)
    for (recall_id, _, _), line in sorted(lines.items()):
        grouped[recall_id].append(line)
    return dict(grouped)


async def _notice(
    session: AsyncSession, recall: Recall, customer_id: int | None, *, partner: bool
) -> RecallNotice:
    notice = None if customer_id is None else await session.scalar(
        select(RecallNotice).where(RecallNotice.recall_id == recall.id,
                                   RecallNotice.customer_id == customer_id).with_for_update()
    )
    if notice is None:
        if partner:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such recall.",
                                     ("input", "recallId"))
        raise DomainError.single(ErrorCode.NOT_FOUND,
                                 f"Recall {recall.number} sent that customer no notice.",
                                 ("input", "customerId"))
    return notice


async def record_acknowledgement(
    session: AsyncSession, *, actor: Actor, recall_id: int | None, customer_id: int | None,
    channel: RecallResponseChannel, contact_name: str | None,
    received_at: datetime | None = None, note: str | None = None,
) -> Recall:
    """Staff record how a customer acknowledged; a partner's own is PORTAL."""
    recall = await lookup.get(session, Recall, recall_id, field=("input", "recallId"))
    if actor.is_partner:
        customer_id, channel = actor.customer_id, RecallResponseChannel.PORTAL
    elif not (contact_name or "").strip():
        raise DomainError.single(ErrorCode.INVALID, "Name who acknowledged.",
                                 ("input", "contactName"))
    notice = await _notice(session, recall, customer_id, partner=actor.is_partner)
    if notice.acknowledged_at is not None:
        return recall  # the first acknowledgement stands
    when = received_at or datetime.now(UTC)
    if when.tzinfo is None:
        raise DomainError.single(ErrorCode.INVALID, "Give the time with its zone.",
                                 ("input", "receivedAt"))
    notice.acknowledged_at, notice.acknowledged_by_id = when, actor.user_id
    notice.acknowledgement_channel = channel
    notice.acknowledged_by_contact = (contact_name or "").strip() or None
    notice.acknowledgement_note = (note or "").strip() or None
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.RECALL_ACKNOWLEDGED,
        entity_type="Recall", entity_id=recall.id,
        changes={"acknowledged_at": (None, when), "channel": (None, channel),
                 **audit.created(customer_id=customer_id, contact=notice.acknowledged_by_contact)},
    )
    return recall


async def record_reconciliation(
    session: AsyncSession, *, actor: Actor, recall_id: int | None, customer_id: int | None,
    lot_id: int | None, destroyed: int | None = None, used: int | None = None,
    confirmed_on_hand: int | None = None, evidence: str | None = None,
) -> Recall:
    recall = await lookup.get(session, Recall, recall_id, field=("input", "recallId"))
    if actor.is_partner:
        customer_id = actor.customer_id
    notice = await _notice(session, recall, customer_id, partner=actor.is_partner)
    for value, name in ((destroyed, "destroyed"), (used, "used"),
                        (confirmed_on_hand, "confirmedOnHand")):
        if value is not None and value < 0:
            raise DomainError.single(ErrorCode.INVALID, "Figures are not negative.",
                                     ("input", name))
    lines = (await reconciliation(rows_of(session), [recall.id], notice.customer_id)).get(
        recall.id, [])
    line = next((x for x in lines if x.lot_id == lot_id), None)
    if line is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "That lot of the recall was not shipped "
                                 "to this customer.", ("input", "lotId"))
    row = await session.get(RecallReconciliation, (recall.id, notice.customer_id, line.lot_id),
                            with_for_update=True)
    before = None if row is None else (row.destroyed, row.used, row.confirmed_on_hand)
    after = (
        destroyed if destroyed is not None else (row.destroyed if row else 0),
        used if used is not None else (row.used if row else 0),
        confirmed_on_hand if confirmed_on_hand is not None else (row.confirmed_on_hand
                                                                 if row else 0),
    )
    if line.returned + sum(after) > line.shipped:
        raise DomainError.single(
            ErrorCode.INVALID,
            f"{line.shipped} units were shipped and {line.returned} returned: the figures "
            f"({sum(after)}) account for more.", ("input",),
        )
    if row is None:
        row = RecallReconciliation(recall_id=recall.id, customer_id=notice.customer_id,
                                   lot_id=line.lot_id)
        session.add(row)
    row.destroyed, row.used, row.confirmed_on_hand = after
    row.evidence = (evidence or "").strip() or (row.evidence if row else None)
    row.updated_by_id, row.updated_at = actor.user_id or 0, datetime.now(UTC)
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.RECALL_RECONCILED,
                       entity_type="Recall", entity_id=recall.id,
                       changes={"figures": (before, after),
                                **audit.created(customer_id=notice.customer_id,
                                                lot_id=line.lot_id)})
    return recall


async def is_reconciled(rows: Rows, recall_id: int) -> bool:
    [(unacknowledged,)] = await rows(
        select(func.count()).select_from(RecallNotice)
        .where(RecallNotice.recall_id == recall_id, RecallNotice.acknowledged_at.is_(None))
    )
    lines = (await reconciliation(rows, [recall_id])).get(recall_id, [])
    return not unacknowledged and all(line.outstanding == 0 for line in lines)


async def close_recall(
    session: AsyncSession, *, actor: Actor, recall_id: int | None, password: str, meaning: str,
    justification: str | None = None,
) -> Recall:
    recall = await lookup.get(session, Recall, recall_id, field=("input", "recallId"), lock=True)
    if recall.status == RecallStatus.CLOSED:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Recall {recall.number} is closed already.",
                                 ("input", "recallId"))
    if justification is not None:
        justification = justification.strip()
        if not justification:
            # Blank is bad input whatever the recall's state; leaving it out is the choice.
            raise DomainError.single(ErrorCode.INVALID, "Give a justification, or none.",
                                     ("input", "justification"))
    reconciled = await is_reconciled(rows_of(session), recall.id)
    if not reconciled and justification is None:
        raise DomainError.single(
            ErrorCode.RECALL_NOT_RECONCILED,
            f"Recall {recall.number} has unacknowledged notices or units unaccounted for; "
            "give a justification to close it anyway.", ("input", "justification"),
        )
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="recall", record_id=recall.id,
        record={"id": recall.id, "number": recall.number, "status": RecallStatus.CLOSED.value,
                "justification": justification},
    )
    recall.status, recall.closed_at = RecallStatus.CLOSED, datetime.now(UTC)
    recall.closed_by_id, recall.closure_signature_id = actor.user_id, signature.id
    recall.closure_justification = justification
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.RECALL_CLOSED,
                       entity_type="Recall", entity_id=recall.id, reason=justification,
                       changes={"status": (RecallStatus.OPEN, RecallStatus.CLOSED),
                                **audit.created(reconciled=reconciled,
                                                signature_id=signature.id)})
    await outbox.emit(session, topic=RECALL_CLOSED, aggregate_type="Recall",
                      aggregate_id=recall.id,
                      payload={"recall_id": recall.id, "number": recall.number})
    return recall


def overdue(
    acknowledged_at: datetime | None, due: datetime | None, now: datetime | None = None
) -> bool:
    now = now or datetime.now(UTC)
    return acknowledged_at is None and due is not None and due < now
