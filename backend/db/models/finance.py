"""Invoices, payments and the double-entry journal."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, Percent, Rate, created_at_column, enum_column, id_column
from backend.enums import AccountType, InvoiceStatus, InvoicingPolicy


class Account(Base):
    """Chart of accounts; journal lines name an account by code."""

    __tablename__ = "accounts"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    type: Mapped[AccountType] = mapped_column(enum_column(AccountType))


class JournalEntry(Base):
    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_posted_at_id", "posted_at", "id"),)

    id: Mapped[int] = id_column()
    posted_at: Mapped[datetime] = created_at_column()
    memo: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The accounting date; the month it falls in must be OPEN when posting.
    booked_on: Mapped[date] = mapped_column(Date, server_default=func.current_date())


class JournalLine(Base):
    __tablename__ = "journal_lines"
    __table_args__ = (
        CheckConstraint("debit >= 0 AND credit >= 0", name="amounts_non_negative"),
        CheckConstraint("(debit = 0) <> (credit = 0)", name="one_side_only"),
    )

    id: Mapped[int] = id_column()
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id", ondelete="CASCADE"))
    account_code: Mapped[str] = mapped_column(ForeignKey("accounts.code"))
    debit: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    credit: Mapped[Decimal] = mapped_column(default=Decimal("0"))


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint("total = subtotal + tax_total", name="total_adds_up"),
        CheckConstraint("amount_paid >= 0 AND amount_paid <= total", name="paid_within_total"),
        CheckConstraint(
            "credited_amount >= 0 AND written_off_amount >= 0"
            " AND amount_paid + credited_amount + written_off_amount <= total",
            name="settled_within_total",
        ),
        Index("ix_invoices_customer_id_issued_on", "customer_id", "issued_on"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    subtotal: Mapped[Decimal] = mapped_column()
    tax_total: Mapped[Decimal] = mapped_column()
    total: Mapped[Decimal] = mapped_column()
    amount_paid: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    status: Mapped[InvoiceStatus] = mapped_column(
        enum_column(InvoiceStatus), default=InvoiceStatus.OPEN
    )
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = created_at_column()
    policy: Mapped[InvoicingPolicy] = mapped_column(
        enum_column(InvoicingPolicy), default=InvoicingPolicy.PER_SHIPMENT,
        server_default="PER_SHIPMENT",
    )
    ship_to_country: Mapped[str | None] = mapped_column(String(2))
    customer_vat_number: Mapped[str | None] = mapped_column(String(32))
    credited_amount: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")
    written_off_amount: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")
    voided_at: Mapped[datetime | None] = mapped_column()
    void_reason: Mapped[str | None] = mapped_column(String(500))
    void_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    write_off_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"

    id: Mapped[int] = id_column()
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("sales_order_lines.id"))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column()
    discount_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal("0"))
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    net_amount: Mapped[Decimal] = mapped_column()
    tax_amount: Mapped[Decimal] = mapped_column()
    line_number: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    tax_category: Mapped[str] = mapped_column(
        String(32), default="STANDARD", server_default="STANDARD"
    )
    legal_note: Mapped[str | None] = mapped_column(String(300))
    credited_quantity: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    credited_amount: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")
    credited_tax: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "unapplied_amount >= 0 AND unapplied_amount <= amount", name="unapplied_range"
        ),
    )

    id: Mapped[int] = id_column()
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    amount: Mapped[Decimal] = mapped_column()
    unapplied_amount: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    received_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100))
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = created_at_column()
    bank_statement_line_id: Mapped[int | None] = mapped_column(Integer)
    reversed_at: Mapped[datetime | None] = mapped_column()
    reversal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))


class PaymentApplication(Base):
    """How much of a payment settled which invoice."""

    __tablename__ = "payment_applications"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payments.id", ondelete="CASCADE"), primary_key=True
    )
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    amount: Mapped[Decimal] = mapped_column()
