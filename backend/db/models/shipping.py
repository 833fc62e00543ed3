"""Shipments, what they carried (lot and quantity per line) and which serials."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import ShipmentStatus


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"))
    # Denormalised from the order: partner scoping and recall notices filter by it.
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    status: Mapped[ShipmentStatus] = mapped_column(
        enum_column(ShipmentStatus), default=ShipmentStatus.PICKING
    )
    carrier: Mapped[str | None] = mapped_column(String(64))
    tracking_number: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_at_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    shipped_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()


class ShipmentLine(Base):
    __tablename__ = "shipment_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = id_column()
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"))
    order_line_id: Mapped[int] = mapped_column(ForeignKey("sales_order_lines.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    quantity: Mapped[int] = mapped_column(Integer)


class ShipmentLineSerial(Base):
    __tablename__ = "shipment_line_serials"

    shipment_line_id: Mapped[int] = mapped_column(
        ForeignKey("shipment_lines.id", ondelete="CASCADE"), primary_key=True
    )
    serial_id: Mapped[int] = mapped_column(ForeignKey("serials.id"), primary_key=True)


class ShippingCarton(Base):
    """A carton of a shipment; its SSCC is issued once, from a sequence, and never reused."""

    __tablename__ = "shipping_cartons"
    __table_args__ = (
        CheckConstraint("sequence >= 1", name="sequence_positive"),
        UniqueConstraint("shipment_id", "sequence"),
    )

    id: Mapped[int] = id_column()
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(Integer)
    sscc: Mapped[str] = mapped_column(String(18), unique=True)
