"""Goods in: purchased lots arrive in QUARANTINE, with a RECEIPT move and their serials."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Lot, Product, Supplier, Warehouse
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.inventory.lots import (
    check_new_lot,
    default_expiry,
    existing_problems,
    stock_new_lot,
)
from backend.domain.purchasing import overrides
from backend.domain.quality import plans
from backend.domain.trust import audit
from backend.enums import AuditAction, InspectionKind, StockMoveKind

MAX_LINES = 100


@dataclass(frozen=True)
class ReceiptLine:
    product_id: int | None
    lot_number: str
    quantity: int
    manufactured_on: date | None = None
    expires_on: date | None = None
    serial_numbers: Sequence[str] | None = None


async def receive_goods(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int | None,
    warehouse_id: int | None,
    lines: Sequence[ReceiptLine],
    reference: str | None = None,
) -> list[Lot]:
    """Receive every line as a new lot, or nothing: all problems are reported together."""
    supplier = await lookup.get(session, Supplier, supplier_id, field=("input", "supplierId"))
    warehouse = await lookup.get(session, Warehouse, warehouse_id, field=("input", "warehouseId"))
    if not 1 <= len(lines) <= MAX_LINES:
        raise DomainError.single(
            ErrorCode.INVALID, f"A receipt has 1 to {MAX_LINES} lines.", ("input", "lines")
        )
    today = datetime.now(UTC).date()
    products: list[Product] = []
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for index, line in enumerate(lines):
        field = ("input", "lines", str(index))
        product = await lookup.get(session, Product, line.product_id, field=(*field, "productId"))
        products.append(product)
        expires_on = line.expires_on or default_expiry(product, line.manufactured_on, today)
        problems += check_new_lot(
            product, lot_number=line.lot_number, quantity=line.quantity,
            manufactured_on=line.manufactured_on, expires_on=expires_on,
            serial_numbers=line.serial_numbers, today=today, field=field,
        )
        problems += await existing_problems(
            session, product, lot_number=line.lot_number, serial_numbers=line.serial_numbers,
            field=field,
        )
        if (product.id, line.lot_number) in seen:
            problems.append(Problem(ErrorCode.DUPLICATE,
                                    f"Lot {line.lot_number} of {product.sku} is on two lines.",
                                    (*field, "lotNumber")))
        seen.add((product.id, line.lot_number))
    if problems:
        raise DomainError(problems)
    covering = await overrides.covering_overrides(session, supplier, [
        overrides.Wanted(product.id, line.quantity, ("input", "lines", str(index)))
        for index, (line, product) in enumerate(zip(lines, products, strict=True))
    ])

    reference = reference or f"GRN {supplier.code}"
    lots = []
    for line, product, override in zip(lines, products, covering, strict=True):
        lot = await stock_new_lot(
            session, product=product, warehouse=warehouse, kind=StockMoveKind.RECEIPT,
            lot_number=line.lot_number, quantity=line.quantity,
            manufactured_on=line.manufactured_on,
            expires_on=line.expires_on or default_expiry(product, line.manufactured_on, today),
            serial_numbers=line.serial_numbers, supplier_id=supplier.id,
            actor_id=actor.user_id, reference=reference[:120],
        )
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.LOT_RECEIVED,
            entity_type="Lot", entity_id=lot.id, reason=reference,
            changes=audit.created(supplier_id=supplier.id, warehouse_id=warehouse.id,
                                  quantity=line.quantity, status=lot.status),
        )
        if override is not None:
            await overrides.record_use(session, override, lot_id=lot.id, quantity=line.quantity,
                                       reference=reference[:120], actor_id=actor.user_id)
        await plans.create_task(session, lot, InspectionKind.INCOMING)
        lots.append(lot)
    return lots
