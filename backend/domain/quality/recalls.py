"""Recalls: root lots and every lot made from them are pulled, their reservations dropped, and
every customer who received affected units gets a notice to acknowledge."""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    Lot,
    Recall,
    RecallLot,
    RecallNotice,
    RecallShipment,
    Shipment,
    ShipmentLine,
)
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.inventory.lot_status import change_lots_status
from backend.domain.numbering import next_number
from backend.domain.quality import field_safety
from backend.domain.quality.recall_closure import due_at
from backend.domain.quality.trace import trace_ids
from backend.domain.sales import reallocation
from backend.domain.trust import audit, outbox, signatures
from backend.enums import (
    AllocationIssueReason,
    AuditAction,
    LotStatus,
    RecallClass,
    RecallResponseChannel,
    ShipmentStatus,
    TraceDirection,
)

MAX_ROOT_LOTS = 100
MAX_REASON = 2000
# Shipments whose units have left our hands: their customers are notified.
RECEIVED = (ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED)


async def initiate_recall(
    session: AsyncSession,
    *,
    actor: Actor,
    lot_ids: Sequence[int | None],
    reason: str,
    recall_class: RecallClass,
    password: str,
    meaning: str,
    acknowledgement_due_days: int | None = None,
) -> Recall:
    if acknowledgement_due_days is not None and not 0 <= acknowledgement_due_days <= 365:
        raise DomainError.single(ErrorCode.INVALID, "Give 0 to 365 days to acknowledge.",
                                 ("input", "acknowledgementDueDays"))
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise DomainError.single(
            ErrorCode.INVALID, f"Give a reason of 1 to {MAX_REASON} characters.",
            ("input", "reason"),
        )
    if not 1 <= len(lot_ids) <= MAX_ROOT_LOTS:
        raise DomainError.single(
            ErrorCode.INVALID, f"A recall names 1 to {MAX_ROOT_LOTS} lots.", ("input", "lotIds")
        )
    roots: dict[int, Lot] = {}
    for index, lot_id in enumerate(lot_ids):
        lot = await lookup.get(session, Lot, lot_id, field=("input", "lotIds", str(index)))
        roots[lot.id] = lot
    affected: set[int] = set()
    for root in roots:
        affected |= set((await trace_ids(session, lot_id=root,
                                         direction=TraceDirection.FORWARD)).lot_ids)

    # Argon2 runs while the recall is worked out; nothing commits before it has passed.
    check = await signatures.PasswordCheck.start(session, signer_id=actor.user_id or 0,
                                                 password=password)
    try:
        return await _recall(session, actor=actor, roots=roots, affected=affected,
                             reason=reason, recall_class=recall_class, meaning=meaning,
                             password=password, check=check,
                             acknowledgement_due_days=acknowledgement_due_days)
    finally:
        check.cancel()  # a no-op once it has passed; else the failed recall waits for nothing


async def _recall(
    session: AsyncSession,
    *,
    actor: Actor,
    roots: dict[int, Lot],
    affected: set[int],
    reason: str,
    recall_class: RecallClass,
    meaning: str,
    password: str,
    check: signatures.PasswordCheck,
    acknowledgement_due_days: int | None,
) -> Recall:
    recall = Recall(number=await next_number(session, "RC"), reason=reason,
                    recall_class=recall_class, initiated_by_id=actor.user_id)
    session.add(recall)
    await session.flush()
    await session.execute(insert(RecallLot), [
        {"recall_id": recall.id, "lot_id": pk, "is_root": pk in roots} for pk in sorted(affected)
    ])

    lots = list(await session.scalars(
        select(Lot).where(Lot.id.in_(affected)).order_by(Lot.id).with_for_update()
    ))
    await change_lots_status(session, [lot for lot in lots if lot.status != LotStatus.RECALLED],
                             LotStatus.RECALLED, actor=actor, action=AuditAction.LOT_RECALLED,
                             reason=reason, changes=audit.created(recall_id=recall.id))
    orders = await _drop_reservations(session, affected, actor)
    customers = await _list_shipments(session, recall, affected)
    await session.refresh(recall, ["initiated_at"])
    due = due_at(recall.initiated_at, recall_class, acknowledgement_due_days)
    session.add_all(RecallNotice(recall_id=recall.id, customer_id=customer,
                                 notified_at=recall.initiated_at, due_at=due)
                    for customer in customers)
    await session.flush()
    await field_safety.issue_notices(session, recall, actor=actor)
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="recall", record_id=recall.id,
        record={"id": recall.id, "number": recall.number, "reason": reason,
                "recall_class": recall_class.value, "lot_ids": sorted(roots)},
        check=check,
    )
    recall.signature_id = signature.id
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.RECALL_INITIATED,
        entity_type="Recall", entity_id=recall.id, reason=reason,
        changes=audit.created(root_lot_ids=sorted(roots), lot_ids=sorted(affected),
                              customer_ids=customers, reallocate_order_ids=orders,
                              signature_id=signature.id),
    )
    await outbox.emit(
        session, topic=outbox.RECALL_INITIATED, aggregate_type="Recall", aggregate_id=recall.id,
        payload={"recall_id": recall.id, "number": recall.number, "class": recall_class.value},
    )
    return recall


async def _drop_reservations(session: AsyncSession, lot_ids: set[int], actor: Actor) -> list[int]:
    """Take every reservation of the (now RECALLED) lots and re-reserve at once from other
    released stock, as a hold does: each order gets a LOT_RECALLED allocation issue and
    `needs_reallocation` while short. The order ids."""
    allocations = list(await session.scalars(
        select(Allocation).where(Allocation.lot_id.in_(lot_ids))
        .order_by(Allocation.id.desc()).with_for_update()
    ))
    taken = await reallocation.give_back(session, allocations)
    return await reallocation.reallocate(session, taken, reason=AllocationIssueReason.LOT_RECALLED,
                                         actor=actor)


async def _list_shipments(session: AsyncSession, recall: Recall, lot_ids: set[int]) -> list[int]:
    """Record the shipments that carried affected lots (one INSERT ... SELECT); the customers
    who received them."""
    carried = (select(Shipment.id).join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
               .where(ShipmentLine.lot_id.in_(lot_ids),
                      Shipment.status != ShipmentStatus.CANCELLED).distinct())
    await session.execute(
        insert(RecallShipment).from_select(
            ["recall_id", "shipment_id"],
            select(literal(recall.id), carried.subquery().c.id),
        )
    )
    return list(await session.scalars(
        select(Shipment.customer_id).distinct()
        .join(RecallShipment, RecallShipment.shipment_id == Shipment.id)
        .where(RecallShipment.recall_id == recall.id, Shipment.status.in_(RECEIVED))
        .order_by(Shipment.customer_id)
    ))


async def acknowledge_recall(
    session: AsyncSession, *, actor: Actor, recall_id: int | None, customer_id: int | None
) -> Recall:
    """Close the notice of a customer: a partner its own, staff on a named customer's behalf."""
    if actor.is_partner:
        customer_id = actor.customer_id
    elif customer_id is None:
        raise DomainError.single(
            ErrorCode.INVALID, "Name the customer whose acknowledgement you record.",
            ("customerId",),
        )
    recall = await lookup.get(session, Recall, recall_id, field=("recallId",))
    notice = await session.scalar(
        select(RecallNotice)
        .where(RecallNotice.recall_id == recall.id, RecallNotice.customer_id == customer_id)
        .with_for_update()
    )
    if notice is None:
        # A partner learns nothing of recalls that did not notify it.
        if actor.is_partner:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such recall.", ("recallId",))
        raise DomainError.single(ErrorCode.NOT_FOUND,
                                 f"Recall {recall.number} sent that customer no notice.",
                                 ("customerId",))
    if notice.acknowledged_at is not None:
        return recall  # the first acknowledgement stands
    notice.acknowledged_at = datetime.now(UTC)
    notice.acknowledged_by_id = actor.user_id
    if actor.is_partner:
        notice.acknowledgement_channel = RecallResponseChannel.PORTAL
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.RECALL_ACKNOWLEDGED,
        entity_type="Recall", entity_id=recall.id,
        changes=audit.created(customer_id=customer_id, acknowledged_at=notice.acknowledged_at),
    )
    return recall
