"""master data.

Customers get contacts, addresses and an active flag; warehouses an address and an
active flag; suppliers an address. A price list's validity cannot end before it starts.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARTNER = "erp_partner"
CUSTOMER = "nullif(current_setting('erp.customer_id', true), '')::bigint"
# A partner reads its own customer's contacts and addresses (the partner wall, 0011).
OWNED_TABLES = ("customer_contacts", "customer_addresses")


def upgrade() -> None:
    op.add_column("customers", sa.Column("active", sa.Boolean(), nullable=False,
                                         server_default=sa.true()))
    op.add_column("warehouses", sa.Column("active", sa.Boolean(), nullable=False,
                                          server_default=sa.true()))
    op.add_column("warehouses", sa.Column("address", sa.String(500), nullable=True))
    op.add_column("suppliers", sa.Column("address", sa.String(500), nullable=True))
    op.create_check_constraint(op.f("ck_price_lists_validity_order"), "price_lists",
                               "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from")
    op.create_table(
        "customer_contacts",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE",
                                name=op.f("fk_customer_contacts_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_contacts")),
    )
    op.create_index("ix_customer_contacts_customer_id", "customer_contacts", ["customer_id"])
    op.create_table(
        "customer_addresses",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("BILLING", "SHIPPING", name="customeraddresskind",
                                  native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postal_code", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.CheckConstraint("country ~ '^[A-Z]{2}$'", name=op.f("ck_customer_addresses_country")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE",
                                name=op.f("fk_customer_addresses_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_addresses")),
    )
    op.create_index("ix_customer_addresses_customer_id", "customer_addresses", ["customer_id"])
    for table in OWNED_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY partner_reads ON {table} FOR SELECT TO {PARTNER} "
                   f"USING (customer_id = {CUSTOMER})")


def downgrade() -> None:
    op.drop_table("customer_addresses")
    op.drop_table("customer_contacts")
    op.drop_constraint(op.f("ck_price_lists_validity_order"), "price_lists", type_="check")
    op.drop_column("suppliers", "address")
    op.drop_column("warehouses", "address")
    op.drop_column("warehouses", "active")
    op.drop_column("customers", "active")
