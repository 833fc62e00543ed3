"""Reserving released stock for an order: nearest warehouse first, FEFO inside, backorders.

Concurrency: the candidate balance rows are locked with SELECT ... FOR UPDATE, always
in (warehouse_id, lot_id) order, before the plan is made. Row locks rather than
SERIALIZABLE: an allocation reads many candidate rows but writes few, and under
SERIALIZABLE every concurrent allocation of a popular product would abort and retry
(50 at once mostly fail and retry in waves). With locks they queue on the rows they
need; under READ COMMITTED a waiter re-reads the committed row once the lock is free
(rows whose stock is gone drop out of the WHERE), so each plan is made on current
stock and can never oversell. The fixed lock order means two allocations cannot
deadlock; the CHECK constraints on stock_balances remain the last line of defence.
"""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Allocation,
    Customer,
    Product,
    ReplenishmentRequest,
    SalesOrder,
    SalesOrderLine,
    Serial,
    TransitLane,
    Warehouse,
)
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.inventory import held, stock
from backend.domain.policies import shelf_life
from backend.domain.rules import fefo, geo
from backend.domain.sales.order_lookup import order_for_update, order_lines
from backend.domain.sales.order_status import change_status
from backend.domain.trust import audit
from backend.enums import AuditAction, OrderStatus, ReplenishmentStatus, SerialStatus, TrackingMode

# Days between allocation and the goods leaving the warehouse.
HANDLING_DAYS = 1
ALLOCATABLE = (OrderStatus.APPROVED, OrderStatus.ALLOCATED, OrderStatus.PARTIALLY_SHIPPED)

LOCK_CANDIDATES = text(
    """
    SELECT b.warehouse_id, b.lot_id, b.product_id, b.on_hand - b.reserved - b.held AS available,
           l.expires_on
    FROM stock_balances b JOIN lots l ON l.id = b.lot_id
    JOIN unnest(CAST(:product_ids AS bigint[]), CAST(:cutoffs AS date[])) AS c(product_id, cutoff)
      ON c.product_id = b.product_id
    WHERE l.status = 'RELEASED' AND (l.expires_on IS NULL OR l.expires_on >= c.cutoff)
      AND b.on_hand > b.reserved + b.held
    ORDER BY b.warehouse_id, b.lot_id
    FOR UPDATE OF b
    """
)


async def allocate_sales_order(
    session: AsyncSession, *, actor: Actor, order_id: int, backorder: bool = False
) -> SalesOrder:
    """Reserve stock for every unfilled line.

    Without `backorder` it is all or nothing: a line that cannot be filled refuses the
    whole request with INSUFFICIENT_STOCK. With it, what there is gets reserved, and
    each short line is backordered with a replenishment request.
    """
    order = await order_for_update(session, order_id, actor=actor)
    if order.status not in ALLOCATABLE:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status}; only approved orders are allocated.",
            ("orderId",),
        )
    lines = await order_lines(session, order.id)
    open_quantity = await _unallocated(session, lines)
    demands = [
        fefo.Demand(line.id, line.product_id, open_quantity[line.id])
        for line in lines
        if open_quantity[line.id] > 0
    ]
    if not demands:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is already fully allocated.",
            ("orderId",),
        )
    customer = await session.get_one(Customer, order.customer_id)
    today = datetime.now(UTC).date()
    candidates = await lock_candidates_for(session, customer, {d.product_id for d in demands},
                                           today)
    warehouses = {w.id: (w.latitude, w.longitude) for w in await session.scalars(select(Warehouse))}
    origin = (
        (customer.latitude, customer.longitude)
        if customer.latitude is not None and customer.longitude is not None
        else None
    )
    picks = fefo.plan(demands, candidates, geo.nearest_first(origin, warehouses))

    picked: dict[int, int] = defaultdict(int)
    for pick in picks:
        picked[pick.line_id] += pick.quantity
    short = {
        d.line_id: d.quantity - picked[d.line_id] for d in demands if picked[d.line_id] < d.quantity
    }
    by_id = {line.id: line for line in lines}
    if short and not backorder:
        skus = await _skus(session, {by_id[pk].product_id for pk in short})
        raise DomainError(
            [
                Problem(
                    ErrorCode.INSUFFICIENT_STOCK,
                    f"Line {by_id[pk].line_number} ({skus[by_id[pk].product_id]}): only "
                    f"{picked[pk]} of {open_quantity[pk]} can be allocated from released stock "
                    f"with enough shelf life; allocate with backorder to reserve what there is.",
                    ("orderId",),
                )
                for pk in short
            ]
        )
    for pick in picks:
        await _reserve(session, pick)
    await _backorder(session, order, lines, short, actor=actor)
    promised_before = order.promised_delivery_date
    order.promised_delivery_date = await _promised_date(session, order, customer, today)
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.ORDER_ALLOCATED,
        entity_type="SalesOrder",
        entity_id=order.id,
        changes={
            **audit.created(
                # [line id, warehouse id, lot id, quantity] per reservation
                picks=[[p.line_id, p.warehouse_id, p.lot_id, p.quantity] for p in picks],
                backordered={str(k): v for k, v in short.items()},
            ),
            "promised_delivery_date": (promised_before, order.promised_delivery_date),
        },
    )
    if picks and order.status == OrderStatus.APPROVED:
        await change_status(session, order, OrderStatus.ALLOCATED, actor=actor)
    return order


async def _unallocated(session: AsyncSession, lines: list[SalesOrderLine]) -> dict[int, int]:
    """Per line: ordered, less shipped, less already reserved."""
    allocated = dict(
        (
            await session.execute(
                select(Allocation.order_line_id, func.sum(Allocation.quantity))
                .where(Allocation.order_line_id.in_([line.id for line in lines]))
                .group_by(Allocation.order_line_id)
            )
        ).all()
    )
    return {
        line.id: line.quantity - line.shipped_quantity - allocated.get(line.id, 0) for line in lines
    }


async def lock_candidates_for(
    session: AsyncSession, customer: Customer, product_ids: set[int], today: date
) -> list[fefo.Candidate]:
    """Released stock of the products with the shelf life the sale needs, locked."""
    products = await shelf_life.product_keys(session, product_ids)
    reqs = await shelf_life.requirements(session, customer, products)
    return await _lock_candidates(
        session, shelf_life.cutoffs(reqs, today),
        {p.id for p in products if p.tracking_mode == TrackingMode.SERIAL},
    )


async def _lock_candidates(
    session: AsyncSession, cutoffs: dict[int, date], serial_products: set[int]
) -> list[fefo.Candidate]:
    ids = sorted(cutoffs)
    rows = (
        await session.execute(
            LOCK_CANDIDATES, {"product_ids": ids, "cutoffs": [cutoffs[pk] for pk in ids]}
        )
    ).all()
    free_serials: dict[tuple[int | None, int], int] = {}
    if serial_products:
        # A serial-tracked unit can only be reserved with a free serial number.
        free_serials = {
            (w, lot): n
            for w, lot, n in (
                await session.execute(
                    select(Serial.warehouse_id, Serial.lot_id, func.count())
                    .where(
                        Serial.product_id.in_(serial_products),
                        Serial.status == SerialStatus.IN_STOCK,
                        Serial.allocation_id.is_(None),
                        held.not_held(),
                    )
                    .group_by(Serial.warehouse_id, Serial.lot_id)
                )
            ).all()
        }
    return [
        fefo.Candidate(
            warehouse_id=row.warehouse_id,
            lot_id=row.lot_id,
            product_id=row.product_id,
            expires_on=row.expires_on,
            available=min(row.available, free_serials.get((row.warehouse_id, row.lot_id), 0))
            if row.product_id in serial_products
            else row.available,
        )
        for row in rows
    ]


async def _reserve(session: AsyncSession, pick: fefo.Pick) -> None:
    balance = await stock.reserve(
        session, warehouse_id=pick.warehouse_id, lot_id=pick.lot_id, quantity=pick.quantity
    )
    if balance is None:  # the rows are locked: the plan was made on what is there
        raise RuntimeError(f"planned reservation of lot {pick.lot_id} failed")
    allocation = Allocation(
        order_line_id=pick.line_id,
        warehouse_id=pick.warehouse_id,
        lot_id=pick.lot_id,
        quantity=pick.quantity,
    )
    session.add(allocation)
    await session.flush()
    free = (
        select(Serial.id)
        .where(
            Serial.lot_id == pick.lot_id,
            Serial.warehouse_id == pick.warehouse_id,
            Serial.status == SerialStatus.IN_STOCK,
            Serial.allocation_id.is_(None),
            held.not_held(),
        )
        .order_by(Serial.serial_number)
        .limit(pick.quantity)
        .with_for_update()
    )
    await session.execute(
        update(Serial)
        .where(Serial.id.in_(free.scalar_subquery()))
        .values(status=SerialStatus.ALLOCATED, allocation_id=allocation.id)
        .execution_options(synchronize_session=False)
    )


async def _backorder(
    session: AsyncSession,
    order: SalesOrder,
    lines: list[SalesOrderLine],
    short: dict[int, int],
    *,
    actor: Actor,
) -> None:
    """One open replenishment request per short line, sized to what is missing now."""
    existing = {
        r.order_line_id: r
        for r in await session.scalars(
            select(ReplenishmentRequest).where(
                ReplenishmentRequest.order_line_id.in_([line.id for line in lines]),
                ReplenishmentRequest.status == ReplenishmentStatus.OPEN,
            )
        )
    }
    kinds = dict(
        (
            await session.execute(
                select(Product.id, Product.replenishment).where(
                    Product.id.in_({line.product_id for line in lines})
                )
            )
        ).all()
    )
    now = datetime.now(UTC)
    for line in lines:
        request = existing.get(line.id)
        if line.id in short:
            if request is None:
                session.add(
                    ReplenishmentRequest(
                        number=await numbering.next_number(session, "RQ"),
                        product_id=line.product_id,
                        order_line_id=line.id,
                        quantity=short[line.id],
                        kind=kinds[line.product_id],
                        status=ReplenishmentStatus.OPEN,
                    )
                )
            else:
                request.quantity = short[line.id]
        elif request is not None:
            request.status, request.closed_at = ReplenishmentStatus.FULFILLED, now
    await session.flush()


async def _promised_date(
    session: AsyncSession, order: SalesOrder, customer: Customer, today: date
) -> date | None:
    """Ship date plus the slowest lane the order's stock travels; None without a lane."""
    warehouse_ids = set(
        await session.scalars(
            select(Allocation.warehouse_id)
            .join(SalesOrderLine)
            .where(SalesOrderLine.order_id == order.id)
        )
    )
    if not warehouse_ids or customer.region is None:
        return order.promised_delivery_date
    lanes = dict(
        (
            await session.execute(
                select(TransitLane.warehouse_id, TransitLane.transit_days).where(
                    TransitLane.warehouse_id.in_(warehouse_ids),
                    TransitLane.region == customer.region,
                )
            )
        ).all()
    )
    if set(lanes) != warehouse_ids:
        return None
    return today + timedelta(days=HANDLING_DAYS + max(lanes.values()))


async def _skus(session: AsyncSession, product_ids: set[int]) -> dict[int, str]:
    return dict(
        (
            await session.execute(
                select(Product.id, Product.sku).where(Product.id.in_(product_ids))
            )
        ).all()
    )


async def release_order(session: AsyncSession, order: SalesOrder, *, actor: Actor) -> None:
    """Give back every reservation of the order and cancel its open backorders."""
    allocations = list(
        await session.scalars(
            select(Allocation)
            .join(SalesOrderLine)
            .where(SalesOrderLine.order_id == order.id)
            .order_by(Allocation.warehouse_id, Allocation.lot_id, Allocation.id)
        )
    )
    for allocation in allocations:
        await stock.unreserve(
            session,
            warehouse_id=allocation.warehouse_id,
            lot_id=allocation.lot_id,
            quantity=allocation.quantity,
        )
    if allocations:
        ids = [a.id for a in allocations]
        await session.execute(
            update(Serial)
            .where(Serial.allocation_id.in_(ids))
            .values(status=SerialStatus.IN_STOCK, allocation_id=None)
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            delete(Allocation)
            .where(Allocation.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        update(ReplenishmentRequest)
        .where(
            ReplenishmentRequest.order_line_id.in_(
                select(SalesOrderLine.id).where(SalesOrderLine.order_id == order.id)
            ),
            ReplenishmentRequest.status == ReplenishmentStatus.OPEN,
        )
        .values(status=ReplenishmentStatus.CANCELLED, closed_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    if allocations:
        await audit.record(
            session,
            actor_id=actor.user_id,
            action=AuditAction.ORDER_RELEASED,
            entity_type="SalesOrder",
            entity_id=order.id,
            # [warehouse id, lot id, quantity] per reservation given back
            changes=audit.created(
                released=[[a.warehouse_id, a.lot_id, a.quantity] for a in allocations]
            ),
        )
