"""Change control extras: an index for available to promise.

Free stock per (product, warehouse), covering the columns the promise reads, so that
`availableToPromise` reads only as many balances per warehouse as the lines ask for.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_stock_balances_product_warehouse_free"


def upgrade() -> None:
    op.create_index(
        INDEX, "stock_balances", ["product_id", "warehouse_id"], unique=False,
        postgresql_include=["lot_id", "on_hand", "reserved", "held"],
        postgresql_where=sa.text("on_hand > reserved + held"),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="stock_balances")
