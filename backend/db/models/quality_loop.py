"""The quality loop: holds, nonconformances, CAPAs, allocation issues, expiry alerts,
inspection plans and tasks, retained samples and recall reconciliation."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import (
    AllocationIssueReason,
    CapaActionKind,
    CapaActionStatus,
    CapaStatus,
    InspectionKind,
    InspectionTaskStatus,
    NonconformanceDisposition,
    NonconformanceSeverity,
    NonconformanceSource,
    NonconformanceStatus,
    QualityHoldScope,
    QualityHoldStatus,
)


class Nonconformance(Base):
    __tablename__ = "nonconformances"
    __table_args__ = (
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[NonconformanceSource] = mapped_column(enum_column(NonconformanceSource))
    severity: Mapped[NonconformanceSeverity] = mapped_column(enum_column(NonconformanceSeverity))
    status: Mapped[NonconformanceStatus] = mapped_column(
        enum_column(NonconformanceStatus), default=NonconformanceStatus.OPEN
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[datetime] = created_at_column()
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int | None] = mapped_column(Integer)
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    customer_return_id: Mapped[int | None] = mapped_column(ForeignKey("customer_returns.id"))
    root_cause: Mapped[str | None] = mapped_column(Text)
    disposition: Mapped[NonconformanceDisposition | None] = mapped_column(
        enum_column(NonconformanceDisposition)
    )
    disposition_comment: Mapped[str | None] = mapped_column(Text)
    disposition_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
    closed_at: Mapped[datetime | None] = mapped_column()
    closure_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))


class NonconformanceSerial(Base):
    __tablename__ = "nonconformance_serials"

    nonconformance_id: Mapped[int] = mapped_column(
        ForeignKey("nonconformances.id", ondelete="CASCADE"), primary_key=True
    )
    serial_id: Mapped[int] = mapped_column(ForeignKey("serials.id"), primary_key=True)


class NonconformanceNote(Base):
    __tablename__ = "nonconformance_notes"

    id: Mapped[int] = id_column()
    nonconformance_id: Mapped[int] = mapped_column(
        ForeignKey("nonconformances.id", ondelete="CASCADE")
    )
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_at_column()


class QualityHold(Base):
    __tablename__ = "quality_holds"
    __table_args__ = (
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    scope: Mapped[QualityHoldScope] = mapped_column(enum_column(QualityHoldScope))
    status: Mapped[QualityHoldStatus] = mapped_column(
        enum_column(QualityHoldStatus), default=QualityHoldStatus.ACTIVE
    )
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    nonconformance_id: Mapped[int | None] = mapped_column(ForeignKey("nonconformances.id"))
    customer_return_id: Mapped[int | None] = mapped_column(ForeignKey("customer_returns.id"))
    placed_at: Mapped[datetime] = created_at_column()
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime | None] = mapped_column()
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    release_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))


class QualityHoldSerial(Base):
    __tablename__ = "quality_hold_serials"

    hold_id: Mapped[int] = mapped_column(
        ForeignKey("quality_holds.id", ondelete="CASCADE"), primary_key=True
    )
    serial_id: Mapped[int] = mapped_column(ForeignKey("serials.id"), primary_key=True)
    # Where the unit was held (its balance row carries the held count).
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))


class AllocationIssue(Base):
    """A reservation taken from an order, and how much of it was re-reserved at once."""

    __tablename__ = "allocation_issues"

    id: Mapped[int] = id_column()
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"))
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("quality_holds.id"))
    reason: Mapped[AllocationIssueReason] = mapped_column(enum_column(AllocationIssueReason))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    reallocated_quantity: Mapped[int] = mapped_column(Integer, default=0)
    occurred_at: Mapped[datetime] = created_at_column()
    message: Mapped[str] = mapped_column(Text)


class Capa(Base):
    __tablename__ = "capas"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    problem_statement: Mapped[str] = mapped_column(Text)
    status: Mapped[CapaStatus] = mapped_column(enum_column(CapaStatus), default=CapaStatus.OPEN)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = created_at_column()
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column()
    closure_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))


class CapaNonconformance(Base):
    __tablename__ = "capa_nonconformances"

    capa_id: Mapped[int] = mapped_column(ForeignKey("capas.id", ondelete="CASCADE"),
                                         primary_key=True)
    nonconformance_id: Mapped[int] = mapped_column(ForeignKey("nonconformances.id"),
                                                   primary_key=True)


class CapaAction(Base):
    __tablename__ = "capa_actions"

    id: Mapped[int] = id_column()
    capa_id: Mapped[int] = mapped_column(ForeignKey("capas.id", ondelete="CASCADE"))
    kind: Mapped[CapaActionKind] = mapped_column(enum_column(CapaActionKind))
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[CapaActionStatus] = mapped_column(
        enum_column(CapaActionStatus), default=CapaActionStatus.OPEN
    )
    evidence: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[datetime | None] = mapped_column()
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CapaEffectivenessCheck(Base):
    __tablename__ = "capa_effectiveness_checks"

    id: Mapped[int] = id_column()
    capa_id: Mapped[int] = mapped_column(ForeignKey("capas.id", ondelete="CASCADE"))
    effective: Mapped[bool] = mapped_column(Boolean)
    evidence: Mapped[str] = mapped_column(Text)
    checked_at: Mapped[datetime] = created_at_column()
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class ExpiryAlert(Base):
    __tablename__ = "expiry_alerts"

    id: Mapped[int] = id_column()
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), unique=True)
    expires_on: Mapped[date] = mapped_column(Date)
    days_left: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    raised_at: Mapped[datetime] = created_at_column()


class InspectionPlan(Base):
    __tablename__ = "inspection_plans"
    __table_args__ = (
        UniqueConstraint("product_id", "kind", "version"),
        CheckConstraint("sample_size > 0", name="sample_size_positive"),
    )

    id: Mapped[int] = id_column()
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    kind: Mapped[InspectionKind] = mapped_column(enum_column(InspectionKind))
    version: Mapped[int] = mapped_column(Integer)
    sample_size: Mapped[int] = mapped_column(Integer)
    # [{"code", "name", "kind", "unit", "lower_limit", "upper_limit"}], limits as strings.
    characteristics: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class InspectionTask(Base):
    __tablename__ = "inspection_tasks"

    id: Mapped[int] = id_column()
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    kind: Mapped[InspectionKind] = mapped_column(enum_column(InspectionKind))
    status: Mapped[InspectionTaskStatus] = mapped_column(
        enum_column(InspectionTaskStatus), default=InspectionTaskStatus.PENDING
    )
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_plans.id"))
    created_at: Mapped[datetime] = created_at_column()
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))


class RetainedSample(Base):
    __tablename__ = "retained_samples"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("remaining_quantity >= 0 AND remaining_quantity <= quantity",
                        name="remaining_within_quantity"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    location: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    remaining_quantity: Mapped[int] = mapped_column(Integer)
    retain_until: Mapped[date] = mapped_column(Date)
    taken_at: Mapped[datetime] = created_at_column()
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class RetainedSampleSerial(Base):
    __tablename__ = "retained_sample_serials"

    sample_id: Mapped[int] = mapped_column(
        ForeignKey("retained_samples.id", ondelete="CASCADE"), primary_key=True
    )
    serial_id: Mapped[int] = mapped_column(ForeignKey("serials.id"), primary_key=True)


class RetainedSamplePull(Base):
    __tablename__ = "retained_sample_pulls"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = id_column()
    sample_id: Mapped[int] = mapped_column(ForeignKey("retained_samples.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    pulled_at: Mapped[datetime] = created_at_column()
    pulled_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class RecallReconciliation(Base):
    """Figures a customer reports for one lot of a recall; each given one replaces the last."""

    __tablename__ = "recall_reconciliations"
    __table_args__ = (
        CheckConstraint("destroyed >= 0 AND used >= 0 AND confirmed_on_hand >= 0",
                        name="figures_non_negative"),
    )

    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id", ondelete="CASCADE"),
                                           primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), primary_key=True)
    destroyed: Mapped[int] = mapped_column(Integer, default=0)
    used: Mapped[int] = mapped_column(Integer, default=0)
    confirmed_on_hand: Mapped[int] = mapped_column(Integer, default=0)
    evidence: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = created_at_column()
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class RecallSupplierNotice(Base):
    __tablename__ = "recall_supplier_notices"
    __table_args__ = (UniqueConstraint("recall_id", "supplier_id"),)

    id: Mapped[int] = id_column()
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id", ondelete="CASCADE"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    lot_ids: Mapped[list[int]] = mapped_column(JSONB)
    notified_at: Mapped[datetime] = created_at_column()
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
