"""Recalls: root lots and every lot made from them are pulled, their reservations dropped, and
every customer who received affected units gets a notice to acknowledge."""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    Lot,
    Recall,
    RecallLot,
    RecallNotice,
    RecallShipment,
    SalesOrder,
    SalesOrderLine,
    Serial,
    Shipment,
    ShipmentLine,
)
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.inventory import stock
from backend.domain.inventory.lot_status import change_lot_status
from backend.domain.numbering import next_number
from backend.domain.quality import field_safety
from backend.domain.quality.recall_closure import due_at
from backend.domain.quality.trace import trace_ids
from backend.domain.sales.order_status import change_status
from backend.domain.trust import audit, outbox, signatures
from backend.enums import (
    AuditAction,
    LotStatus,
    OrderStatus,
    RecallClass,
    RecallResponseChannel,
    SerialStatus,
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

    recall = Recall(number=await next_number(session, "RC"), reason=reason,
                    recall_class=recall_class, initiated_by_id=actor.user_id)
    session.add(recall)
    await session.flush()
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="recall", record_id=recall.id,
        record={"id": recall.id, "number": recall.number, "reason": reason,
                "recall_class": recall_class.value, "lot_ids": sorted(roots)},
    )
    recall.signature_id = signature.id
    session.add_all(RecallLot(recall_id=recall.id, lot_id=pk, is_root=pk in roots)
                    for pk in sorted(affected))
    await session.flush()

    lots = list(await session.scalars(
        select(Lot).where(Lot.id.in_(affected)).order_by(Lot.id).with_for_update()
    ))
    for lot in lots:
        if lot.status != LotStatus.RECALLED:
            await change_lot_status(session, lot, LotStatus.RECALLED, actor=actor,
                                    action=AuditAction.LOT_RECALLED, reason=reason,
                                    changes=audit.created(recall_id=recall.id))
    orders = await _drop_reservations(session, affected, actor, recall.number)
    customers = await _list_shipments(session, recall, affected)
    await session.refresh(recall, ["initiated_at"])
    due = due_at(recall.initiated_at, recall_class, acknowledgement_due_days)
    session.add_all(RecallNotice(recall_id=recall.id, customer_id=customer,
                                 notified_at=recall.initiated_at, due_at=due)
                    for customer in customers)
    await session.flush()
    await field_safety.issue_notices(session, recall, actor=actor)
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


async def _drop_reservations(
    session: AsyncSession, lot_ids: set[int], actor: Actor, recall_number: str
) -> list[int]:
    """Release every open reservation of the lots; the orders fall back to be allocated again."""
    rows = (await session.execute(
        select(Allocation, SalesOrder)
        .join(SalesOrderLine, SalesOrderLine.id == Allocation.order_line_id)
        .join(SalesOrder, SalesOrder.id == SalesOrderLine.order_id)
        .where(Allocation.lot_id.in_(lot_ids))
        .order_by(Allocation.warehouse_id, Allocation.lot_id, Allocation.id)
        .with_for_update(of=Allocation)
    )).all()
    orders: dict[int, SalesOrder] = {}
    for allocation, order in rows:
        await stock.unreserve(session, warehouse_id=allocation.warehouse_id,
                              lot_id=allocation.lot_id, quantity=allocation.quantity)
        for serial in await session.scalars(
            select(Serial).where(Serial.allocation_id == allocation.id)
        ):
            serial.status, serial.allocation_id = SerialStatus.IN_STOCK, None
        await session.flush()
        await session.delete(allocation)
        orders[order.id] = order
    await session.flush()
    for order in sorted(orders.values(), key=lambda o: o.id):
        order.needs_reallocation = True
        if order.status == OrderStatus.ALLOCATED:
            await change_status(session, order, OrderStatus.APPROVED, actor=actor,
                                reason=f"Recall {recall_number} released its reserved stock")
    await session.flush()
    return sorted(orders)


async def _list_shipments(session: AsyncSession, recall: Recall, lot_ids: set[int]) -> list[int]:
    """Record the shipments that carried affected lots; the customers who received them."""
    rows = (await session.execute(
        select(Shipment.id, Shipment.customer_id, Shipment.status).distinct()
        .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .where(ShipmentLine.lot_id.in_(lot_ids), Shipment.status != ShipmentStatus.CANCELLED)
        .order_by(Shipment.id)
    )).all()
    session.add_all(RecallShipment(recall_id=recall.id, shipment_id=row.id) for row in rows)
    await session.flush()
    return sorted({row.customer_id for row in rows if row.status in RECEIVED})


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
