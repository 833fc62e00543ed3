"""Lots and their genealogy, serials, the stock ledger and per (warehouse, lot) balances."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import LotStatus, SerialStatus, StockMoveKind


class Lot(Base):
    __tablename__ = "lots"
    __table_args__ = (
        UniqueConstraint("product_id", "lot_number"),
        CheckConstraint(
            "expires_on IS NULL OR manufactured_on IS NULL OR expires_on >= manufactured_on",
            name="expiry_after_manufacture",
        ),
        Index("ix_lots_status_expires_on", "status", "expires_on"),
    )

    id: Mapped[int] = id_column()
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_number: Mapped[str] = mapped_column(String(64))
    # Set for purchased lots; produced lots have components instead.
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    manufactured_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    # What one unit is carried at in Inventory (to the cent, so value = quantity x cost).
    unit_cost: Mapped[Decimal | None] = mapped_column()
    status: Mapped[LotStatus] = mapped_column(enum_column(LotStatus), default=LotStatus.QUARANTINE)
    supplier_lot_number: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_at_column()


class LotComponent(Base):
    """Genealogy: `lot_id` was made by consuming `quantity` of `component_lot_id`."""

    __tablename__ = "lot_components"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("lot_id <> component_lot_id", name="not_self"),
    )

    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), primary_key=True)
    component_lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)


class Serial(Base):
    __tablename__ = "serials"
    __table_args__ = (UniqueConstraint("product_id", "serial_number"),)

    id: Mapped[int] = id_column()
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    serial_number: Mapped[str] = mapped_column(String(64))
    status: Mapped[SerialStatus] = mapped_column(
        enum_column(SerialStatus), default=SerialStatus.IN_STOCK
    )
    # Where the unit is now; null once it has left our warehouses.
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    allocation_id: Mapped[int | None] = mapped_column(
        ForeignKey("allocations.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()


class StockMove(Base):
    """One immutable row per change of quantity; balances are its running sum."""

    __tablename__ = "stock_moves"
    __table_args__ = (
        CheckConstraint("quantity <> 0", name="quantity_non_zero"),
        Index("ix_stock_moves_lot_id_occurred_at", "lot_id", "occurred_at"),
    )

    id: Mapped[int] = id_column()
    kind: Mapped[StockMoveKind] = mapped_column(enum_column(StockMoveKind))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    serial_id: Mapped[int | None] = mapped_column(ForeignKey("serials.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    # Signed: positive into the warehouse, negative out of it.
    quantity: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = created_at_column()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reference: Mapped[str | None] = mapped_column(String(120))
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"))


class StockBalance(Base):
    __tablename__ = "stock_balances"
    __table_args__ = (
        # The last line of defence against overselling.
        CheckConstraint("on_hand >= 0", name="on_hand_non_negative"),
        CheckConstraint("reserved >= 0", name="reserved_non_negative"),
        CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
        CheckConstraint("held >= 0", name="held_non_negative"),
        CheckConstraint("reserved + held <= on_hand", name="held_within_on_hand"),
        Index(
            "ix_stock_balances_product_available",
            "product_id",
            postgresql_where=text("on_hand > reserved"),
        ),
        # Free stock per product and warehouse, for available to promise.
        Index(
            "ix_stock_balances_product_warehouse_free",
            "product_id",
            "warehouse_id",
            postgresql_include=["lot_id", "on_hand", "reserved", "held"],
            postgresql_where=text("on_hand > reserved + held"),
        ),
    )

    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    on_hand: Mapped[int] = mapped_column(BigInteger, default=0)
    reserved: Mapped[int] = mapped_column(BigInteger, default=0)
    # Units under a hold of part of the lot (a quantity or serials): on hand, never allocated.
    held: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
