"""Stock valuation, supplier invoices, three-way match and supplier payments.

Products get a standard cost and lots a unit cost (existing lots: their supplier's price,
else nothing until a cost is set); the accounts the postings need are added where a chart
of accounts exists.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCOUNTS = (("1400", "Input VAT", "ASSET"), ("2150", "Goods received not invoiced", "LIABILITY"),
            ("5100", "Purchase price variance", "EXPENSE"),
            ("5900", "Inventory write-offs", "EXPENSE"))
INVOICE_STATUSES = ("ON_HOLD", "OPEN", "PARTIALLY_PAID", "PAID", "REJECTED")
MATCH_STATUSES = ("MATCHED", "MISMATCH", "APPROVED_WITH_VARIANCE")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    money = sa.Numeric(14, 2)
    op.add_column("products", sa.Column("standard_cost", money, nullable=True))
    op.add_column("lots", sa.Column("unit_cost", money, nullable=True))
    op.execute(
        "UPDATE lots l SET unit_cost = p.unit_price FROM ("
        " SELECT DISTINCT ON (supplier_id, product_id) supplier_id, product_id, unit_price"
        " FROM supplier_prices ORDER BY supplier_id, product_id, valid_from DESC) p"
        " WHERE p.supplier_id = l.supplier_id AND p.product_id = l.product_id"
    )
    for code, name, kind in ACCOUNTS:
        op.execute(sa.text(
            "INSERT INTO accounts (code, name, type) SELECT :code, :name, :kind "
            "WHERE EXISTS (SELECT 1 FROM accounts WHERE code = '1300') "
            "ON CONFLICT DO NOTHING").bindparams(code=code, name=name, kind=kind))
    op.create_table(
        "lot_valuations",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.BigInteger(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=True),
        sa.Column("move_id", sa.BigInteger(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount", money, nullable=False),
        _fk("lot_valuations", "entry_id", "journal_entries"),
        _fk("lot_valuations", "lot_id", "lots"),
        _fk("lot_valuations", "move_id", "stock_moves"),
        _fk("lot_valuations", "warehouse_id", "warehouses"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lot_valuations")),
    )
    _index("lot_valuations", "entry_id", "lot_id", "move_id", "warehouse_id")
    op.create_table(
        "supplier_invoices",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("supplier_id", sa.BigInteger(), nullable=False),
        sa.Column("supplier_invoice_number", sa.String(length=64), nullable=False),
        sa.Column("invoice_date", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", _enum(INVOICE_STATUSES, "supplierinvoicestatus"), nullable=False),
        sa.Column("match_status", _enum(MATCH_STATUSES, "threewaymatchstatus"), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("subtotal", money, nullable=False),
        sa.Column("tax_amount", money, nullable=False),
        sa.Column("total", money, nullable=False),
        sa.Column("amount_paid", money, nullable=False),
        sa.Column("decided_by_id", sa.BigInteger(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("journal_entry_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.CheckConstraint("total = subtotal + tax_amount",
                           name=op.f("ck_supplier_invoices_total_adds_up")),
        sa.CheckConstraint("amount_paid >= 0 AND amount_paid <= total",
                           name=op.f("ck_supplier_invoices_paid_within_total")),
        _fk("supplier_invoices", "created_by_id", "users"),
        _fk("supplier_invoices", "decided_by_id", "users"),
        _fk("supplier_invoices", "journal_entry_id", "journal_entries"),
        _fk("supplier_invoices", "supplier_id", "suppliers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_supplier_invoices_number")),
        sa.UniqueConstraint("supplier_id", "supplier_invoice_number",
                            name=op.f("uq_supplier_invoices_supplier_id_supplier_invoice_number")),
    )
    _index("supplier_invoices", "created_by_id", "decided_by_id", "journal_entry_id")
    op.create_table(
        "supplier_invoice_lines",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("supplier_invoice_id", sa.BigInteger(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("purchase_order_line_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", money, nullable=False),
        sa.Column("net_amount", money, nullable=False),
        sa.Column("ordered_quantity", sa.Integer(), nullable=False),
        sa.Column("received_quantity", sa.Integer(), nullable=False),
        sa.Column("po_unit_price", money, nullable=False),
        sa.Column("price_variance", money, nullable=False),
        sa.Column("issues", sa.ARRAY(sa.String(length=32)), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_supplier_invoice_lines_quantity_positive")),
        sa.CheckConstraint("unit_price >= 0",
                           name=op.f("ck_supplier_invoice_lines_unit_price_non_negative")),
        _fk("supplier_invoice_lines", "product_id", "products"),
        _fk("supplier_invoice_lines", "purchase_order_line_id", "purchase_order_lines"),
        _fk("supplier_invoice_lines", "supplier_invoice_id", "supplier_invoices"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_invoice_lines")),
        sa.UniqueConstraint(
            "supplier_invoice_id", "line_number",
            name=op.f("uq_supplier_invoice_lines_supplier_invoice_id_line_number")),
    )
    _index("supplier_invoice_lines", "product_id", "purchase_order_line_id")
    op.create_table(
        "supplier_payments",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("supplier_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", money, nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=140), nullable=False),
        sa.Column("journal_entry_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_supplier_payments_amount_positive")),
        _fk("supplier_payments", "created_by_id", "users"),
        _fk("supplier_payments", "journal_entry_id", "journal_entries"),
        _fk("supplier_payments", "supplier_id", "suppliers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_payments")),
    )
    _index("supplier_payments", "created_by_id", "journal_entry_id", "supplier_id")
    op.create_table(
        "supplier_payment_applications",
        sa.Column("payment_id", sa.BigInteger(), nullable=False),
        sa.Column("supplier_invoice_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", money, nullable=False),
        sa.CheckConstraint("amount > 0",
                           name=op.f("ck_supplier_payment_applications_amount_positive")),
        _fk("supplier_payment_applications", "payment_id", "supplier_payments"),
        _fk("supplier_payment_applications", "supplier_invoice_id", "supplier_invoices"),
        sa.PrimaryKeyConstraint("payment_id", "supplier_invoice_id",
                                name=op.f("pk_supplier_payment_applications")),
    )
    _index("supplier_payment_applications", "supplier_invoice_id")


def downgrade() -> None:
    for table in ("supplier_payment_applications", "supplier_payments", "supplier_invoice_lines",
                  "supplier_invoices", "lot_valuations"):
        op.drop_table(table)
    codes = ", ".join(f"'{code}'" for code, *_ in ACCOUNTS)
    op.execute(f"DELETE FROM accounts WHERE code IN ({codes}) AND code NOT IN "
               "(SELECT DISTINCT account_code FROM journal_lines)")
    op.drop_column("lots", "unit_cost")
    op.drop_column("products", "standard_cost")
