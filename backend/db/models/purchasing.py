"""The approved supplier list (signed qualifications, approved products, overrides),
supplier prices and purchase orders."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import PurchaseOrderStatus, SupplierQualificationStatus


class SupplierQualification(Base):
    """One signed decision; the newest is the supplier's current status."""

    __tablename__ = "supplier_qualifications"

    id: Mapped[int] = id_column()
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    status: Mapped[SupplierQualificationStatus] = mapped_column(
        enum_column(SupplierQualificationStatus))
    valid_until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    # The approved list as decided, kept for the history; the current list is in
    # supplier_products.
    product_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signatures.id"))
    decided_at: Mapped[datetime] = created_at_column()


class SupplierProduct(Base):
    """A product the supplier is approved to supply (while its qualification holds)."""

    __tablename__ = "supplier_products"

    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)


class SupplierOverride(Base):
    """QA's signed permission to receive a product from a supplier not approved for it."""

    __tablename__ = "supplier_overrides"
    __table_args__ = (
        CheckConstraint("max_quantity > 0", name="max_quantity_positive"),
        CheckConstraint("used_quantity >= 0 AND used_quantity <= max_quantity",
                        name="used_within_max"),
    )

    id: Mapped[int] = id_column()
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    reason: Mapped[str] = mapped_column(Text)
    max_quantity: Mapped[int] = mapped_column(Integer)
    used_quantity: Mapped[int] = mapped_column(Integer, default=0)
    valid_until: Mapped[date] = mapped_column(Date)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signatures.id"))
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()


class SupplierOverrideUse(Base):
    """A lot received under an override, and how much of it the override covered."""

    __tablename__ = "supplier_override_uses"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), primary_key=True)
    override_id: Mapped[int] = mapped_column(ForeignKey("supplier_overrides.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()


class SupplierPrice(Base):
    __tablename__ = "supplier_prices"
    __table_args__ = (
        UniqueConstraint("supplier_id", "product_id", "valid_from"),
        CheckConstraint("unit_price >= 0", name="unit_price_non_negative"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_non_negative"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_range"),
    )

    id: Mapped[int] = id_column()
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    unit_price: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    lead_time_days: Mapped[int] = mapped_column(Integer)
    minimum_order_quantity: Mapped[int | None] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class PurchaseOrder(Base):
    __tablename__ = "purchase_orders"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    status: Mapped[PurchaseOrderStatus] = mapped_column(enum_column(PurchaseOrderStatus))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    note: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    supplier_override_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplier_overrides.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PurchaseOrderLine(Base):
    __tablename__ = "purchase_order_lines"
    __table_args__ = (
        UniqueConstraint("purchase_order_id", "line_number"),
        # A requisition line is ordered on at most one PO line.
        Index("ix_purchase_order_lines_requisition_line_id", "requisition_line_id",
              unique=True),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_non_negative"),
        CheckConstraint("received_quantity >= 0", name="received_non_negative"),
    )

    id: Mapped[int] = id_column()
    purchase_order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal]
    expected_on: Mapped[date] = mapped_column(Date)
    received_quantity: Mapped[int] = mapped_column(Integer, default=0)
    invoiced_quantity: Mapped[int] = mapped_column(Integer, default=0)
    requisition_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("purchase_requisition_lines.id"))
