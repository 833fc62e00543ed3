"""The language the web app speaks to a user, remembered with the account.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("language", sa.String(8), nullable=True))
    op.create_check_constraint("ck_users_language_known", "users",
                               "language IN ('en', 'zh-CN')")


def downgrade() -> None:
    op.drop_constraint("ck_users_language_known", "users", type_="check")
    op.drop_column("users", "language")
