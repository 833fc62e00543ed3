"""Configuration policies: a value per kind for the sales that match its keys."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import ConfigPolicyKind, DeviceClass


class ConfigPolicy(Base):
    """Null keys match any product line, device class or region; at most one active policy
    per kind and keys (a replaced value is audited, not kept as a row)."""

    __tablename__ = "config_policies"
    __table_args__ = (
        Index(
            "uq_config_policies_active_keys",
            "kind",
            func.coalesce(text("product_line"), ""),
            func.coalesce(text("device_class"), ""),
            func.coalesce(text("region"), ""),
            unique=True,
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = id_column()
    kind: Mapped[ConfigPolicyKind] = mapped_column(enum_column(ConfigPolicyKind))
    product_line: Mapped[str | None] = mapped_column(String(64))
    device_class: Mapped[DeviceClass | None] = mapped_column(enum_column(DeviceClass))
    region: Mapped[str | None] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = created_at_column()
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
