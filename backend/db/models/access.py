"""Permissions as data: the catalogue of codes, the codes each role holds, and the
separation-of-duties rules (backend/domain/access_control)."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import Role


class Permission(Base):
    __tablename__ = "permissions"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    description: Mapped[str] = mapped_column(String(300))
    # Business authority (approve, release, ship...): never ADMIN's.
    business: Mapped[bool] = mapped_column(Boolean)


class RolePermission(Base):
    __tablename__ = "role_permissions"

    role: Mapped[Role] = mapped_column(enum_column(Role), primary_key=True)
    permission_code: Mapped[str] = mapped_column(
        ForeignKey("permissions.code", ondelete="CASCADE"), primary_key=True
    )


class SeparationOfDutiesRule(Base):
    """Nobody performs both permissions on the same order or lot."""

    __tablename__ = "separation_of_duties_rules"

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(300))
    first_permission: Mapped[str] = mapped_column(ForeignKey("permissions.code"))
    second_permission: Mapped[str] = mapped_column(ForeignKey("permissions.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
