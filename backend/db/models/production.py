"""Production: work centres, BOM versions (components, routing, master batch record),
work orders with their reservations, issues and schedule, and the executed batch record."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, Percent, created_at_column, enum_column, id_column
from backend.enums import (
    BatchDeviationDisposition,
    BatchDeviationStatus,
    BatchRecordStatus,
    BatchStepStatus,
    BomVersionStatus,
    WorkOrderStatus,
)

Minutes = Numeric(10, 3)


class WorkCenter(Base):
    __tablename__ = "work_centers"
    __table_args__ = (
        CheckConstraint("hours_per_day > 0 AND hours_per_day <= 24", name="hours_per_day_range"),
    )

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    hours_per_day: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at_column()


class BomVersion(Base):
    __tablename__ = "bom_versions"
    __table_args__ = (UniqueConstraint("product_id", "version"),)

    id: Mapped[int] = id_column()
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[BomVersionStatus] = mapped_column(enum_column(BomVersionStatus),
                                                     default=BomVersionStatus.DRAFT)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    change_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approval_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))


class BomComponent(Base):
    __tablename__ = "bom_components"
    __table_args__ = (
        CheckConstraint("quantity_per >= 1", name="quantity_per_positive"),
        CheckConstraint("scrap_percent >= 0 AND scrap_percent <= 100", name="scrap_range"),
        UniqueConstraint("bom_version_id", "product_id"),
    )

    bom_version_id: Mapped[int] = mapped_column(ForeignKey("bom_versions.id"), primary_key=True)
    line_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity_per: Mapped[int] = mapped_column(Integer)
    scrap_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal("0"))


class RoutingOperation(Base):
    __tablename__ = "routing_operations"

    bom_version_id: Mapped[int] = mapped_column(ForeignKey("bom_versions.id"), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    work_center_id: Mapped[int] = mapped_column(ForeignKey("work_centers.id"))
    setup_minutes: Mapped[int] = mapped_column(Integer)
    run_minutes_per_unit: Mapped[Decimal] = mapped_column(Minutes)


class BatchStepTemplate(Base):
    """A step of the master batch record; its parameters as a list of
    {code, name, kind, unit, min, max} (decimals as text)."""

    __tablename__ = "batch_step_templates"

    bom_version_id: Mapped[int] = mapped_column(ForeignKey("bom_versions.id"), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text)
    operation_sequence: Mapped[int | None] = mapped_column(Integer)
    parameters: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    requires_verification: Mapped[bool] = mapped_column(Boolean, default=False)


class WorkOrder(Base):
    __tablename__ = "work_orders"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("completed_quantity >= 0", name="completed_not_negative"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    bom_version_id: Mapped[int] = mapped_column(ForeignKey("bom_versions.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    completed_quantity: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[WorkOrderStatus] = mapped_column(enum_column(WorkOrderStatus),
                                                    default=WorkOrderStatus.PLANNED)
    due_date: Mapped[date] = mapped_column(Date)
    scheduled_start: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scheduled_finish: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sales_order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id"))
    replenishment_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("replenishment_requests.id"))
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class WorkOrderComponent(Base):
    __tablename__ = "work_order_components"
    __table_args__ = (
        CheckConstraint("required_quantity > 0", name="required_positive"),
        CheckConstraint("issued_quantity >= 0", name="issued_not_negative"),
    )

    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), primary_key=True)
    line_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    required_quantity: Mapped[int] = mapped_column(Integer)
    issued_quantity: Mapped[int] = mapped_column(Integer, default=0)


class WorkOrderReservation(Base):
    """Units of a released lot held for a component line until issued or freed."""

    __tablename__ = "work_order_reservations"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        ForeignKeyConstraint(["work_order_id", "line_number"],
                             ["work_order_components.work_order_id",
                              "work_order_components.line_number"],
                             name="fk_work_order_reservations_line"),
        UniqueConstraint("work_order_id", "line_number", "lot_id"),
    )

    id: Mapped[int] = id_column()
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int] = mapped_column(Integer)


class WorkOrderIssue(Base):
    """Material issued to a work order: one lot, its quantity and, for serial components,
    the serials."""

    __tablename__ = "work_order_issues"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = id_column()
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    serial_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    issued_at: Mapped[datetime] = created_at_column()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class WorkOrderOutput(Base):
    """A lot a work order made (the lot's `workOrder`)."""

    __tablename__ = "work_order_outputs"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = created_at_column()


class SerialLink(Base):
    """A component serial built into an assembly serial (each component serial once)."""

    __tablename__ = "serial_links"

    component_serial_id: Mapped[int] = mapped_column(ForeignKey("serials.id"), primary_key=True)
    assembly_serial_id: Mapped[int] = mapped_column(ForeignKey("serials.id"))
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))


class CapacityBooking(Base):
    """A slice of one operation of a work order on one work centre on one day."""

    __tablename__ = "capacity_bookings"
    __table_args__ = (CheckConstraint("minutes > 0", name="minutes_positive"),)

    id: Mapped[int] = id_column()
    work_center_id: Mapped[int] = mapped_column(ForeignKey("work_centers.id"))
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    operation_sequence: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finish: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    minutes: Mapped[int] = mapped_column(Integer)


class BatchRecord(Base):
    __tablename__ = "batch_records"

    id: Mapped[int] = id_column()
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), unique=True)
    status: Mapped[BatchRecordStatus] = mapped_column(enum_column(BatchRecordStatus),
                                                      default=BatchRecordStatus.IN_PROGRESS)
    created_at: Mapped[datetime] = created_at_column()
    review_approved: Mapped[bool | None] = mapped_column(Boolean)
    review_comment: Mapped[str | None] = mapped_column(Text)
    review_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class BatchDeviation(Base):
    """An out-of-limit value of a batch step, open until QA closes it with a disposition."""

    __tablename__ = "batch_deviations"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    step_sequence: Mapped[int] = mapped_column(Integer)
    # the parameter as the step defined it: {code, name, kind, unit, min, max}
    parameter: Mapped[dict[str, Any]] = mapped_column(JSONB)
    value: Mapped[str] = mapped_column(Text)
    status: Mapped[BatchDeviationStatus] = mapped_column(enum_column(BatchDeviationStatus),
                                                         default=BatchDeviationStatus.OPEN)
    raised_at: Mapped[datetime] = created_at_column()
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    disposition: Mapped[BatchDeviationDisposition | None] = mapped_column(
        enum_column(BatchDeviationDisposition))
    rationale: Mapped[str | None] = mapped_column(Text)
    closure_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
    nonconformance_id: Mapped[int | None] = mapped_column(ForeignKey("nonconformances.id"))


class BatchRecordStep(Base):
    """A step as executed: copied from the master batch record at release."""

    __tablename__ = "batch_record_steps"

    batch_record_id: Mapped[int] = mapped_column(ForeignKey("batch_records.id"),
                                                 primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text)
    parameters: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    requires_verification: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[BatchStepStatus] = mapped_column(enum_column(BatchStepStatus),
                                                    default=BatchStepStatus.PENDING)
    # [{code, value, within_limits}] as entered
    values: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    comment: Mapped[str | None] = mapped_column(Text)
    performed_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
    verified_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
