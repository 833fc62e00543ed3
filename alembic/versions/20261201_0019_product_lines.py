"""Product lines and active products.

A product line is the free grouping custom fields and policies key on; an inactive
product takes no new order lines but keeps its history.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("products", sa.Column("product_line", sa.String(64), nullable=True))
    op.create_index("ix_products_product_line", "products", ["product_line"])
    op.add_column("products", sa.Column("active", sa.Boolean(), nullable=False,
                                        server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("products", "active")
    op.drop_index("ix_products_product_line", table_name="products")
    op.drop_column("products", "product_line")
