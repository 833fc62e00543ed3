"""Goods in: purchased lots arrive in QUARANTINE, with a RECEIPT move and their serials."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import GoodsReceipt, GoodsReceiptLine, Lot, Product, Supplier, Warehouse
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.customfields.applicable import active_definitions, product_scope
from backend.domain.customfields.values import ValueInput, apply_values
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.inventory.lot_cost import purchase_unit_cost
from backend.domain.inventory.lots import (
    NewLot,
    check_new_lot,
    default_expiry,
    stock_new_lots,
    taken_problems,
)
from backend.domain.purchasing import overrides, po_receipts
from backend.domain.quality import plans
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomFieldEntity, InspectionKind, StockMoveKind

MAX_LINES = 100


@dataclass(frozen=True)
class ReceiptLine:
    product_id: int | None
    lot_number: str
    quantity: int
    manufactured_on: date | None = None
    expires_on: date | None = None
    serial_numbers: Sequence[str] | None = None
    # The PO line's price when received against one: the lot's cost (see `lot_cost`).
    po_unit_price: Decimal | None = None
    # Receiving against a purchase order: the line of it (see `po_receipts`).
    purchase_order_line_id: int | None = None
    supplier_lot_number: str | None = None
    # Values for the lot the line creates.
    custom_fields: Sequence[ValueInput] | None = None


SERIES = "GR"
MAX_SUPPLIER_LOT = 64


async def receive_goods(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int | None,
    warehouse_id: int | None,
    lines: Sequence[ReceiptLine],
    reference: str | None = None,
    purchase_order_id: int | None = None,
    supplier_override_id: int | None = None,
) -> list[Lot]:
    """Receive every line as a new lot, or nothing: all problems are reported together."""
    _, lots = await receive(
        session, actor=actor, supplier_id=supplier_id, warehouse_id=warehouse_id, lines=lines,
        reference=reference, purchase_order_id=purchase_order_id,
        supplier_override_id=supplier_override_id)
    return lots


async def receive(
    session: AsyncSession,
    *,
    actor: Actor,
    supplier_id: int | None,
    warehouse_id: int | None,
    lines: Sequence[ReceiptLine],
    reference: str | None = None,
    purchase_order_id: int | None = None,
    supplier_override_id: int | None = None,
) -> tuple[GoodsReceipt, list[Lot]]:
    """`receive_goods`, with the goods receipt that groups the lots."""
    supplier = await lookup.get(session, Supplier, supplier_id, field=("input", "supplierId"))
    warehouse = await lookup.get(session, Warehouse, warehouse_id, field=("input", "warehouseId"))
    if not 1 <= len(lines) <= MAX_LINES:
        raise DomainError.single(
            ErrorCode.INVALID, f"A receipt has 1 to {MAX_LINES} lines.", ("input", "lines")
        )
    today = datetime.now(UTC).date()
    products: list[Product] = []
    new_lots: list[tuple[NewLot, tuple[str, ...]]] = []
    for index, line in enumerate(lines):
        field: tuple[str, ...] = ("input", "lines", str(index))
        product = await lookup.get(session, Product, line.product_id, field=(*field, "productId"))
        products.append(product)
        expires_on = line.expires_on or default_expiry(product, line.manufactured_on, today)
        new_lots.append((NewLot(product, line.lot_number, line.quantity, line.manufactured_on,
                                expires_on, line.serial_numbers, supplier.id), field))
    taken = await taken_problems(session, new_lots)
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for line, (new, field), already in zip(lines, new_lots, taken, strict=True):
        problems += check_new_lot(
            new.product, lot_number=line.lot_number, quantity=line.quantity,
            manufactured_on=line.manufactured_on, expires_on=new.expires_on,
            serial_numbers=line.serial_numbers, today=today, field=field,
        )
        problems += already
        if (new.product.id, line.lot_number) in seen:
            problems.append(Problem(ErrorCode.DUPLICATE,
                                    f"Lot {line.lot_number} of {new.product.sku} is on two "
                                    "lines.", (*field, "lotNumber")))
        seen.add((new.product.id, line.lot_number))
        if line.supplier_lot_number is not None and not (
                1 <= len(line.supplier_lot_number.strip()) <= MAX_SUPPLIER_LOT):
            problems.append(Problem(ErrorCode.INVALID, "A supplier lot number has 1 to "
                                    f"{MAX_SUPPLIER_LOT} characters.",
                                    (*field, "supplierLotNumber")))
    if problems:
        raise DomainError(problems)
    planned = await po_receipts.plan(
        session, purchase_order_id=purchase_order_id, supplier=supplier, warehouse=warehouse,
        wanted=[po_receipts.Wanted(line.purchase_order_line_id, product.id, line.quantity,
                                   ("input", "lines", str(index)))
                for index, (line, product) in enumerate(zip(lines, products, strict=True))])
    lines = [replace(line, po_unit_price=po.unit_price)
             if po is not None and line.po_unit_price is None else line
             for line, po in zip(lines, planned.lines, strict=True)]
    covering = await overrides.covering_overrides(session, supplier, [
        overrides.Wanted(product.id, line.quantity, ("input", "lines", str(index)))
        for index, (line, product) in enumerate(zip(lines, products, strict=True))
    ])

    reference = reference or f"GRN {supplier.code}"
    receipt = GoodsReceipt(
        number=await numbering.next_number(session, SERIES), supplier_id=supplier.id,
        warehouse_id=warehouse.id, purchase_order_id=purchase_order_id,
        supplier_override_id=supplier_override_id or next(
            (o.id for o in covering if o is not None), None),
        reference=reference[:500], received_by_id=actor.user_id)
    session.add(receipt)
    await session.flush()
    costs: dict[tuple[int, Decimal | None], Decimal | None] = {}
    for line, product in zip(lines, products, strict=True):
        key = (product.id, line.po_unit_price)
        if key not in costs:
            costs[key] = await purchase_unit_cost(session, product, supplier.id,
                                                  line.po_unit_price)
    # One value posting for the receipt (Dr 1300 / Cr 2150), however many lots it brings.
    lots = await stock_new_lots(
        session, warehouse=warehouse, kind=StockMoveKind.RECEIPT, actor_id=actor.user_id,
        reference=reference[:120], memo=f"Goods received {receipt.number}",
        lots=[replace(new, unit_cost=costs[(new.product.id, line.po_unit_price)])
              for (new, _), line in zip(new_lots, lines, strict=True)])
    # Rows are only added here; the next flush writes each table's rows in one statement.
    for line, lot in zip(lines, lots, strict=True):
        if line.supplier_lot_number:
            lot.supplier_lot_number = line.supplier_lot_number.strip()
        session.add(GoodsReceiptLine(
            goods_receipt_id=receipt.id, purchase_order_line_id=line.purchase_order_line_id,
            product_id=lot.product_id, lot_id=lot.id, quantity=line.quantity,
            unit_cost=lot.unit_cost))
    await plans.create_tasks(session, lots, InspectionKind.INCOMING)
    for line, lot, override in zip(lines, lots, covering, strict=True):
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.LOT_RECEIVED,
            entity_type="Lot", entity_id=lot.id, reason=reference,
            changes=audit.created(supplier_id=supplier.id, warehouse_id=warehouse.id,
                                  quantity=line.quantity, status=lot.status),
        )
        if override is not None:
            await overrides.record_use(session, override, lot_id=lot.id, quantity=line.quantity,
                                       reference=reference[:120], actor_id=actor.user_id)
    await session.flush()
    definitions = await active_definitions(session, CustomFieldEntity.LOT)
    for index, (line, lot, product) in enumerate(zip(lines, lots, products, strict=True)):
        await apply_values(session, actor, CustomFieldEntity.LOT, lot.id, line.custom_fields,
                           ("input", "lines", str(index), "customFields"),
                           preloaded=(definitions, product_scope(product)))
    await po_receipts.apply(session, actor=actor, planned=planned,
                            quantities=[line.quantity for line in lines])
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.GOODS_RECEIPT_RECORDED,
        entity_type="GoodsReceipt", entity_id=receipt.id, reason=reference,
        changes=audit.created(number=receipt.number, supplier_id=supplier.id,
                              purchase_order_id=purchase_order_id,
                              lots=[lot.id for lot in lots],
                              supplier_lot_numbers=[x.supplier_lot_number for x in lines]),
    )
    return receipt, lots

