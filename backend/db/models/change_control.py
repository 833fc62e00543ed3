"""Orders under change control: versions, approval delegations, customer licences."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import CustomerKind


class SalesOrderVersion(Base):
    """One version of an order: 1 as created, one more per amendment or short-close."""

    __tablename__ = "sales_order_versions"
    __table_args__ = (UniqueConstraint("order_id", "version"),)

    id: Mapped[int] = id_column()
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    # [{"field", "lineNumber", "before", "after"}], as the API serialises the values.
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    subtotal: Mapped[Decimal] = mapped_column()
    tax_total: Mapped[Decimal] = mapped_column()
    total: Mapped[Decimal] = mapped_column()


class ApprovalDelegation(Base):
    """While active, `delegate` decides approvals asking for the delegator's `roles`."""

    __tablename__ = "approval_delegations"

    id: Mapped[int] = id_column()
    delegator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    ended_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = created_at_column()


class CustomerLicence(Base):
    """A licence allowing a customer to be sold devices of the classes it covers."""

    __tablename__ = "customer_licences"

    id: Mapped[int] = id_column()
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    number: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(200))
    device_classes: Mapped[list[str]] = mapped_column(ARRAY(String(8)))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_reason: Mapped[str | None] = mapped_column(Text)


class LicenceRequirement(Base):
    """Which device classes need a covering licence; null region or kind: every one."""

    __tablename__ = "licence_requirements"

    id: Mapped[int] = id_column()
    region: Mapped[str | None] = mapped_column(String(64))
    customer_kind: Mapped[CustomerKind | None] = mapped_column(enum_column(CustomerKind))
    device_classes: Mapped[list[str]] = mapped_column(ARRAY(String(8)))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
