"""The security policy of user accounts: one row (migration 0021)."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Integer, func
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base


class SecuritySetting(Base):
    __tablename__ = "security_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("max_failed_logins BETWEEN 1 AND 100", name="max_failed_logins_range"),
        CheckConstraint("min_password_length BETWEEN 8 AND 128",
                        name="min_password_length_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    max_failed_logins: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    min_password_length: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now())
    updated_by_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
