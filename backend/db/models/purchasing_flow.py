"""Replenishment by purchase: approval rules and decisions, reorder points,
requisitions and goods receipts."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import ApprovalStatus, PurchaseRequisitionStatus, RequisitionSource, Role


class PurchaseApprovalRule(Base):
    """Documents whose total is above `threshold` need `required_role`'s signed approval."""

    __tablename__ = "purchase_approval_rules"
    __table_args__ = (CheckConstraint("threshold >= 0", name="threshold_non_negative"),)

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(300))
    threshold: Mapped[Decimal]
    required_role: Mapped[Role] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")


class PurchaseApproval(Base):
    """One rule's ask on a requisition or a purchase order, and its signed decision."""

    __tablename__ = "purchase_approvals"
    __table_args__ = (
        CheckConstraint("(requisition_id IS NULL) <> (purchase_order_id IS NULL)",
                        name="one_document"),
    )

    id: Mapped[int] = id_column()
    requisition_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_requisitions.id"))
    purchase_order_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_orders.id"))
    rule: Mapped[str] = mapped_column(String(64))
    required_role: Mapped[Role] = mapped_column(String(32))
    status: Mapped[ApprovalStatus] = mapped_column(enum_column(ApprovalStatus),
                                                   default=ApprovalStatus.PENDING)
    amount: Mapped[Decimal]
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = created_at_column()
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
    comment: Mapped[str | None] = mapped_column(Text)


class ReorderPoint(Base):
    __tablename__ = "reorder_points"
    __table_args__ = (
        UniqueConstraint("product_id", "warehouse_id"),
        CheckConstraint("min_quantity >= 0 AND max_quantity >= min_quantity "
                        "AND max_quantity > 0", name="min_max"),
    )

    id: Mapped[int] = id_column()
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    min_quantity: Mapped[int] = mapped_column(Integer)
    max_quantity: Mapped[int] = mapped_column(Integer)


class PurchaseRequisition(Base):
    __tablename__ = "purchase_requisitions"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[PurchaseRequisitionStatus] = mapped_column(
        enum_column(PurchaseRequisitionStatus))
    note: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()


class PurchaseRequisitionLine(Base):
    __tablename__ = "purchase_requisition_lines"
    __table_args__ = (
        UniqueConstraint("requisition_id", "line_number"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = id_column()
    requisition_id: Mapped[int] = mapped_column(ForeignKey("purchase_requisitions.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    needed_by: Mapped[date | None] = mapped_column(Date)
    source: Mapped[RequisitionSource] = mapped_column(enum_column(RequisitionSource))
    replenishment_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("replenishment_requests.id"))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    estimated_unit_price: Mapped[Decimal | None]


class GoodsReceipt(Base):
    """One delivery: the lots received together, against a purchase order or not."""

    __tablename__ = "goods_receipts"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    purchase_order_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_orders.id"))
    supplier_override_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplier_overrides.id"))
    reference: Mapped[str | None] = mapped_column(Text)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_at: Mapped[datetime] = created_at_column()


class GoodsReceiptLine(Base):
    __tablename__ = "goods_receipt_lines"
    __table_args__ = (
        UniqueConstraint("lot_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = id_column()
    goods_receipt_id: Mapped[int] = mapped_column(ForeignKey("goods_receipts.id"))
    purchase_order_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("purchase_order_lines.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    # The PO line's price, else the supplier's valid price when received.
    unit_cost: Mapped[Decimal | None]

