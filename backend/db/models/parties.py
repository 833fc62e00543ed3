"""People and organisations: users with roles, customers, suppliers."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import (
    CustomerKind,
    CustomerTaxStatus,
    InvoicingPolicy,
    Role,
    SupplierQualificationStatus,
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = id_column()
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    # Set for PARTNER users: the one customer whose data they may see.
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    created_at: Mapped[datetime] = created_at_column()
    # user administration (migration 0021): lockout, first sign-in, token revocation.
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    password_change_required: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="false")
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Raised when a user's tokens must stop working (deactivation, password reset).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The web app's language for this user ("en", "zh-CN"); null: the browser's language.
    language: Mapped[str | None] = mapped_column(String(8))


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role), primary_key=True)


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        CheckConstraint("credit_limit >= 0", name="credit_limit_non_negative"),
        CheckConstraint("min_remaining_shelf_life_days >= 0", name="shelf_life_non_negative"),
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
    )

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[CustomerKind] = mapped_column(enum_column(CustomerKind))
    region: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    credit_limit: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    min_remaining_shelf_life_days: Mapped[int] = mapped_column(Integer, default=0)
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    gln: Mapped[str | None] = mapped_column(String(13), unique=True)
    # A customer-specific price list; products missing from it fall back to the default list.
    price_list_id: Mapped[int | None] = mapped_column(ForeignKey("price_lists.id"))
    created_at: Mapped[datetime] = created_at_column()
    # finance desk: the tax rule follows the ship-to country and the tax status.
    country: Mapped[str | None] = mapped_column(String(2))
    vat_number: Mapped[str | None] = mapped_column(String(32))
    tax_status: Mapped[CustomerTaxStatus] = mapped_column(
        enum_column(CustomerTaxStatus), default=CustomerTaxStatus.STANDARD,
        server_default="STANDARD",
    )
    # Null: the global default (financeSettings.defaultInvoicingPolicy).
    invoicing_policy: Mapped[InvoicingPolicy | None] = mapped_column(
        enum_column(InvoicingPolicy)
    )
    # Inactive customers take no new orders; their history stays.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")


class Supplier(Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    # Kept by setSupplierQualification: QUALIFIED or CONDITIONAL; expiry is read at use.
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    gln: Mapped[str | None] = mapped_column(String(13), unique=True)
    qualification_status: Mapped[SupplierQualificationStatus] = mapped_column(
        enum_column(SupplierQualificationStatus), default=SupplierQualificationStatus.PENDING,
        server_default=SupplierQualificationStatus.PENDING.value)
    qualified_until: Mapped[date | None] = mapped_column(Date)
    qualification_note: Mapped[str | None] = mapped_column(Text)
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    created_at: Mapped[datetime] = created_at_column()
    address: Mapped[str | None] = mapped_column(String(500))


class NumberSequence(Base):
    """Gap-free, increasing document numbers per series and year (SO-2026-000123)."""

    __tablename__ = "number_sequences"

    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(BigInteger, default=0)
