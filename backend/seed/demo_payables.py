"""The demo's money side of stock and purchasing: every product's standard cost, every
lot's cost (the supplier's price, the components' value over the quantity made, else the
standard cost), the opening inventory posted at lot cost so that 1300 equals the valuation,
and, through the domain after the purchasing flow, supplier invoices: one matched and paid,
one on hold for a price variance, one overdue."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    User,
)
from backend.domain.actor import Actor
from backend.domain.finance.ledger import INVENTORY
from backend.domain.finance.valuation import produced_unit_cost, value_of
from backend.domain.purchasing import supplier_invoices, supplier_payments
from backend.enums import LotStatus, PurchaseOrderStatus, Role
from backend.seed import demo_data as data
from backend.seed.demo_state import DemoState

EQUITY = "3000"
STANDARD_COSTS = {
    "CMP-BRD-01": "38.50", "CMP-HSG-02": "17.20", "PMP-VP300": "910.00", "AED-500": "480.00",
    "STN-CR3018": "160.00", "SUT-PGA30": "41.00", "CAN-IV20G": "9.40", "DRS-WD1010": "6.80",
}
SUPPLIER_PRICES = {sku: Decimal(price) for sku, price, _lead in
                   (("CMP-BRD-01", "38.50", 0), ("CMP-HSG-02", "17.20", 0),
                    ("SUT-PGA30", "41.00", 0), ("DRS-WD1010", "6.80", 0))}
WRITTEN_OFF = (LotStatus.RECALLED, LotStatus.EXPIRED)
# (PO status in the purchasing flow, supplier invoice number, invoice days ago, price
# factor, paid): the closed order matched and paid, the received one billed above the PO
# price (on hold), the partly received one matched and overdue.
INVOICES = [
    (PurchaseOrderStatus.CLOSED, "ALP-INV-24017", 20, Decimal("1"), True),
    (PurchaseOrderStatus.RECEIVED, "ALP-INV-24031", 3, Decimal("1.06"), False),
    (PurchaseOrderStatus.PARTIALLY_RECEIVED, "ALP-INV-23988", 45, Decimal("1"), False),
]
TAX_RATE = Decimal("0.21")


def cost_catalog(demo: DemoState) -> None:
    """Every product gets its standard cost (before the lots are made)."""
    for sku, product in demo.products.items():
        product.standard_cost = Decimal(STANDARD_COSTS[sku])


def lot_cost(demo: DemoState, spec: data.LotSpec) -> Decimal:
    if spec.components:
        consumed = [(quantity, demo.lots[number].unit_cost)
                    for number, quantity in spec.components.items()]
        return produced_unit_cost(consumed, spec.quantity)
    if spec.supplier == "SUP-ALP" and spec.sku in SUPPLIER_PRICES:
        return SUPPLIER_PRICES[spec.sku]
    return Decimal(STANDARD_COSTS[spec.sku])


async def post_opening_inventory(demo: DemoState) -> None:
    """Dr 1300 / Cr 3000 the stock on hand at lot cost (lots not written off), a year ago."""
    value = Decimal("0.00")
    for (_warehouse_id, lot_id), on_hand in demo.ledger.on_hand.items():
        lot = next(lot for lot in demo.lots.values() if lot.id == lot_id)
        if on_hand > 0 and lot.status not in WRITTEN_OFF:
            value += value_of(on_hand, lot.unit_cost)
    await demo.journal(demo.at(365, 8), "Opening inventory at lot cost", "OB-INV", "finance",
                       [(INVENTORY, value, Decimal(0)), (EQUITY, Decimal(0), value)])


async def load_payables(session: AsyncSession) -> None:
    """Supplier invoices against the purchasing flow's received orders and a payment."""
    users = dict((await session.execute(select(User.username, User.id))).all())
    finance = Actor(users["finance"], frozenset({Role.FINANCE.value}))
    supplier = await session.scalar(select(Supplier).where(Supplier.code == "SUP-ALP"))
    assert supplier is not None
    on = datetime.now(UTC).date()
    for status, number, days_ago, factor, paid in INVOICES:
        line = await session.scalar(
            select(PurchaseOrderLine).join(PurchaseOrder,
                                           PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
            .where(PurchaseOrder.supplier_id == supplier.id, PurchaseOrder.status == status,
                   PurchaseOrderLine.received_quantity > PurchaseOrderLine.invoiced_quantity)
            .order_by(PurchaseOrder.id).limit(1))
        if line is None:
            continue
        quantity = line.received_quantity - line.invoiced_quantity
        price = (line.unit_price * factor).quantize(Decimal("0.01"))
        net = (quantity * price).quantize(Decimal("0.01"))
        tax = (net * TAX_RATE).quantize(Decimal("0.01"))
        invoice = await supplier_invoices.record_supplier_invoice(
            session, actor=finance, supplier_id=supplier.id, supplier_invoice_number=number,
            invoice_date=on - timedelta(days=days_ago), total=net + tax, tax_amount=tax,
            lines=[supplier_invoices.LineRequest(line.id, quantity, price)])
        if paid:
            await supplier_payments.record_supplier_payment(
                session, actor=finance, supplier_id=supplier.id, amount=invoice.total,
                paid_on=on - timedelta(days=days_ago - 14), reference=f"SEPA {number}",
                invoice_ids=[invoice.id])
