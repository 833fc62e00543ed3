"""Inspections, e-signatures and lot releases."""

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import InspectionKind, InspectionResult


class Inspection(Base):
    __tablename__ = "inspections"
    __table_args__ = (
        CheckConstraint("sample_size > 0", name="sample_size_positive"),
        CheckConstraint(
            "defects_found >= 0 AND defects_found <= sample_size", name="defects_within_sample"
        ),
    )

    id: Mapped[int] = id_column()
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    kind: Mapped[InspectionKind] = mapped_column(enum_column(InspectionKind))
    result: Mapped[InspectionResult] = mapped_column(enum_column(InspectionResult))
    sample_size: Mapped[int] = mapped_column(Integer)
    defects_found: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    inspected_at: Mapped[datetime] = created_at_column()
    inspector_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Set by recordInspectionResults: the plan applied and the values per characteristic.
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_plans.id"))
    measurements: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)


class Signature(Base):
    """An electronic signature: who, what it means, when, bound to a hash of the signed record."""

    __tablename__ = "signatures"

    id: Mapped[int] = id_column()
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    meaning: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime] = created_at_column()
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column()
    # sha256 of the canonical form of the record as signed, so a copied signature fails to verify.
    record_hash: Mapped[str] = mapped_column(String(64))


class Release(Base):
    __tablename__ = "releases"

    id: Mapped[int] = id_column()
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), unique=True)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signatures.id"))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    released_at: Mapped[datetime] = created_at_column()
