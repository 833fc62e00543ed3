"""What the sales flow adds: quotes, backorder replenishment, transfers, returns, credit notes."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, Percent, Rate, created_at_column, enum_column, id_column
from backend.enums import QuoteStatus, Replenishment, ReplenishmentStatus


class Quote(Base):
    """Prices offered to a customer until `valid_until`; converts into an order at those prices."""

    __tablename__ = "quotes"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    status: Mapped[QuoteStatus] = mapped_column(enum_column(QuoteStatus), default=QuoteStatus.OPEN)
    valid_until: Mapped[date] = mapped_column(Date)
    customer_reference: Mapped[str | None] = mapped_column(String(100))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    subtotal: Mapped[Decimal] = mapped_column()
    tax_total: Mapped[Decimal] = mapped_column()
    total: Mapped[Decimal] = mapped_column()
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The order it became, once converted.
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id"))


class QuoteLine(Base):
    __tablename__ = "quote_lines"
    __table_args__ = (
        UniqueConstraint("quote_id", "line_number"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_non_negative"),
        CheckConstraint("discount_percent BETWEEN 0 AND 100", name="discount_range"),
    )

    id: Mapped[int] = id_column()
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    line_number: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column()
    list_price: Mapped[Decimal] = mapped_column()
    discount_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal("0"))
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    line_total: Mapped[Decimal] = mapped_column()


class ReplenishmentRequest(Base):
    """Raised for a backordered order line: buy or make the missing quantity."""

    __tablename__ = "replenishment_requests"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    order_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("sales_order_lines.id", ondelete="SET NULL")
    )
    quantity: Mapped[int] = mapped_column(Integer)
    kind: Mapped[Replenishment] = mapped_column(enum_column(Replenishment))
    status: Mapped[ReplenishmentStatus] = mapped_column(
        enum_column(ReplenishmentStatus), default=ReplenishmentStatus.OPEN
    )
    created_at: Mapped[datetime] = created_at_column()
    closed_at: Mapped[datetime | None] = mapped_column()


class StockTransfer(Base):
    """Stock of one lot moved between warehouses: a TRANSFER_OUT and a TRANSFER_IN move."""

    __tablename__ = "stock_transfers"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("from_warehouse_id <> to_warehouse_id", name="between_warehouses"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    from_warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    to_warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CustomerReturn(Base):
    """Goods a customer sent back from a shipment; they come back held for QA."""

    __tablename__ = "customer_returns"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"))
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CustomerReturnLine(Base):
    __tablename__ = "customer_return_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = id_column()
    return_id: Mapped[int] = mapped_column(ForeignKey("customer_returns.id", ondelete="CASCADE"))
    shipment_line_id: Mapped[int] = mapped_column(ForeignKey("shipment_lines.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    quantity: Mapped[int] = mapped_column(Integer)


class CreditNote(Base):
    """Money owed back to a customer for returned goods that were invoiced."""

    __tablename__ = "credit_notes"
    __table_args__ = (CheckConstraint("total = subtotal + tax_total", name="total_adds_up"),)

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    # Set for the credit of a customer return; a desk credit note has none.
    return_id: Mapped[int | None] = mapped_column(ForeignKey("customer_returns.id"), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    subtotal: Mapped[Decimal] = mapped_column()
    tax_total: Mapped[Decimal] = mapped_column()
    total: Mapped[Decimal] = mapped_column()
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = created_at_column()
    reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # Part of the total set against the invoice's balance; the rest is the customer's credit.
    applied_to_invoice: Mapped[Decimal] = mapped_column(
        default=Decimal("0"), server_default="0"
    )


class SalesSetting(Base):
    """Policies of the sales flow as data, e.g. `invoice_on` = DELIVERED or SHIPPED."""

    __tablename__ = "sales_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(300))
