"""What the finance desk adds: tax rules, bank accounts and statements, refunds, periods,
which shipments an invoice covers and the lines of a credit note."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, Rate, created_at_column, enum_column, id_column
from backend.enums import (
    AccountingPeriodStatus,
    BankEntryDirection,
    BankStatementFormat,
    BankStatementLineStatus,
    CustomerTaxStatus,
)


class TaxRule(Base):
    """A VAT rate as data: ship-to country (null: any), tax category, customer tax status."""

    __tablename__ = "tax_rules"
    __table_args__ = (
        CheckConstraint("rate >= 0 AND rate <= 1", name="rate_range"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity"),
        Index("ix_tax_rules_tax_category_status", "tax_category", "customer_tax_status"),
    )

    id: Mapped[int] = id_column()
    country: Mapped[str | None] = mapped_column(String(2))
    tax_category: Mapped[str] = mapped_column(String(32))
    customer_tax_status: Mapped[CustomerTaxStatus] = mapped_column(
        enum_column(CustomerTaxStatus)
    )
    rate: Mapped[Decimal] = mapped_column(Rate)
    legal_note: Mapped[str | None] = mapped_column(String(300))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()


class BankAccount(Base):
    __tablename__ = "bank_accounts"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(100))
    iban: Mapped[str] = mapped_column(String(34), unique=True)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    ledger_account: Mapped[str] = mapped_column(ForeignKey("accounts.code"))


class InvoiceShipment(Base):
    """The shipments an invoice covers; a void invoice's shipments are invoiceable again."""

    __tablename__ = "invoice_shipments"

    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), primary_key=True
    )
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), primary_key=True)


class CreditNoteLine(Base):
    __tablename__ = "credit_note_lines"
    __table_args__ = (
        CheckConstraint("net_amount >= 0 AND tax_amount >= 0", name="amounts_non_negative"),
    )

    id: Mapped[int] = id_column()
    credit_note_id: Mapped[int] = mapped_column(ForeignKey("credit_notes.id", ondelete="CASCADE"))
    invoice_line_id: Mapped[int] = mapped_column(ForeignKey("invoice_lines.id"))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int | None] = mapped_column(Integer)
    net_amount: Mapped[Decimal] = mapped_column()
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    tax_amount: Mapped[Decimal] = mapped_column()


class CustomerRefund(Base):
    """Money paid back out of a customer's credit balance: Dr Receivables / Cr bank."""

    __tablename__ = "customer_refunds"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    amount: Mapped[Decimal] = mapped_column()
    paid_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100))
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = created_at_column()


class AccountingPeriod(Base):
    """A calendar month; the id is year * 100 + month. A missing row is an OPEN month."""

    __tablename__ = "accounting_periods"
    __table_args__ = (CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[AccountingPeriodStatus] = mapped_column(
        enum_column(AccountingPeriodStatus), default=AccountingPeriodStatus.OPEN
    )
    closed_at: Mapped[datetime | None] = mapped_column()
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class BankStatement(Base):
    __tablename__ = "bank_statements"
    __table_args__ = (
        UniqueConstraint("bank_account_id", "bank_statement_id"),
        Index("ix_bank_statements_sha256", "sha256"),
    )

    id: Mapped[int] = id_column()
    bank_account_id: Mapped[int] = mapped_column(ForeignKey("bank_accounts.id"))
    format: Mapped[BankStatementFormat] = mapped_column(enum_column(BankStatementFormat))
    bank_statement_id: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = created_at_column()
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opening_balance: Mapped[Decimal | None] = mapped_column()
    closing_balance: Mapped[Decimal | None] = mapped_column()


class BankStatementLine(Base):
    __tablename__ = "bank_statement_lines"
    __table_args__ = (
        UniqueConstraint("statement_id", "line_number"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_bank_statement_lines_status_id", "status", "id"),
    )

    id: Mapped[int] = id_column()
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("bank_statements.id", ondelete="CASCADE")
    )
    line_number: Mapped[int] = mapped_column(Integer)
    booking_date: Mapped[date] = mapped_column(Date)
    value_date: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column()
    currency: Mapped[str] = mapped_column(String(3))
    direction: Mapped[BankEntryDirection] = mapped_column(enum_column(BankEntryDirection))
    counterparty_name: Mapped[str | None] = mapped_column(String(200))
    counterparty_iban: Mapped[str | None] = mapped_column(String(34))
    remittance_information: Mapped[str | None] = mapped_column(Text)
    end_to_end_id: Mapped[str | None] = mapped_column(String(64))
    bank_reference: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[BankStatementLineStatus] = mapped_column(
        enum_column(BankStatementLineStatus), default=BankStatementLineStatus.UNMATCHED
    )
    # [{"invoice_id": 1, "reason": "..."}] for PROPOSED lines.
    proposals: Mapped[list[dict[str, object]]] = mapped_column(JSONB, default=list)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
