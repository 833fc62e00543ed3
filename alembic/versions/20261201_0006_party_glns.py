"""GS1 Global Location Numbers of warehouses, customers and suppliers.

Nullable until every party has one; unique per table when set. The digits and
the check digit are the domain's to verify (it names the fault).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("warehouses", "customers", "suppliers")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("gln", sa.String(13), nullable=True))
        op.create_unique_constraint(f"uq_{table}_gln", table, ["gln"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_constraint(f"uq_{table}_gln", table, type_="unique")
        op.drop_column(table, "gln")
