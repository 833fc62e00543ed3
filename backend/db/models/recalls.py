"""Recalls: the lots they cover, the shipments affected and one notice per customer."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import RecallClass, RecallResponseChannel, RecallStatus


class Recall(Base):
    __tablename__ = "recalls"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(32), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    recall_class: Mapped[RecallClass] = mapped_column(enum_column(RecallClass))
    status: Mapped[RecallStatus] = mapped_column(
        enum_column(RecallStatus), default=RecallStatus.OPEN
    )
    initiated_at: Mapped[datetime] = created_at_column()
    initiated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
    closed_at: Mapped[datetime | None] = mapped_column()
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closure_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
    closure_justification: Mapped[str | None] = mapped_column(Text)


class RecallLot(Base):
    __tablename__ = "recall_lots"

    recall_id: Mapped[int] = mapped_column(
        ForeignKey("recalls.id", ondelete="CASCADE"), primary_key=True
    )
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), primary_key=True)
    # Root lots were named by the initiator; the others were found through genealogy.
    is_root: Mapped[bool] = mapped_column(Boolean, default=False)


class RecallShipment(Base):
    """Shipments that carried affected units when the recall was opened."""

    __tablename__ = "recall_shipments"

    recall_id: Mapped[int] = mapped_column(
        ForeignKey("recalls.id", ondelete="CASCADE"), primary_key=True
    )
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), primary_key=True)


class RecallNotice(Base):
    __tablename__ = "recall_notices"
    __table_args__ = (UniqueConstraint("recall_id", "customer_id"),)

    id: Mapped[int] = id_column()
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    notified_at: Mapped[datetime] = created_at_column()
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime | None] = mapped_column()
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_reminded_at: Mapped[datetime | None] = mapped_column()
    acknowledgement_channel: Mapped[RecallResponseChannel | None] = mapped_column(
        enum_column(RecallResponseChannel)
    )
    acknowledged_by_contact: Mapped[str | None] = mapped_column(String(200))
    acknowledgement_note: Mapped[str | None] = mapped_column(Text)
    field_safety_notice_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
