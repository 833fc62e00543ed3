"""Output of a work order: a lot in QUARANTINE with a PRODUCTION move, genealogy to every
lot issued so far, its value from the components (stock valuation) and, for serialised
assemblies, the component serials built into each unit. COMPLETED at the quantity or
with a final output."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Lot,
    LotComponent,
    Product,
    Serial,
    SerialLink,
    Warehouse,
    WorkOrder,
    WorkOrderIssue,
    WorkOrderOutput,
)
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance import valuation
from backend.domain.inventory.lots import (
    check_new_lot,
    default_expiry,
    existing_problems,
    stock_new_lot,
)
from backend.domain.production import batch, events, schedule
from backend.domain.production.work_orders import locked
from backend.domain.quality import plans
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    InspectionKind,
    StockMoveKind,
    TrackingMode,
    WorkOrderEventKind,
    WorkOrderStatus,
)

W = WorkOrderStatus


@dataclass(frozen=True)
class OutputUnit:
    serial_number: str
    component_serials: Sequence[str] = ()


async def _issued(session: AsyncSession, work_order: WorkOrder) -> list[WorkOrderIssue]:
    return list(await session.scalars(select(WorkOrderIssue).where(
        WorkOrderIssue.work_order_id == work_order.id).order_by(WorkOrderIssue.id)))


async def _unit_cost(session: AsyncSession, work_order: WorkOrder,
                     issues: list[WorkOrderIssue], quantity: int) -> Decimal:
    """The value of the components issued that earlier outputs did not take, per unit."""
    costs = dict((await session.execute(select(Lot.id, Lot.unit_cost).where(
        Lot.id.in_({i.lot_id for i in issues})))).all())
    consumed = [(i.quantity, costs.get(i.lot_id)) for i in issues]
    taken = await session.execute(
        select(WorkOrderOutput.quantity, Lot.unit_cost)
        .join(Lot, Lot.id == WorkOrderOutput.lot_id)
        .where(WorkOrderOutput.work_order_id == work_order.id))
    consumed += [(-q, cost) for q, cost in taken.all()]
    return valuation.produced_unit_cost(consumed, quantity)


async def _links(session: AsyncSession, work_order: WorkOrder, units: Sequence[OutputUnit],
                 issues: list[WorkOrderIssue], problems: list[Problem]) -> dict[int, list[int]]:
    """Per unit index, the ids of the issued component serials built into it."""
    issued_ids = [sid for i in issues for sid in i.serial_ids or []]
    by_number = {s.serial_number: s.id for s in await session.scalars(
        select(Serial).where(Serial.id.in_(issued_ids)))} if issued_ids else {}
    used = set(await session.scalars(select(SerialLink.component_serial_id).where(
        SerialLink.work_order_id == work_order.id)))
    links: dict[int, list[int]] = {}
    for u, unit in enumerate(units):
        links[u] = []
        for c, number in enumerate(unit.component_serials):
            at = ("input", "units", str(u), "componentSerials", str(c))
            serial_id = by_number.get(number.strip())
            if serial_id is None:
                problems.append(Problem(ErrorCode.SERIAL_MISMATCH, f"Serial {number} was not "
                                        f"issued to {work_order.number}.", at))
            elif serial_id in used:
                problems.append(Problem(ErrorCode.DUPLICATE, f"Serial {number} is built in "
                                        "already.", at))
            else:
                used.add(serial_id)
                links[u].append(serial_id)
    return links


async def record_output(
    session: AsyncSession, *, actor: Actor, work_order_id: int | None, lot_number: str,
    quantity: int, manufactured_on: date | None = None, expires_on: date | None = None,
    units: Sequence[OutputUnit] | None = None, final: bool = False,
) -> tuple[WorkOrder, Lot]:
    work_order = await locked(session, work_order_id)
    if work_order.status == W.RELEASED:
        raise DomainError.single(ErrorCode.MATERIAL_NOT_ISSUED,
                                 f"Issue material to {work_order.number} first.",
                                 ("input", "workOrderId"))
    if work_order.status != W.IN_PROGRESS:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"{work_order.number} is {work_order.status.value}.",
                                 ("input", "workOrderId"))
    product = await session.get(Product, work_order.product_id)
    warehouse = await session.get(Warehouse, work_order.warehouse_id)
    assert product is not None and warehouse is not None
    today = datetime.now(UTC).date()
    manufactured_on = manufactured_on or today
    expires_on = expires_on or default_expiry(product, manufactured_on, today)
    serial_tracked = product.tracking_mode == TrackingMode.SERIAL
    numbers = [u.serial_number.strip() for u in units] if units is not None else None
    problems = check_new_lot(
        product, lot_number=lot_number, quantity=quantity, manufactured_on=manufactured_on,
        expires_on=expires_on, serial_numbers=numbers if serial_tracked else None, today=today,
        field=("input",))
    problems = [Problem(p.code, p.message, ("input", "units") if p.field and
                        p.field[-1] == "serialNumbers" else p.field) for p in problems]
    problems += await existing_problems(session, product, lot_number=lot_number,
                                        serial_numbers=numbers if serial_tracked else None,
                                        field=("input",))
    left = work_order.quantity - work_order.completed_quantity
    if quantity > left:
        problems.append(Problem(ErrorCode.INVALID, f"{work_order.number} has {left} units "
                                "left to make.", ("input", "quantity")))
    if not serial_tracked and units:
        problems.append(Problem(ErrorCode.SERIAL_MISMATCH, "A lot-tracked product has no "
                                "units.", ("input", "units")))
    issues = await _issued(session, work_order)
    links = await _links(session, work_order, units or [], issues, problems)
    if problems:
        raise DomainError(problems)
    before = events.snapshot(work_order)
    async with valuation.batch(session, memo=f"Production {lot_number}",
                               reference=work_order.number, actor_id=actor.user_id):
        lot = await stock_new_lot(
            session, product=product, warehouse=warehouse, kind=StockMoveKind.PRODUCTION,
            lot_number=lot_number, quantity=quantity, manufactured_on=manufactured_on,
            expires_on=expires_on, serial_numbers=numbers if serial_tracked else None,
            supplier_id=None, actor_id=actor.user_id, reference=work_order.number,
            unit_cost=await _unit_cost(session, work_order, issues, quantity))
    per_lot: dict[int, int] = defaultdict(int)
    for issue in issues:
        per_lot[issue.lot_id] += issue.quantity
    session.add_all(LotComponent(lot_id=lot.id, component_lot_id=lot_id, quantity=q)
                    for lot_id, q in per_lot.items())
    session.add(WorkOrderOutput(lot_id=lot.id, work_order_id=work_order.id, quantity=quantity,
                                final=final))
    if serial_tracked and numbers:
        made = dict((await session.execute(select(Serial.serial_number, Serial.id).where(
            Serial.lot_id == lot.id))).all())
        session.add_all(SerialLink(component_serial_id=c, assembly_serial_id=made[numbers[u]],
                                   work_order_id=work_order.id)
                        for u, ids in links.items() for c in ids)
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.LOT_PRODUCED,
                       entity_type="Lot", entity_id=lot.id, reason=work_order.number,
                       changes=audit.created(warehouse_id=warehouse.id, quantity=quantity,
                                             work_order_id=work_order.id,
                                             components={str(k): v for k, v in per_lot.items()}))
    await plans.create_task(session, lot, InspectionKind.FINAL)
    work_order.completed_quantity += quantity
    previous = work_order.status
    if final or work_order.completed_quantity >= work_order.quantity:
        work_order.status = W.COMPLETED
    await session.flush()
    if work_order.status == W.COMPLETED:
        await schedule.reschedule(session, announced=work_order.id)
        await batch.refresh_status(session, work_order)
    await events.changed(session, work_order, actor=actor, kind=WorkOrderEventKind.OUTPUT_RECORDED,
                         action=AuditAction.WORK_ORDER_STATUS_CHANGED, before=before,
                         previous=previous, extra={"lot_id": lot.id})
    return work_order, lot

