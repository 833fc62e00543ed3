"""What goods in and production share: checking new lots and their serials, and stocking them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, tuple_
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


@dataclass(frozen=True)
class NewLot:
    """A lot about to be made or received: the product, its numbers and where it goes."""

    product: Product
    lot_number: str
    quantity: int
    manufactured_on: date | None = None
    expires_on: date | None = None
    serial_numbers: Sequence[str] | None = None
    supplier_id: int | None = None
    unit_cost: Decimal | None = None


async def existing_problems(
    session: AsyncSession,
    product: Product,
    *,
    lot_number: str,
    serial_numbers: Sequence[str] | None,
    field: tuple[str, ...],
) -> list[Problem]:
    """Lot and serial numbers of the product that are already taken."""
    [problems] = await taken_problems(
        session, [(NewLot(product, lot_number, 0, serial_numbers=serial_numbers), field)])
    return problems


async def taken_problems(session: AsyncSession, lots: Sequence[tuple[NewLot, tuple[str, ...]]]
                         ) -> list[list[Problem]]:
    """`existing_problems` of each of many new lots (each with its field path), in two
    reads."""
    if not lots:
        return []
    wanted = {(lot.product.id, lot.lot_number) for lot, _ in lots}
    taken = {(row.product_id, row.lot_number) for row in await session.execute(
        select(Lot.product_id, Lot.lot_number).where(
            tuple_(Lot.product_id, Lot.lot_number).in_(list(wanted))))}
    serials = {(lot.product.id, number) for lot, _ in lots for number in lot.serial_numbers or ()}
    used = {(row.product_id, row.serial_number) for row in await session.execute(
        select(Serial.product_id, Serial.serial_number).where(
            tuple_(Serial.product_id, Serial.serial_number).in_(list(serials))))
            } if serials else set()
    found = []
    for lot, field in lots:
        product = lot.product
        problems = []
        if (product.id, lot.lot_number) in taken:
            problems.append(Problem(ErrorCode.DUPLICATE,
                                    f"{product.sku} already has a lot {lot.lot_number}.",
                                    (*field, "lotNumber")))
        problems += [
            Problem(ErrorCode.DUPLICATE, f"{product.sku} already has serial number {serial}.",
                    (*field, "serialNumbers", str(index)))
            for index, serial in enumerate(lot.serial_numbers or ())
            if (product.id, serial) in used
        ]
        found.append(problems)
    return found


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
    [lot] = await stock_new_lots(
        session, warehouse=warehouse, kind=kind, actor_id=actor_id, reference=reference,
        memo=f"{kind.value.title()} {lot_number}",
        lots=[NewLot(product, lot_number, quantity, manufactured_on, expires_on, serial_numbers,
                     supplier_id, unit_cost)])
    return lot


async def stock_new_lots(session: AsyncSession, *, warehouse: Warehouse, kind: StockMoveKind,
                         lots: Sequence[NewLot], actor_id: int | None, reference: str,
                         memo: str) -> list[Lot]:
    """`stock_new_lot` for many lots into one warehouse: the lots, their serials and their
    moves each written in one statement, and one value posting for them all."""
    made = [Lot(product_id=new.product.id, lot_number=new.lot_number,
                supplier_id=new.supplier_id, manufactured_on=new.manufactured_on,
                expires_on=new.expires_on, status=LotStatus.QUARANTINE, unit_cost=new.unit_cost)
            for new in lots]
    session.add_all(made)
    await session.flush()
    serials = [
        (index, Serial(product_id=new.product.id, lot_id=lot.id, serial_number=number,
                       status=SerialStatus.IN_STOCK, warehouse_id=warehouse.id))
        for index, (new, lot) in enumerate(zip(lots, made, strict=True))
        if new.product.tracking_mode == TrackingMode.SERIAL
        for number in new.serial_numbers or []
    ]
    if serials:
        session.add_all([serial for _, serial in serials])
        await session.flush()
    moves = []
    for new, lot in zip(lots, made, strict=True):
        if new.product.tracking_mode != TrackingMode.SERIAL:
            moves.append(stock.Incoming(new.product.id, lot.id, warehouse.id, new.quantity))
    # Serial-tracked units move one by one.
    moves += [stock.Incoming(made[index].product_id, made[index].id, warehouse.id, 1, serial.id)
              for index, serial in serials]
    async with valuation.batch(session, memo=memo, reference=reference, actor_id=actor_id):
        await stock.add_stock(session, kind=kind, moves=moves, actor_id=actor_id,
                              reference=reference)
    return made
