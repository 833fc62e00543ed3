"""Moving stock of a lot between warehouses: TRANSFER_OUT there, TRANSFER_IN here."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Lot, Product, Serial, StockTransfer, Warehouse
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.inventory import stock
from backend.domain.trust import audit
from backend.enums import AuditAction, SerialStatus, StockMoveKind, TrackingMode

# Both balance rows in warehouse order, so opposite transfers cannot deadlock.
LOCK_BALANCES = text(
    "SELECT 1 FROM stock_balances WHERE lot_id = :lot_id AND warehouse_id = ANY(:warehouse_ids) "
    "ORDER BY warehouse_id FOR UPDATE"
)


async def transfer_stock(
    session: AsyncSession,
    *,
    actor: Actor,
    lot_id: int,
    from_warehouse_id: int,
    to_warehouse_id: int,
    quantity: int,
    serial_numbers: Sequence[str] | None = None,
    reference: str | None = None,
) -> StockTransfer:
    lot = await session.get(Lot, lot_id)
    problems = []
    if lot is None:
        problems.append(Problem(ErrorCode.NOT_FOUND, "No such lot.", ("input", "lotId")))
    for name, pk in (("fromWarehouseId", from_warehouse_id), ("toWarehouseId", to_warehouse_id)):
        if await session.get(Warehouse, pk) is None:
            problems.append(Problem(ErrorCode.NOT_FOUND, "No such warehouse.", ("input", name)))
    if from_warehouse_id == to_warehouse_id:
        problems.append(
            Problem(
                ErrorCode.INVALID,
                "A transfer goes to another warehouse.",
                ("input", "toWarehouseId"),
            )
        )
    if quantity <= 0:
        problems.append(
            Problem(ErrorCode.INVALID, "The quantity must be positive.", ("input", "quantity"))
        )
    if problems:
        raise DomainError(problems)
    assert lot is not None
    product = await session.get_one(Product, lot.product_id)
    await session.execute(
        LOCK_BALANCES,
        {"lot_id": lot.id, "warehouse_ids": sorted([from_warehouse_id, to_warehouse_id])},
    )
    serials = await _serials(session, product, lot, from_warehouse_id, quantity, serial_numbers)
    transfer = StockTransfer(
        number=await numbering.next_number(session, "TR"),
        product_id=product.id,
        lot_id=lot.id,
        from_warehouse_id=from_warehouse_id,
        to_warehouse_id=to_warehouse_id,
        quantity=quantity,
        reference=reference,
        created_by_id=actor.user_id,
    )
    session.add(transfer)
    await session.flush()
    move: dict[str, Any] = dict(
        product_id=product.id, lot_id=lot.id, actor_id=actor.user_id, reference=transfer.number
    )
    units = [(s.id, 1) for s in serials] if serials else [(None, quantity)]
    for serial_id, count in units:
        await stock.post_move(
            session,
            **move,
            kind=StockMoveKind.TRANSFER_OUT,
            warehouse_id=from_warehouse_id,
            quantity=-count,
            serial_id=serial_id,
        )
        await stock.post_move(
            session,
            **move,
            kind=StockMoveKind.TRANSFER_IN,
            warehouse_id=to_warehouse_id,
            quantity=count,
            serial_id=serial_id,
        )
    for serial in serials:
        serial.warehouse_id = to_warehouse_id
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.STOCK_TRANSFERRED,
        entity_type="StockTransfer",
        entity_id=transfer.id,
        changes={
            **audit.created(
                lot_id=lot.id, quantity=quantity, serials=[s.serial_number for s in serials]
            ),
            # The stock's place before and after.
            "warehouse_id": (from_warehouse_id, to_warehouse_id),
        },
    )
    return transfer


async def _serials(
    session: AsyncSession,
    product: Product,
    lot: Lot,
    warehouse_id: int,
    quantity: int,
    numbers: Sequence[str] | None,
) -> list[Serial]:
    numbers = list(numbers or [])
    field = ("input", "serialNumbers")
    if product.tracking_mode != TrackingMode.SERIAL:
        if numbers:
            raise DomainError.single(
                ErrorCode.SERIAL_MISMATCH,
                f"{product.sku} is lot-tracked and moves without serials.",
                field,
            )
        return []
    if len(numbers) != quantity or len(set(numbers)) != quantity:
        raise DomainError.single(
            ErrorCode.SERIAL_MISMATCH, f"Give exactly {quantity} different serial numbers.", field
        )
    serials = list(
        await session.scalars(
            select(Serial)
            .where(
                Serial.product_id == product.id,
                Serial.serial_number.in_(numbers),
                Serial.lot_id == lot.id,
                Serial.warehouse_id == warehouse_id,
                Serial.status == SerialStatus.IN_STOCK,
            )
            .order_by(Serial.serial_number)
            .with_for_update()
        )
    )
    if len(serials) != quantity:
        found = {s.serial_number for s in serials}
        raise DomainError.single(
            ErrorCode.SERIAL_MISMATCH,
            "Not free in stock in this lot and warehouse: "
            + ", ".join(n for n in numbers if n not in found)
            + ".",
            field,
        )
    return serials
