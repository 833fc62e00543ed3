"""The purchase order PDF sent to the supplier, stored as a PURCHASE_ORDER document linked
to the order."""

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Document,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    Warehouse,
)
from backend.domain.actor import Actor
from backend.domain.finance import pdfs, settings
from backend.domain.quality.documents import store_document
from backend.enums import DocumentKind

PDF = "application/pdf"


def _money(value: Decimal, currency: str) -> str:
    return f"{value:,.2f} {currency}"


async def purchase_order_pdf(session: AsyncSession, order: PurchaseOrder,
                             lines: Sequence[PurchaseOrderLine]) -> bytes:
    supplier = await session.get_one(Supplier, order.supplier_id)
    warehouse = await session.get_one(Warehouse, order.warehouse_id)
    rows = await session.execute(select(Product.id, Product.sku, Product.name).where(
        Product.id.in_([line.product_id for line in lines])))
    skus = {pk: f"{sku} {name}" for pk, sku, name in rows}
    conf = await settings.load(session)
    header = [conf.company_name, conf.company_address, "",
              f"Supplier: {supplier.name} ({supplier.code}), {supplier.country or '-'}",
              f"Ship to: {warehouse.name} ({warehouse.code})"
              + (f", {warehouse.region}" if warehouse.region else ""),
              f"Order date {order.created_at.date().isoformat()}"
              + (f", sent {order.sent_at.date().isoformat()}" if order.sent_at else "")]
    body = [f"{line.line_number}. {skus[line.product_id]}: "
            f"{line.quantity} x {_money(line.unit_price, order.currency)} = "
            f"{_money(Decimal(line.quantity) * line.unit_price, order.currency)}, "
            f"expected {line.expected_on.isoformat()}" for line in lines]
    total = sum((Decimal(line.quantity) * line.unit_price for line in lines), Decimal("0.00"))
    sections = [("Lines", body), ("Total", [f"Total {_money(total, order.currency)}"])]
    if order.note:
        sections.append(("Note", [order.note]))
    return pdfs.render(f"Purchase order {order.number}", header, sections)


async def attach_purchase_order_pdf(session: AsyncSession, order: PurchaseOrder,
                                    lines: Sequence[PurchaseOrderLine], *,
                                    actor: Actor) -> Document:
    return await store_document(
        session, actor=actor, kind=DocumentKind.PURCHASE_ORDER,
        title=f"Purchase order {order.number}", file_name=f"{order.number}.pdf",
        content=await purchase_order_pdf(session, order, lines), content_type=PDF,
        links=[("PurchaseOrder", order.id)],
    )
