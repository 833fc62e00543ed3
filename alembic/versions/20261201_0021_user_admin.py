"""User administration: account state for lockout and first sign-in, and the security policy.

`session_version` is written into every access token; deactivating a user or resetting
their password raises it, so tokens issued before stop working at once.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("failed_login_count", sa.Integer(), nullable=False,
                                     server_default="0"))
    op.add_column("users", sa.Column("password_change_required", sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.add_column("users", sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("session_version", sa.Integer(), nullable=False,
                                     server_default="0"))
    op.create_check_constraint("ck_users_failed_login_count_non_negative", "users",
                               "failed_login_count >= 0")
    op.create_table(
        "security_settings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("max_failed_logins", sa.Integer(), nullable=False, server_default="5"),
        sa.Column("min_password_length", sa.Integer(), nullable=False, server_default="10"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("updated_by_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name="fk_security_settings_updated_by_id_users"),
        sa.CheckConstraint("id = 1", name="ck_security_settings_single_row"),
        sa.CheckConstraint("max_failed_logins BETWEEN 1 AND 100",
                           name="ck_security_settings_max_failed_logins_range"),
        sa.CheckConstraint("min_password_length BETWEEN 8 AND 128",
                           name="ck_security_settings_min_password_length_range"),
    )
    # Every foreign key is indexed (tests/test_schema_migrations.py).
    op.create_index("ix_security_settings_updated_by_id", "security_settings", ["updated_by_id"])
    op.execute("INSERT INTO security_settings (id) VALUES (1)")


def downgrade() -> None:
    op.drop_table("security_settings")
    op.drop_constraint("ck_users_failed_login_count_non_negative", "users", type_="check")
    for name in ("session_version", "last_login_at", "password_change_required",
                 "failed_login_count", "locked_at"):
        op.drop_column("users", name)
