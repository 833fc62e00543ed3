"""What stock is worth and what is owed to suppliers: lot value postings, supplier invoices
matched against PO lines and receipts, and supplier payments."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import SupplierInvoiceStatus, ThreeWayMatchStatus


class LotValuation(Base):
    """One lot's share of a journal entry that moved value into or out of Inventory (1300):
    `amount` is signed (receipts positive, shipments and write-offs negative)."""

    __tablename__ = "lot_valuations"

    id: Mapped[int] = id_column()
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    move_id: Mapped[int | None] = mapped_column(ForeignKey("stock_moves.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal]


class SupplierInvoice(Base):
    __tablename__ = "supplier_invoices"
    __table_args__ = (
        UniqueConstraint("supplier_id", "supplier_invoice_number"),
        CheckConstraint("total = subtotal + tax_amount", name="total_adds_up"),
        CheckConstraint("amount_paid >= 0 AND amount_paid <= total", name="paid_within_total"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    supplier_invoice_number: Mapped[str] = mapped_column(String(64))
    invoice_date: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[SupplierInvoiceStatus] = mapped_column(enum_column(SupplierInvoiceStatus))
    match_status: Mapped[ThreeWayMatchStatus] = mapped_column(enum_column(ThreeWayMatchStatus))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    subtotal: Mapped[Decimal]
    tax_amount: Mapped[Decimal]
    total: Mapped[Decimal]
    amount_paid: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()


class SupplierInvoiceLine(Base):
    __tablename__ = "supplier_invoice_lines"
    __table_args__ = (
        UniqueConstraint("supplier_invoice_id", "line_number"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_non_negative"),
    )

    id: Mapped[int] = id_column()
    supplier_invoice_id: Mapped[int] = mapped_column(ForeignKey("supplier_invoices.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    purchase_order_line_id: Mapped[int] = mapped_column(ForeignKey("purchase_order_lines.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal]
    net_amount: Mapped[Decimal]
    # The PO line as matched: ordered, received and not invoiced before, its price.
    ordered_quantity: Mapped[int] = mapped_column(Integer)
    received_quantity: Mapped[int] = mapped_column(Integer)
    po_unit_price: Mapped[Decimal]
    price_variance: Mapped[Decimal]
    issues: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)


class SupplierPayment(Base):
    __tablename__ = "supplier_payments"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = id_column()
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    amount: Mapped[Decimal]
    paid_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(140))
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()


class SupplierPaymentApplication(Base):
    __tablename__ = "supplier_payment_applications"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    payment_id: Mapped[int] = mapped_column(ForeignKey("supplier_payments.id"),
                                            primary_key=True)
    supplier_invoice_id: Mapped[int] = mapped_column(ForeignKey("supplier_invoices.id"),
                                                     primary_key=True)
    amount: Mapped[Decimal]
