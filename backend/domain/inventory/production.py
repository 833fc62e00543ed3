"""Production: released component lots are consumed and a finished lot is made, in QUARANTINE."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Lot, LotComponent, Product, Serial, Warehouse
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance import valuation
from backend.domain.inventory import stock
from backend.domain.inventory.lots import (
    check_new_lot,
    default_expiry,
    existing_problems,
    stock_new_lot,
)
from backend.domain.quality import plans
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    InspectionKind,
    LotStatus,
    SerialStatus,
    StockMoveKind,
    TrackingMode,
)

MAX_COMPONENTS = 100


@dataclass(frozen=True)
class ComponentUse:
    lot_id: int | None
    quantity: int


async def record_production(
    session: AsyncSession,
    *,
    actor: Actor,
    product_id: int | None,
    warehouse_id: int | None,
    lot_number: str,
    manufactured_on: date,
    quantity: int,
    components: Sequence[ComponentUse],
    expires_on: date | None = None,
    serial_numbers: Sequence[str] | None = None,
) -> Lot:
    product = await lookup.get(session, Product, product_id, field=("input", "productId"))
    warehouse = await lookup.get(session, Warehouse, warehouse_id, field=("input", "warehouseId"))
    today = datetime.now(UTC).date()
    expires_on = expires_on or default_expiry(product, manufactured_on, today)
    problems = check_new_lot(
        product, lot_number=lot_number, quantity=quantity, manufactured_on=manufactured_on,
        expires_on=expires_on, serial_numbers=serial_numbers, today=today, field=("input",),
    )
    problems += await existing_problems(
        session, product, lot_number=lot_number, serial_numbers=serial_numbers, field=("input",)
    )
    if not 1 <= len(components) <= MAX_COMPONENTS:
        problems.append(Problem(ErrorCode.INVALID,
                                f"Production consumes 1 to {MAX_COMPONENTS} component lots.",
                                ("input", "components")))
    sources = await _component_lots(session, components, today, problems)
    if problems:
        raise DomainError(problems)

    reference = f"WO-{lot_number}"
    # Components' value becomes the made lot's; the cent rounding goes to write-offs.
    async with valuation.batch(session, memo=f"Production {lot_number}", reference=reference,
                               actor_id=actor.user_id):
        for index, (use, source) in enumerate(zip(components, sources, strict=True)):
            await _consume(session, source, warehouse, use.quantity, actor, reference,
                           ("input", "components", str(index), "quantity"))
        lot = await stock_new_lot(
            session, product=product, warehouse=warehouse, kind=StockMoveKind.PRODUCTION,
            lot_number=lot_number, quantity=quantity, manufactured_on=manufactured_on,
            expires_on=expires_on, serial_numbers=serial_numbers, supplier_id=None,
            actor_id=actor.user_id, reference=reference,
            unit_cost=valuation.produced_unit_cost(
                [(use.quantity, source.unit_cost)
                 for use, source in zip(components, sources, strict=True)], quantity),
        )
    session.add_all(
        LotComponent(lot_id=lot.id, component_lot_id=source.id, quantity=use.quantity)
        for use, source in zip(components, sources, strict=True)
    )
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.LOT_PRODUCED,
        entity_type="Lot", entity_id=lot.id, reason=reference,
        changes=audit.created(
            warehouse_id=warehouse.id, quantity=quantity,
            # component lot id -> quantity used
            components={str(s.id): u.quantity for u, s in zip(components, sources, strict=True)},
        ),
    )
    await plans.create_task(session, lot, InspectionKind.FINAL)
    return lot


async def _component_lots(
    session: AsyncSession, components: Sequence[ComponentUse], today: date, problems: list[Problem]
) -> list[Lot]:
    """The component lots, locked in id order; problems with them are added to `problems`."""
    ids = sorted({use.lot_id for use in components if use.lot_id is not None})
    found = {
        lot.id: lot
        for lot in await session.scalars(
            select(Lot).where(Lot.id.in_(ids)).order_by(Lot.id).with_for_update()
        )
    }
    lots = []
    seen: set[int] = set()
    for index, use in enumerate(components):
        field = ("input", "components", str(index))
        lot = found.get(use.lot_id or 0)
        if lot is None:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such lot.", (*field, "lotId"))
        lots.append(lot)
        if lot.id in seen:
            problems.append(Problem(ErrorCode.DUPLICATE, f"Lot {lot.lot_number} is listed twice.",
                                    (*field, "lotId")))
        seen.add(lot.id)
        if use.quantity <= 0:
            problems.append(Problem(ErrorCode.INVALID, "The quantity must be positive.",
                                    (*field, "quantity")))
        if lot.status != LotStatus.RELEASED:
            problems.append(Problem(ErrorCode.LOT_NOT_RELEASED,
                                    f"Lot {lot.lot_number} is {lot.status.value}, not RELEASED.",
                                    (*field, "lotId")))
        elif lot.expires_on is not None and lot.expires_on < today:
            problems.append(Problem(ErrorCode.LOT_EXPIRED,
                                    f"Lot {lot.lot_number} expired on {lot.expires_on}.",
                                    (*field, "lotId")))
    return lots


async def _consume(
    session: AsyncSession,
    source: Lot,
    warehouse: Warehouse,
    quantity: int,
    actor: Actor,
    reference: str,
    field: tuple[str, ...],
) -> None:
    """CONSUMPTION moves out of the warehouse; serial-tracked units go first-numbered first."""
    product = await session.get(Product, source.product_id)
    assert product is not None
    shortage = DomainError.single(
        ErrorCode.INSUFFICIENT_STOCK,
        f"Warehouse {warehouse.code} has less than {quantity} unreserved units of lot "
        f"{source.lot_number}.",
        field,
    )
    if product.tracking_mode != TrackingMode.SERIAL:
        try:
            await stock.post_move(
                session, kind=StockMoveKind.CONSUMPTION, product_id=source.product_id,
                lot_id=source.id, warehouse_id=warehouse.id, quantity=-quantity,
                actor_id=actor.user_id, reference=reference,
            )
        except DomainError:
            raise shortage from None
        return
    serials = list(await session.scalars(
        select(Serial)
        .where(Serial.lot_id == source.id, Serial.warehouse_id == warehouse.id,
               Serial.status == SerialStatus.IN_STOCK)
        .order_by(Serial.serial_number)
        .limit(quantity)
        .with_for_update()
    ))
    if len(serials) < quantity:
        raise shortage
    for serial in serials:
        try:
            await stock.post_move(
                session, kind=StockMoveKind.CONSUMPTION, product_id=source.product_id,
                lot_id=source.id, warehouse_id=warehouse.id, quantity=-1,
                actor_id=actor.user_id, reference=reference, serial_id=serial.id,
            )
        except DomainError:
            raise shortage from None
        # The unit now lives inside the finished product; it can no longer ship on its own.
        serial.status = SerialStatus.SCRAPPED
        serial.warehouse_id = None
    await session.flush()
