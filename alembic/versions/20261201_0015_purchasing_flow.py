"""Requisitions, purchase approvals, reorder points, receipts against purchase order lines.

Approval rules are data (the tolerances are rows of sales_settings); a goods receipt groups the lots of one
delivery, against a purchase order or not. PURCHASE_ORDER documents are the PO PDFs.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

"""
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENT_KIND = ("documents", "kind", "ck_documents_documentkind")
REQUISITION_STATUSES = ("DRAFT", "PENDING_APPROVAL", "APPROVED", "REJECTED", "ORDERED",
                        "CANCELLED")
SOURCES = ("BACKORDER", "REORDER_POINT", "MANUAL")
APPROVAL_STATUSES = ("PENDING", "APPROVED", "REJECTED", "SUPERSEDED")
MONEY = sa.Numeric(14, 2)


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


def _enum(values: Sequence[str], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _id() -> sa.Column:
    return sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _created(name: str = "created_at") -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.text("now()"),
                     nullable=False)


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    table, column, constraint = DOCUMENT_KIND
    current = _values(constraint)
    if current and "PURCHASE_ORDER" not in current:
        _set_values(table, column, constraint, [*current, "PURCHASE_ORDER"])
    op.add_column("products", sa.Column("requires_supplier_certificate", sa.Boolean(),
                                        server_default="false", nullable=False))
    op.add_column("lots", sa.Column("supplier_lot_number", sa.String(64), nullable=True))
    op.create_table(
        "purchase_approval_rules",
        _id(),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("description", sa.String(300), nullable=False),
        sa.Column("threshold", MONEY, nullable=False),
        sa.Column("required_role", sa.String(32), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.CheckConstraint("threshold >= 0",
                           name=op.f("ck_purchase_approval_rules_threshold_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_approval_rules")),
        sa.UniqueConstraint("code", name=op.f("uq_purchase_approval_rules_code")),
    )
    op.create_table(
        "reorder_points",
        _id(),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=False),
        sa.Column("min_quantity", sa.Integer(), nullable=False),
        sa.Column("max_quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("min_quantity >= 0 AND max_quantity >= min_quantity "
                           "AND max_quantity > 0", name=op.f("ck_reorder_points_min_max")),
        _fk("reorder_points", "product_id", "products"),
        _fk("reorder_points", "warehouse_id", "warehouses"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reorder_points")),
        sa.UniqueConstraint("product_id", "warehouse_id",
                            name=op.f("uq_reorder_points_product_id_warehouse_id")),
    )
    _index("reorder_points", "warehouse_id")
    _requisitions()
    _approvals()
    _receipts()


def _requisitions() -> None:
    op.create_table(
        "purchase_requisitions",
        _id(),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("status", _enum(REQUISITION_STATUSES, "purchaserequisitionstatus"),
                  nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("requested_by_id", sa.BigInteger(), nullable=True),
        _created(),
        _fk("purchase_requisitions", "requested_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_requisitions")),
        sa.UniqueConstraint("number", name=op.f("uq_purchase_requisitions_number")),
    )
    _index("purchase_requisitions", "requested_by_id")
    t = "purchase_requisition_lines"
    op.create_table(
        t,
        _id(),
        sa.Column("requisition_id", sa.BigInteger(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("needed_by", sa.Date(), nullable=True),
        sa.Column("source", _enum(SOURCES, "requisitionsource"), nullable=False),
        sa.Column("replenishment_request_id", sa.BigInteger(), nullable=True),
        sa.Column("supplier_id", sa.BigInteger(), nullable=True),
        sa.Column("estimated_unit_price", MONEY, nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f(f"ck_{t}_quantity_positive")),
        _fk(t, "requisition_id", "purchase_requisitions"),
        _fk(t, "product_id", "products"),
        _fk(t, "warehouse_id", "warehouses"),
        _fk(t, "replenishment_request_id", "replenishment_requests"),
        _fk(t, "supplier_id", "suppliers"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("requisition_id", "line_number",
                            name=op.f(f"uq_{t}_requisition_id_line_number")),
    )
    _index(t, "product_id", "replenishment_request_id", "supplier_id", "warehouse_id")
    op.add_column("purchase_order_lines",
                  sa.Column("requisition_line_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key(
        op.f("fk_purchase_order_lines_requisition_line_id_purchase_requisition_lines"),
        "purchase_order_lines", t, ["requisition_line_id"], ["id"])
    op.create_index("ix_purchase_order_lines_requisition_line_id", "purchase_order_lines",
                    ["requisition_line_id"], unique=True)
    op.add_column("purchase_orders",
                  sa.Column("supplier_override_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key(op.f("fk_purchase_orders_supplier_override_id_supplier_overrides"),
                          "purchase_orders", "supplier_overrides", ["supplier_override_id"],
                          ["id"])
    _index("purchase_orders", "supplier_override_id")


def _approvals() -> None:
    t = "purchase_approvals"
    op.create_table(
        t,
        _id(),
        sa.Column("requisition_id", sa.BigInteger(), nullable=True),
        sa.Column("purchase_order_id", sa.BigInteger(), nullable=True),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("required_role", sa.String(32), nullable=False),
        sa.Column("status", _enum(APPROVAL_STATUSES, "approvalstatus"), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("requested_by_id", sa.BigInteger(), nullable=True),
        _created("requested_at"),
        sa.Column("decided_by_id", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signature_id", sa.BigInteger(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.CheckConstraint("(requisition_id IS NULL) <> (purchase_order_id IS NULL)",
                           name=op.f(f"ck_{t}_one_document")),
        _fk(t, "requisition_id", "purchase_requisitions"),
        _fk(t, "purchase_order_id", "purchase_orders"),
        _fk(t, "requested_by_id", "users"),
        _fk(t, "decided_by_id", "users"),
        _fk(t, "signature_id", "signatures"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    _index(t, "requisition_id", "purchase_order_id", "requested_by_id", "decided_by_id",
           "signature_id")


def _receipts() -> None:
    t = "goods_receipts"
    op.create_table(
        t,
        _id(),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("supplier_id", sa.BigInteger(), nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=False),
        sa.Column("purchase_order_id", sa.BigInteger(), nullable=True),
        sa.Column("supplier_override_id", sa.BigInteger(), nullable=True),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("received_by_id", sa.BigInteger(), nullable=True),
        _created("received_at"),
        _fk(t, "supplier_id", "suppliers"),
        _fk(t, "warehouse_id", "warehouses"),
        _fk(t, "purchase_order_id", "purchase_orders"),
        _fk(t, "supplier_override_id", "supplier_overrides"),
        _fk(t, "received_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("number", name=op.f(f"uq_{t}_number")),
    )
    _index(t, "supplier_id", "warehouse_id", "purchase_order_id", "supplier_override_id",
           "received_by_id")
    t = "goods_receipt_lines"
    op.create_table(
        t,
        _id(),
        sa.Column("goods_receipt_id", sa.BigInteger(), nullable=False),
        sa.Column("purchase_order_line_id", sa.BigInteger(), nullable=True),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost", MONEY, nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f(f"ck_{t}_quantity_positive")),
        _fk(t, "goods_receipt_id", "goods_receipts"),
        _fk(t, "purchase_order_line_id", "purchase_order_lines"),
        _fk(t, "product_id", "products"),
        _fk(t, "lot_id", "lots"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("lot_id", name=op.f(f"uq_{t}_lot_id")),
    )
    _index(t, "goods_receipt_id", "purchase_order_line_id", "product_id")


def downgrade() -> None:
    op.drop_table("goods_receipt_lines")
    op.drop_table("goods_receipts")
    op.drop_table("purchase_approvals")
    op.drop_constraint(op.f("fk_purchase_orders_supplier_override_id_supplier_overrides"),
                       "purchase_orders", type_="foreignkey")
    op.drop_column("purchase_orders", "supplier_override_id")
    op.drop_index("ix_purchase_order_lines_requisition_line_id", "purchase_order_lines")
    op.drop_constraint(
        op.f("fk_purchase_order_lines_requisition_line_id_purchase_requisition_lines"),
        "purchase_order_lines", type_="foreignkey")
    op.drop_column("purchase_order_lines", "requisition_line_id")
    op.drop_table("purchase_requisition_lines")
    op.drop_table("purchase_requisitions")
    op.drop_table("reorder_points")
    op.drop_table("purchase_approval_rules")
    op.drop_column("lots", "supplier_lot_number")
    op.drop_column("products", "requires_supplier_certificate")
    op.execute("UPDATE documents SET kind = 'OTHER' WHERE kind = 'PURCHASE_ORDER'")
    table, column, constraint = DOCUMENT_KIND
    current = _values(constraint)
    if "PURCHASE_ORDER" in current:
        _set_values(table, column, constraint, [v for v in current if v != "PURCHASE_ORDER"])
