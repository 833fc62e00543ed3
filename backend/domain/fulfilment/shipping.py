"""Shipping allocated stock and confirming deliveries (picking itself: shipment_picks.py)."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Allocation, Customer, Invoice, Product, Shipment, TransitLane
from backend.domain import access, numbering
from backend.domain.actor import Actor
from backend.domain.customfields.values import ValueInput, apply_values
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import valuation
from backend.domain.fulfilment.shipment_picks import (
    ShipLine,
    check_lots,
    pick_everything,
    pick_lines,
    ship_pick,
    warehouse_to_ship,
)
from backend.domain.policies import shelf_life
from backend.domain.sales import licences
from backend.domain.sales.order_lookup import order_for_update, order_lines
from backend.domain.sales.order_status import change_status
from backend.domain.standards import sscc
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    CustomFieldEntity,
    InvoiceStatus,
    OrderStatus,
    ShipmentStatus,
)

__all__ = ["SHIPPABLE", "ShipLine", "confirm_delivery", "create_shipment"]

SHIPPABLE = (OrderStatus.ALLOCATED, OrderStatus.PARTIALLY_SHIPPED)
# Clocks differ a little between a carrier's scanner and ours.
CLOCK_SKEW = timedelta(minutes=5)


async def create_shipment(
    session: AsyncSession,
    *,
    actor: Actor,
    order_id: int,
    warehouse_id: int | None = None,
    carrier: str | None = None,
    tracking_number: str | None = None,
    lines: Sequence[ShipLine] | None = None,
    carton_count: int | None = None,
    custom_fields: Sequence[ValueInput] | None = None,
) -> Shipment:
    """Ship allocated stock of one warehouse: everything allocated there, or the given lines;
    the shipment gets its custom field values (required ones must be given)."""
    cartons = sscc.check_carton_count(carton_count)
    order = await order_for_update(session, order_id, actor=actor, field=("input", "orderId"))
    if order.status not in SHIPPABLE:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status}; only allocated orders ship.",
            ("input", "orderId"),
        )
    by_line = {line.id: line for line in await order_lines(session, order.id)}
    allocations = list(
        await session.scalars(
            select(Allocation)
            .where(Allocation.order_line_id.in_(by_line))
            .order_by(Allocation.warehouse_id, Allocation.lot_id, Allocation.id)
            .with_for_update()
        )
    )
    warehouse_id = warehouse_to_ship(allocations, warehouse_id, lines)
    here = [a for a in allocations if a.warehouse_id == warehouse_id]
    products = {
        p.id: p
        for p in await session.scalars(
            select(Product).where(Product.id.in_({line.product_id for line in by_line.values()}))
        )
    }
    if lines is None:
        picks = await pick_everything(session, here, by_line)
    else:
        picks = await pick_lines(session, lines, here, by_line, products, warehouse_id)
    customer = await session.get_one(Customer, order.customer_id)
    needed = await shelf_life.requirements(
        session, customer, [products[pk] for pk in {p.line.product_id for p in picks}])
    await check_lots(session, picks, {pk: r.days for pk, r in needed.items()})

    # Licences are checked again when goods leave.
    await licences.ensure_qualified(
        session, customer,
        sorted({(p.line.line_number - 1, p.line.product_id) for p in picks}),
        path=("input", "lines"),
    )
    lane_carrier = await session.scalar(
        select(TransitLane.carrier).where(
            TransitLane.warehouse_id == warehouse_id, TransitLane.region == customer.region
        )
    )
    now = datetime.now(UTC)
    shipment = Shipment(
        number=await numbering.next_number(session, "SH"),
        order_id=order.id,
        customer_id=order.customer_id,
        warehouse_id=warehouse_id,
        status=ShipmentStatus.SHIPPED,
        carrier=carrier or lane_carrier,
        tracking_number=tracking_number,
        created_by_id=actor.user_id,
        shipped_at=now,
    )
    session.add(shipment)
    await session.flush()
    packed = await sscc.add_cartons(session, shipment_id=shipment.id, warehouse_id=warehouse_id,
                           count=cartons)
    # Cost of sales at lot cost: one entry for the whole shipment.
    async with valuation.batch(session, memo=f"Cost of goods sold {shipment.number}",
                               reference=shipment.number, actor_id=actor.user_id):
        for pick in picks:
            await ship_pick(session, shipment, pick, products[pick.line.product_id], actor=actor)
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.SHIPMENT_CREATED,
        entity_type="Shipment",
        entity_id=shipment.id,
        changes=audit.created(
            number=shipment.number,
            order_id=order.id,
            lines=[[p.line.id, p.lot_id, p.quantity] for p in picks],
            serials=[s.serial_number for p in picks for s in p.serials],
            ssccs=[c.sscc for c in packed],
        ),
    )
    await apply_values(session, actor, CustomFieldEntity.SHIPMENT, shipment.id, custom_fields,
                       ("input", "customFields"))
    done = all(line.shipped_quantity >= line.quantity for line in by_line.values())
    await change_status(
        session, order, OrderStatus.SHIPPED if done else OrderStatus.PARTIALLY_SHIPPED, actor=actor
    )
    return shipment


async def confirm_delivery(
    session: AsyncSession, *, actor: Actor, shipment_id: int, delivered_at: datetime | None = None
) -> Shipment:
    """SHIPPED -> DELIVERED at the given time; the order is DELIVERED with its last shipment."""
    shipment = await session.scalar(
        select(Shipment).where(Shipment.id == shipment_id).with_for_update()
    )
    access.ensure_owner(actor, shipment, "shipment", ("shipmentId",))
    assert shipment is not None
    if shipment.status != ShipmentStatus.SHIPPED:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Shipment {shipment.number} is {shipment.status}; only a shipped one is delivered.",
            ("shipmentId",),
        )
    now = datetime.now(UTC)
    delivered_at = delivered_at or now
    if delivered_at.tzinfo is None:
        raise DomainError.single(
            ErrorCode.INVALID, "Give the delivery time with a time zone.", ("deliveredAt",)
        )
    if delivered_at > now + CLOCK_SKEW or (
        shipment.shipped_at and delivered_at < shipment.shipped_at
    ):
        raise DomainError.single(
            ErrorCode.INVALID, "The delivery time lies between shipping and now.", ("deliveredAt",)
        )
    shipment.status, shipment.delivered_at = ShipmentStatus.DELIVERED, delivered_at
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.SHIPMENT_DELIVERED,
        entity_type="Shipment",
        entity_id=shipment.id,
        changes={
            "status": (ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED),
            "delivered_at": (None, delivered_at),
        },
    )
    order = await order_for_update(session, shipment.order_id, actor=actor)
    undelivered = await session.scalar(
        select(func.count()).where(
            Shipment.order_id == order.id, Shipment.status == ShipmentStatus.SHIPPED
        )
    )
    if order.status == OrderStatus.SHIPPED and not undelivered:
        await change_status(session, order, OrderStatus.DELIVERED, actor=actor)
        invoiced = await session.scalar(
            select(func.count()).where(
                Invoice.order_id == order.id, Invoice.status != InvoiceStatus.VOID
            )
        )
        if invoiced:  # invoiced on shipment, as the invoicing policy may allow
            await change_status(session, order, OrderStatus.INVOICED, actor=actor)
    return shipment
