"""Sales orders, their lines, stock allocations, approval rules and approvals."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
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

from backend.db.base import Base, Percent, Rate, created_at_column, enum_column, id_column
from backend.enums import ApprovalStatus, OrderLineStatus, OrderStatus, Role


class SalesOrder(Base):
    __tablename__ = "sales_orders"
    __table_args__ = (
        Index("ix_sales_orders_customer_id_created_at", "customer_id", "created_at"),
        Index("ix_sales_orders_status_created_at", "status", "created_at"),
        Index("ix_sales_orders_created_at_id", "created_at", "id"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    status: Mapped[OrderStatus] = mapped_column(enum_column(OrderStatus), default=OrderStatus.DRAFT)
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    customer_reference: Mapped[str | None] = mapped_column(String(100))
    requested_delivery_date: Mapped[date | None] = mapped_column(Date)
    promised_delivery_date: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    # Totals are fixed when lines are written, so lists never re-add lines.
    subtotal: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    tax_total: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    total: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    # Raised when a recall dropped this order's reservations.
    needs_reallocation: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    updated_at: Mapped[datetime] = created_at_column()
    # change control: the current version, and where the order goes.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    ship_to: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class SalesOrderLine(Base):
    __tablename__ = "sales_order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "line_number"),
        # 0 for a line cancelled with nothing shipped.
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("unit_price >= 0", name="unit_price_non_negative"),
        CheckConstraint("discount_percent BETWEEN 0 AND 100", name="discount_range"),
    )

    id: Mapped[int] = id_column()
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"))
    line_number: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column()
    # The price list's price when the line was written, to show deviations.
    list_price: Mapped[Decimal] = mapped_column()
    discount_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal("0"))
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    line_total: Mapped[Decimal] = mapped_column()
    shipped_quantity: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[OrderLineStatus] = mapped_column(
        enum_column(OrderLineStatus), default=OrderLineStatus.OPEN, server_default="OPEN"
    )
    # The line's current promise (domain/sales/promise.py), as JSON.
    promise: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class Allocation(Base):
    """Stock reserved for an order line in one lot at one warehouse."""

    __tablename__ = "allocations"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = id_column()
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("sales_order_lines.id", ondelete="CASCADE")
    )
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()


class ApprovalRule(Base):
    """A rule that makes an order wait for decisions (rules are data, not code): when all
    its `conditions` hold, every role of every level of `levels` is asked, level 1 first."""

    __tablename__ = "approval_rules"

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(300))
    # {"minOrderTotal", "discountAbovePercent", "deviceClasses", "customerRegions",
    #  "exceedsCreditLimit"}: absent or null means no such condition.
    conditions: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # [[role, ...], ...]: level 1 first, the roles of a level approve in parallel.
    levels: Mapped[list[list[str]]] = mapped_column(JSONB, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")


class Approval(Base):
    __tablename__ = "approvals"
    __table_args__ = (
        UniqueConstraint("order_id", "order_version", "rule", "level", "required_role"),
    )

    id: Mapped[int] = id_column()
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(64))
    required_role: Mapped[Role] = mapped_column(enum_column(Role))
    status: Mapped[ApprovalStatus] = mapped_column(
        enum_column(ApprovalStatus), default=ApprovalStatus.PENDING
    )
    requested_at: Mapped[datetime] = created_at_column()
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    # change control: the chain position, the version it was asked for and
    # who wrote that version (who may not decide it), and whose authority a delegate used.
    level: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    order_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
