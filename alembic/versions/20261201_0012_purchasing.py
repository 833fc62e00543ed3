"""Purchasing: the BUYER role, the approved supplier list, supplier prices, purchase orders.

Suppliers get a qualification status, its end date and condition, and payment terms;
signed decisions, the approved products and QA overrides get their tables. Suppliers
approved before keep receiving what they already supplied: they become QUALIFIED
(no end date) for the products of their lots.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

"""
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE_CHECKS = (("user_roles", "role", "ck_user_roles_role"),
               ("approvals", "required_role", "ck_approvals_role"))
STATUSES = ("PENDING", "QUALIFIED", "CONDITIONAL", "DISQUALIFIED")
PO_STATUSES = ("DRAFT", "PENDING_APPROVAL", "APPROVED", "REJECTED", "SENT", "PARTIALLY_RECEIVED",
               "RECEIVED", "CLOSED", "CANCELLED")


def _values(constraint: str) -> list[str]:
    definition = op.get_bind().scalar(
        sa.text("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :n"),
        {"n": constraint},
    )
    return re.findall(r"'([^']+)'", definition or "")


def _set_values(table: str, column: str, constraint: str, values: list[str]) -> None:
    op.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {constraint}")
    listed = ", ".join(f"'{v}'" for v in values)
    op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {constraint} CHECK ({column} IN ({listed}))")


def _status() -> sa.Enum:
    return sa.Enum(*STATUSES, name="supplierqualificationstatus", native_enum=False,
                   create_constraint=True, length=32)


def upgrade() -> None:
    for table, column, constraint in ROLE_CHECKS:
        current = _values(constraint)
        if current and "BUYER" not in current:
            _set_values(table, column, constraint, [*current, "BUYER"])
    op.add_column("suppliers", sa.Column("qualification_status", _status(),
                                         server_default="PENDING", nullable=False))
    op.add_column("suppliers", sa.Column("qualified_until", sa.Date(), nullable=True))
    op.add_column("suppliers", sa.Column("qualification_note", sa.Text(), nullable=True))
    op.add_column("suppliers", sa.Column("payment_terms_days", sa.Integer(),
                                         server_default="30", nullable=False))
    op.create_table(
        "supplier_qualifications",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("supplier_id", sa.BigInteger(), nullable=False),
        sa.Column("status", _status(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("product_ids", sa.ARRAY(sa.Integer()), nullable=False),
        sa.Column("signature_id", sa.BigInteger(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.ForeignKeyConstraint(["signature_id"], ["signatures.id"],
                                name=op.f("fk_supplier_qualifications_signature_id_signatures")),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"],
                                name=op.f("fk_supplier_qualifications_supplier_id_suppliers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_qualifications")),
    )
    op.create_index("ix_supplier_qualifications_signature_id", "supplier_qualifications",
                    ["signature_id"])
    op.create_index("ix_supplier_qualifications_supplier_id", "supplier_qualifications",
                    ["supplier_id"])
    op.create_table(
        "supplier_products",
        sa.Column("supplier_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_supplier_products_product_id_products")),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"],
                                name=op.f("fk_supplier_products_supplier_id_suppliers")),
        sa.PrimaryKeyConstraint("supplier_id", "product_id", name=op.f("pk_supplier_products")),
    )
    op.create_index("ix_supplier_products_product_id", "supplier_products", ["product_id"])
    op.create_table(
        "supplier_overrides",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("supplier_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("max_quantity", sa.Integer(), nullable=False),
        sa.Column("used_quantity", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("signature_id", sa.BigInteger(), nullable=False),
        sa.Column("granted_by_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.CheckConstraint("max_quantity > 0",
                           name=op.f("ck_supplier_overrides_max_quantity_positive")),
        sa.CheckConstraint("used_quantity >= 0 AND used_quantity <= max_quantity",
                           name=op.f("ck_supplier_overrides_used_within_max")),
        sa.ForeignKeyConstraint(["granted_by_id"], ["users.id"],
                                name=op.f("fk_supplier_overrides_granted_by_id_users")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_supplier_overrides_product_id_products")),
        sa.ForeignKeyConstraint(["signature_id"], ["signatures.id"],
                                name=op.f("fk_supplier_overrides_signature_id_signatures")),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"],
                                name=op.f("fk_supplier_overrides_supplier_id_suppliers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_overrides")),
    )
    for column in ("granted_by_id", "product_id", "signature_id", "supplier_id"):
        op.create_index(f"ix_supplier_overrides_{column}", "supplier_overrides", [column])
    op.create_table(
        "supplier_override_uses",
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("override_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.CheckConstraint("quantity > 0",
                           name=op.f("ck_supplier_override_uses_quantity_positive")),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"],
                                name=op.f("fk_supplier_override_uses_lot_id_lots")),
        sa.ForeignKeyConstraint(["override_id"], ["supplier_overrides.id"],
                                name=op.f("fk_supplier_override_uses_override_id_supplier_overrides")),
        sa.PrimaryKeyConstraint("lot_id", name=op.f("pk_supplier_override_uses")),
    )
    op.create_index("ix_supplier_override_uses_override_id", "supplier_override_uses",
                    ["override_id"])
    _prices_and_orders()
    op.execute("UPDATE suppliers SET qualification_status = 'QUALIFIED' WHERE approved")
    op.execute(
        "INSERT INTO supplier_products (supplier_id, product_id) "
        "SELECT DISTINCT l.supplier_id, l.product_id FROM lots l "
        "JOIN suppliers s ON s.id = l.supplier_id WHERE s.approved"
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _prices_and_orders() -> None:
    money = sa.Numeric(14, 2)
    op.create_table(
        "supplier_prices",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("supplier_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", money, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("minimum_order_quantity", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.CheckConstraint("unit_price >= 0",
                           name=op.f("ck_supplier_prices_unit_price_non_negative")),
        sa.CheckConstraint("lead_time_days >= 0",
                           name=op.f("ck_supplier_prices_lead_time_non_negative")),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from",
                           name=op.f("ck_supplier_prices_valid_range")),
        _fk("supplier_prices", "product_id", "products"),
        _fk("supplier_prices", "supplier_id", "suppliers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_prices")),
        sa.UniqueConstraint("supplier_id", "product_id", "valid_from",
                            name=op.f("uq_supplier_prices_supplier_id_product_id_valid_from")),
    )
    op.create_index("ix_supplier_prices_product_id", "supplier_prices", ["product_id"])
    op.create_table(
        "purchase_orders",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("supplier_id", sa.BigInteger(), nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Enum(*PO_STATUSES, name="purchaseorderstatus", native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        _fk("purchase_orders", "created_by_id", "users"),
        _fk("purchase_orders", "supplier_id", "suppliers"),
        _fk("purchase_orders", "warehouse_id", "warehouses"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_purchase_orders_number")),
    )
    for column in ("created_by_id", "supplier_id", "warehouse_id"):
        op.create_index(f"ix_purchase_orders_{column}", "purchase_orders", [column])
    op.create_table(
        "purchase_order_lines",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("purchase_order_id", sa.BigInteger(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", money, nullable=False),
        sa.Column("expected_on", sa.Date(), nullable=False),
        sa.Column("received_quantity", sa.Integer(), nullable=False),
        sa.Column("invoiced_quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0",
                           name=op.f("ck_purchase_order_lines_quantity_positive")),
        sa.CheckConstraint("unit_price >= 0",
                           name=op.f("ck_purchase_order_lines_unit_price_non_negative")),
        sa.CheckConstraint("received_quantity >= 0",
                           name=op.f("ck_purchase_order_lines_received_non_negative")),
        _fk("purchase_order_lines", "product_id", "products"),
        _fk("purchase_order_lines", "purchase_order_id", "purchase_orders"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order_lines")),
        sa.UniqueConstraint("purchase_order_id", "line_number",
                            name=op.f("uq_purchase_order_lines_purchase_order_id_line_number")),
    )
    op.create_index("ix_purchase_order_lines_product_id", "purchase_order_lines", ["product_id"])


def downgrade() -> None:
    op.drop_table("purchase_order_lines")
    op.drop_table("purchase_orders")
    op.drop_table("supplier_prices")
    op.drop_table("supplier_override_uses")
    op.drop_table("supplier_overrides")
    op.drop_table("supplier_products")
    op.drop_table("supplier_qualifications")
    for column in ("payment_terms_days", "qualification_note", "qualified_until",
                   "qualification_status"):
        op.drop_column("suppliers", column)
    op.execute("DELETE FROM user_roles WHERE role = 'BUYER'")
    for table, column, constraint in ROLE_CHECKS:
        current = _values(constraint)
        if "BUYER" in current:
            _set_values(table, column, constraint, [v for v in current if v != "BUYER"])
