"""Moving in from another system: lots as they stand, and the stock on hand on day one.

Lots come over with their history's outcome (their status and dates), since their
inspections and releases happened in the old system; the audit trail says where
they came from. Opening stock enters the ledger as ADJUSTMENT moves, through the
same `post_move` as every other change of quantity.
"""

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Lot, Product, Serial, Supplier, Warehouse
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.inventory import stock
from backend.domain.rules.gs1 import text_problem
from backend.domain.trust import audit
from backend.enums import AuditAction, LotStatus, SerialStatus, StockMoveKind, TrackingMode

OPENING_REFERENCE = "opening stock"
# A migrated lot cannot be mid-recall or rejected and still be stocked; those stay behind.
MIGRATABLE_STATUSES = (LotStatus.QUARANTINE, LotStatus.RELEASED, LotStatus.ON_HOLD)


async def _product(session: AsyncSession, sku: str) -> Product:
    product = await session.scalar(select(Product).where(Product.sku == sku))
    if product is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, f"No product with SKU {sku}.",
                                 ("input", "sku"))
    return product


async def create_lot(
    session: AsyncSession,
    *,
    actor: Actor,
    sku: str,
    lot_number: str,
    supplier_code: str | None = None,
    manufactured_on: date | None = None,
    expires_on: date | None = None,
    status: LotStatus = LotStatus.QUARANTINE,
    reason: str | None = None,
) -> Lot:
    product = await _product(session, sku)
    problems = []
    if (problem := text_problem("10", lot_number)) is not None:
        problems.append(Problem(ErrorCode.INVALID, problem, ("input", "lotNumber")))
    today = datetime.now(UTC).date()
    if manufactured_on is not None and manufactured_on > today:
        problems.append(Problem(ErrorCode.INVALID, "The manufacturing date lies in the future.",
                                ("input", "manufacturedOn")))
    if expires_on and manufactured_on and expires_on < manufactured_on:
        problems.append(Problem(ErrorCode.INVALID, "The lot expires before it was made.",
                                ("input", "expiresOn")))
    if status not in MIGRATABLE_STATUSES:
        allowed = ", ".join(s.value for s in MIGRATABLE_STATUSES)
        problems.append(Problem(ErrorCode.INVALID, f"A migrated lot is {allowed}.",
                                ("input", "status")))
    supplier_id = None
    if supplier_code:
        by_code = select(Supplier.id).where(Supplier.code == supplier_code)
        supplier_id = await session.scalar(by_code)
        if supplier_id is None:
            problems.append(Problem(ErrorCode.NOT_FOUND, f"No supplier {supplier_code}.",
                                    ("input", "supplierCode")))
    if problems:
        raise DomainError(problems)
    taken = await session.scalar(
        select(Lot.id).where(Lot.product_id == product.id, Lot.lot_number == lot_number)
    )
    if taken is not None:
        raise DomainError.single(ErrorCode.DUPLICATE, f"{sku} already has a lot {lot_number}.",
                                 ("input", "lotNumber"))
    lot = Lot(product_id=product.id, lot_number=lot_number, supplier_id=supplier_id,
              manufactured_on=manufactured_on, expires_on=expires_on, status=status)
    session.add(lot)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.LOT_MIGRATED,
        entity_type="Lot", entity_id=lot.id, reason=reason,
        changes=audit.created(sku=sku, lot_number=lot_number, status=status,
                              expires_on=expires_on),
    )
    return lot


async def add_opening_stock(
    session: AsyncSession,
    *,
    actor: Actor,
    warehouse_code: str,
    sku: str,
    lot_number: str,
    quantity: int,
    serial_number: str | None = None,
    reason: str | None = None,
) -> Lot:
    """Put stock of an existing lot on hand; a serial-tracked unit comes one serial at a time."""
    product = await _product(session, sku)
    problems = []
    by_code = select(Warehouse.id).where(Warehouse.code == warehouse_code)
    warehouse_id = await session.scalar(by_code)
    if warehouse_id is None:
        problems.append(Problem(ErrorCode.NOT_FOUND, f"No warehouse {warehouse_code}.",
                                ("input", "warehouseCode")))
    lot = await session.scalar(
        select(Lot).where(Lot.product_id == product.id, Lot.lot_number == lot_number)
    )
    if lot is None:
        problems.append(Problem(ErrorCode.NOT_FOUND, f"{sku} has no lot {lot_number}.",
                                ("input", "lotNumber")))
    if quantity <= 0:
        problems.append(Problem(ErrorCode.INVALID, "The quantity must be positive.",
                                ("input", "quantity")))
    serial_tracked = product.tracking_mode == TrackingMode.SERIAL
    if serial_tracked and (not serial_number or quantity != 1):
        problems.append(Problem(ErrorCode.SERIAL_MISMATCH,
                                f"{sku} is serial-tracked: one row per unit, with its serial "
                                "number and quantity 1.", ("input", "serialNumber")))
    elif not serial_tracked and serial_number:
        problems.append(Problem(ErrorCode.SERIAL_MISMATCH,
                                f"{sku} is tracked by lot; it takes no serial number.",
                                ("input", "serialNumber")))
    elif serial_number and (problem := text_problem("21", serial_number)) is not None:
        problems.append(Problem(ErrorCode.INVALID, problem, ("input", "serialNumber")))
    if problems:
        raise DomainError(problems)
    assert lot is not None and warehouse_id is not None
    serial_id = None
    if serial_number:
        taken = await session.scalar(select(Serial.id).where(
            Serial.product_id == product.id, Serial.serial_number == serial_number
        ))
        if taken is not None:
            raise DomainError.single(ErrorCode.DUPLICATE,
                                     f"{sku} already has serial number {serial_number}.",
                                     ("input", "serialNumber"))
        serial = Serial(product_id=product.id, lot_id=lot.id, serial_number=serial_number,
                        status=SerialStatus.IN_STOCK, warehouse_id=warehouse_id)
        session.add(serial)
        await session.flush()
        serial_id = serial.id
    move = await stock.post_move(
        session, kind=StockMoveKind.ADJUSTMENT, product_id=product.id, lot_id=lot.id,
        warehouse_id=warehouse_id, quantity=quantity, actor_id=actor.user_id,
        reference=OPENING_REFERENCE, serial_id=serial_id,
    )
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.STOCK_OPENING_BALANCE,
        entity_type="Lot", entity_id=lot.id, reason=reason,
        changes=audit.created(warehouse=warehouse_code, quantity=quantity, move_id=move.id,
                              serial_number=serial_number),
    )
    return lot
