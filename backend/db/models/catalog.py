"""What is sold and where it is kept: products, warehouses, transit lanes, price lists."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, Rate, created_at_column, enum_column, id_column
from backend.enums import DeviceClass, Replenishment, TrackingMode


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        # The check digit is verified by the domain; the database keeps the shape.
        CheckConstraint("gtin ~ '^[0-9]{14}$'", name="gtin_14_digits"),
        CheckConstraint("unit_price >= 0", name="unit_price_non_negative"),
        CheckConstraint("tax_rate >= 0 AND tax_rate < 1", name="tax_rate_range"),
        CheckConstraint(
            "shelf_life_days IS NULL OR shelf_life_days > 0", name="shelf_life_positive"
        ),
    )

    id: Mapped[int] = id_column()
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    gtin: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    device_class: Mapped[DeviceClass] = mapped_column(enum_column(DeviceClass))
    tracking_mode: Mapped[TrackingMode] = mapped_column(enum_column(TrackingMode))
    shelf_life_days: Mapped[int | None] = mapped_column(Integer)
    # List price; the default price list normally repeats it.
    unit_price: Mapped[Decimal] = mapped_column()
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    # What tax rules are keyed by (finance desk), e.g. STANDARD or MEDICAL_REDUCED.
    tax_category: Mapped[str] = mapped_column(
        String(32), default="STANDARD", server_default="STANDARD"
    )
    sellable: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    # A free grouping ("Infusion"); custom fields and policies key on it.
    product_line: Mapped[str | None] = mapped_column(String(64), index=True)
    # Inactive products take no new order lines.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    replenishment: Mapped[Replenishment] = mapped_column(
        enum_column(Replenishment), default=Replenishment.PURCHASE
    )
    # Days to replenish when stock is short (the promise uses it).
    lead_time_days: Mapped[int | None] = mapped_column(Integer)
    # Its lots need the supplier's certificate of conformity before release.
    requires_supplier_certificate: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="false")
    # What a lot costs when it has no purchase or production cost; staff only.
    standard_cost: Mapped[Decimal | None] = mapped_column()
    created_at: Mapped[datetime] = created_at_column()


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(64))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    gln: Mapped[str | None] = mapped_column(String(13), unique=True)
    address: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")


class TransitLane(Base):
    """Days from a warehouse to customers in a region; drives promised delivery dates."""

    __tablename__ = "transit_lanes"
    __table_args__ = (
        CheckConstraint("transit_days >= 0", name="transit_days_non_negative"),
        UniqueConstraint("warehouse_id", "region"),
    )

    id: Mapped[int] = id_column()
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    region: Mapped[str] = mapped_column(String(64))
    transit_days: Mapped[int] = mapped_column(Integer)
    carrier: Mapped[str | None] = mapped_column(String(64))


class PriceList(Base):
    __tablename__ = "price_lists"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
                        name="validity_order"),
    )

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class PriceListItem(Base):
    __tablename__ = "price_list_items"
    __table_args__ = (CheckConstraint("unit_price >= 0", name="unit_price_non_negative"),)

    price_list_id: Mapped[int] = mapped_column(
        ForeignKey("price_lists.id", ondelete="CASCADE"), primary_key=True
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    unit_price: Mapped[Decimal] = mapped_column()
