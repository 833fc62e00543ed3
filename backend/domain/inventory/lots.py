"""What goods in and production share: checking new lots and their serials, and stocking them."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Lot, Product, Serial, Warehouse
from backend.domain.errors import ErrorCode, Problem
from backend.domain.finance import valuation
from backend.domain.inventory import stock
from backend.domain.rules.gs1 import text_problem
from backend.enums import LotStatus, SerialStatus, StockMoveKind, TrackingMode


def default_expiry(
    product: Product, manufactured_on: date | None, received_on: date
) -> date | None:
    """Expiry from the product's shelf life, counted from manufacture (else from arrival)."""
    if product.shelf_life_days is None:
        return None
    return (manufactured_on or received_on) + timedelta(days=product.shelf_life_days)


def check_new_lot(
    product: Product,
    *,
    lot_number: str,
    quantity: int,
    manufactured_on: date | None,
    expires_on: date | None,
    serial_numbers: Sequence[str] | None,
    today: date,
    field: tuple[str, ...],
) -> list[Problem]:
    """Problems with a lot about to be made or received, found without the database."""
    problems = []
    if (problem := text_problem("10", lot_number)) is not None:
        problems.append(Problem(ErrorCode.INVALID, problem, (*field, "lotNumber")))
    if quantity <= 0:
        problems.append(Problem(ErrorCode.INVALID, "The quantity must be positive.",
                                (*field, "quantity")))
    if manufactured_on is not None and manufactured_on > today:
        problems.append(Problem(ErrorCode.INVALID, "The manufacturing date lies in the future.",
                                (*field, "manufacturedOn")))
    if expires_on is not None:
        if manufactured_on is not None and expires_on < manufactured_on:
            problems.append(Problem(ErrorCode.INVALID, "The lot expires before it was made.",
                                    (*field, "expiresOn")))
        elif expires_on < today:
            problems.append(Problem(ErrorCode.LOT_EXPIRED,
                                    f"Lot {lot_number} expired on {expires_on}.",
                                    (*field, "expiresOn")))
    problems += _serial_problems(product, quantity, serial_numbers, (*field, "serialNumbers"))
    return problems


def _serial_problems(
    product: Product, quantity: int, serial_numbers: Sequence[str] | None, field: tuple[str, ...]
) -> list[Problem]:
    if product.tracking_mode != TrackingMode.SERIAL:
        if serial_numbers:
            return [Problem(ErrorCode.SERIAL_MISMATCH,
                            f"{product.sku} is tracked by lot; it takes no serial numbers.", field)]
        return []
    given = list(serial_numbers or [])
    if len(given) != quantity:
        return [Problem(ErrorCode.SERIAL_MISMATCH,
                        f"{product.sku} is serial-tracked: {quantity} units need {quantity} "
                        f"serial numbers, got {len(given)}.", field)]
    problems = []
    seen: set[str] = set()
    for index, serial in enumerate(given):
        if (problem := text_problem("21", serial)) is not None:
            problems.append(Problem(ErrorCode.INVALID, problem, (*field, str(index))))
        elif serial in seen:
            problems.append(Problem(ErrorCode.DUPLICATE, f"Serial number {serial} is given twice.",
                                    (*field, str(index))))
        seen.add(serial)
    return problems


async def existing_problems(
    session: AsyncSession,
    product: Product,
    *,
    lot_number: str,
    serial_numbers: Sequence[str] | None,
    field: tuple[str, ...],
) -> list[Problem]:
    """Lot and serial numbers of the product that are already taken."""
    problems = []
    taken = await session.scalar(
        select(Lot.id).where(Lot.product_id == product.id, Lot.lot_number == lot_number)
    )
    if taken is not None:
        problems.append(Problem(ErrorCode.DUPLICATE,
                                f"{product.sku} already has a lot {lot_number}.",
                                (*field, "lotNumber")))
    if serial_numbers:
        used = set(await session.scalars(
            select(Serial.serial_number).where(
                Serial.product_id == product.id, Serial.serial_number.in_(list(serial_numbers))
            )
        ))
        problems += [
            Problem(ErrorCode.DUPLICATE, f"{product.sku} already has serial number {serial}.",
                    (*field, "serialNumbers", str(index)))
            for index, serial in enumerate(serial_numbers) if serial in used
        ]
    return problems


async def stock_new_lot(
    session: AsyncSession,
    *,
    product: Product,
    warehouse: Warehouse,
    kind: StockMoveKind,
    lot_number: str,
    quantity: int,
    manufactured_on: date | None,
    expires_on: date | None,
    serial_numbers: Sequence[str] | None,
    supplier_id: int | None,
    actor_id: int | None,
    reference: str,
    unit_cost: Decimal | None = None,
) -> Lot:
    """Create the lot in QUARANTINE with its serials and bring it into stock by moves
    (their value at `unit_cost`, see `lot_cost`)."""
    lot = Lot(
        product_id=product.id, lot_number=lot_number, supplier_id=supplier_id,
        manufactured_on=manufactured_on, expires_on=expires_on, status=LotStatus.QUARANTINE,
        unit_cost=unit_cost,
    )
    session.add(lot)
    await session.flush()
    # One value posting for the lot, however many serials arrive.
    async with valuation.batch(session, memo=f"{kind.value.title()} {lot_number}",
                               reference=reference, actor_id=actor_id):
        await _bring_in(session, product, warehouse, lot, kind, quantity, serial_numbers,
                        actor_id, reference)
    return lot


async def _bring_in(session: AsyncSession, product: Product, warehouse: Warehouse, lot: Lot,
                    kind: StockMoveKind, quantity: int, serial_numbers: Sequence[str] | None,
                    actor_id: int | None, reference: str) -> None:
    if product.tracking_mode != TrackingMode.SERIAL:
        await stock.post_move(
            session, kind=kind, product_id=product.id, lot_id=lot.id, warehouse_id=warehouse.id,
            quantity=quantity, actor_id=actor_id, reference=reference,
        )
        return
    serials = [
        Serial(product_id=product.id, lot_id=lot.id, serial_number=number,
               status=SerialStatus.IN_STOCK, warehouse_id=warehouse.id)
        for number in serial_numbers or []
    ]
    session.add_all(serials)
    await session.flush()
    for serial in serials:  # serial-tracked units move one by one
        await stock.post_move(
            session, kind=kind, product_id=product.id, lot_id=lot.id, warehouse_id=warehouse.id,
            quantity=1, actor_id=actor_id, reference=reference, serial_id=serial.id,
        )
