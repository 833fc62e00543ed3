"""Quotes, replenishment requests, stock transfers, customer returns, credit notes, sales settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(precision=14, scale=2)


def _id() -> sa.Column:
    return sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False)


def _created_at() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "quotes",
        _id(),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("status", _enum("quotestatus", "OPEN", "CONVERTED", "CANCELLED"), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("customer_reference", sa.String(length=100), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("subtotal", MONEY, nullable=False),
        sa.Column("tax_total", MONEY, nullable=False),
        sa.Column("total", MONEY, nullable=False),
        _created_at(),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("order_id", sa.BigInteger(), nullable=True),
        _fk("quotes", "customer_id", "customers.id"),
        _fk("quotes", "created_by_id", "users.id"),
        _fk("quotes", "order_id", "sales_orders.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.UniqueConstraint("number", name=op.f("uq_quotes_number")),
    )
    _indexes("quotes", "customer_id", "created_by_id", "order_id")

    op.create_table(
        "quote_lines",
        _id(),
        sa.Column("quote_id", sa.BigInteger(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", MONEY, nullable=False),
        sa.Column("list_price", MONEY, nullable=False),
        sa.Column("discount_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("tax_rate", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("line_total", MONEY, nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_quote_lines_quantity_positive")),
        sa.CheckConstraint("unit_price >= 0", name=op.f("ck_quote_lines_unit_price_non_negative")),
        sa.CheckConstraint(
            "discount_percent BETWEEN 0 AND 100", name=op.f("ck_quote_lines_discount_range")
        ),
        _fk("quote_lines", "quote_id", "quotes.id", ondelete="CASCADE"),
        _fk("quote_lines", "product_id", "products.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_lines")),
        sa.UniqueConstraint("quote_id", "line_number", name=op.f("uq_quote_lines_quote_id_line_number")),
    )
    _indexes("quote_lines", "product_id")

    op.create_table(
        "replenishment_requests",
        _id(),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("order_line_id", sa.BigInteger(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("replenishment", "PURCHASE", "PRODUCTION"), nullable=False),
        sa.Column(
            "status", _enum("replenishmentstatus", "OPEN", "FULFILLED", "CANCELLED"), nullable=False
        ),
        _created_at(),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_replenishment_requests_quantity_positive")),
        _fk("replenishment_requests", "product_id", "products.id"),
        _fk("replenishment_requests", "order_line_id", "sales_order_lines.id", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replenishment_requests")),
        sa.UniqueConstraint("number", name=op.f("uq_replenishment_requests_number")),
    )
    _indexes("replenishment_requests", "product_id", "order_line_id")

    op.create_table(
        "stock_transfers",
        _id(),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("from_warehouse_id", sa.BigInteger(), nullable=False),
        sa.Column("to_warehouse_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        _created_at(),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_stock_transfers_quantity_positive")),
        sa.CheckConstraint(
            "from_warehouse_id <> to_warehouse_id", name=op.f("ck_stock_transfers_between_warehouses")
        ),
        _fk("stock_transfers", "product_id", "products.id"),
        _fk("stock_transfers", "lot_id", "lots.id"),
        _fk("stock_transfers", "from_warehouse_id", "warehouses.id"),
        _fk("stock_transfers", "to_warehouse_id", "warehouses.id"),
        _fk("stock_transfers", "created_by_id", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_transfers")),
        sa.UniqueConstraint("number", name=op.f("uq_stock_transfers_number")),
    )
    _indexes(
        "stock_transfers", "product_id", "lot_id", "from_warehouse_id", "to_warehouse_id",
        "created_by_id",
    )

    op.create_table(
        "customer_returns",
        _id(),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("shipment_id", sa.BigInteger(), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("warehouse_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _created_at(),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        _fk("customer_returns", "shipment_id", "shipments.id"),
        _fk("customer_returns", "order_id", "sales_orders.id"),
        _fk("customer_returns", "customer_id", "customers.id"),
        _fk("customer_returns", "warehouse_id", "warehouses.id"),
        _fk("customer_returns", "created_by_id", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_returns")),
        sa.UniqueConstraint("number", name=op.f("uq_customer_returns_number")),
    )
    _indexes(
        "customer_returns", "shipment_id", "order_id", "customer_id", "warehouse_id",
        "created_by_id",
    )

    op.create_table(
        "customer_return_lines",
        _id(),
        sa.Column("return_id", sa.BigInteger(), nullable=False),
        sa.Column("shipment_line_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_customer_return_lines_quantity_positive")),
        _fk("customer_return_lines", "return_id", "customer_returns.id", ondelete="CASCADE"),
        _fk("customer_return_lines", "shipment_line_id", "shipment_lines.id"),
        _fk("customer_return_lines", "product_id", "products.id"),
        _fk("customer_return_lines", "lot_id", "lots.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_return_lines")),
    )
    _indexes("customer_return_lines", "return_id", "shipment_line_id", "product_id", "lot_id")

    op.create_table(
        "credit_notes",
        _id(),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("invoice_id", sa.BigInteger(), nullable=False),
        sa.Column("return_id", sa.BigInteger(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("subtotal", MONEY, nullable=False),
        sa.Column("tax_total", MONEY, nullable=False),
        sa.Column("total", MONEY, nullable=False),
        sa.Column("journal_entry_id", sa.BigInteger(), nullable=True),
        _created_at(),
        sa.CheckConstraint("total = subtotal + tax_total", name=op.f("ck_credit_notes_total_adds_up")),
        _fk("credit_notes", "customer_id", "customers.id"),
        _fk("credit_notes", "invoice_id", "invoices.id"),
        _fk("credit_notes", "return_id", "customer_returns.id"),
        _fk("credit_notes", "journal_entry_id", "journal_entries.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_notes")),
        sa.UniqueConstraint("number", name=op.f("uq_credit_notes_number")),
        sa.UniqueConstraint("return_id", name=op.f("uq_credit_notes_return_id")),
    )
    _indexes("credit_notes", "customer_id", "invoice_id", "journal_entry_id")

    settings = op.create_table(
        "sales_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sales_settings")),
    )
    op.bulk_insert(settings, [{
        "key": "invoice_on",
        "value": "DELIVERED",
        "description": "The order status from which an invoice may be issued: DELIVERED or SHIPPED.",
    }])


def downgrade() -> None:
    for table in (
        "sales_settings", "credit_notes", "customer_return_lines", "customer_returns",
        "stock_transfers", "replenishment_requests", "quote_lines", "quotes",
    ):
        op.drop_table(table)
