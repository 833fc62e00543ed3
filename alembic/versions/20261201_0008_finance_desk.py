"""The finance desk: invoices per shipment, credits, tax rules, bank statements, periods.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(14, 2)
RATE = sa.Numeric(7, 4)
TAX_STATUSES = ("STANDARD", "EU_REVERSE_CHARGE", "EXPORT", "EXEMPT")
POLICIES = ("PER_SHIPMENT", "PER_ORDER")
INVOICE_STATUSES = ("OPEN", "PARTIALLY_PAID", "PAID", "VOID")
# The kinds 0007 (quality loop) left in force, which this migration extends.
DOCUMENT_KINDS = ("CERTIFICATE_OF_CONFORMITY", "INSPECTION_REPORT", "RELEASE_CERTIFICATE",
                  "BATCH_RECORD", "SUPPLIER_CERTIFICATE", "PACKING_LIST", "INVOICE", "OTHER",
                  "FIELD_SAFETY_NOTICE")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _set_enum(table: str, name: str, column: str, values: Sequence[str]) -> None:
    op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")
    op.create_check_constraint(op.f(f"ck_{table}_{name}"), table, _in(column, values))


def upgrade() -> None:
    _set_enum("invoices", "invoicestatus", "status", (*INVOICE_STATUSES, "CREDITED"))
    _set_enum("documents", "documentkind", "kind", (*DOCUMENT_KINDS, "CREDIT_NOTE",
                                                     "LEDGER_EXPORT"))
    op.add_column("products", sa.Column("tax_category", sa.String(32), nullable=False,
                                        server_default="STANDARD"))
    op.add_column("customers", sa.Column("country", sa.String(2), nullable=True))
    op.add_column("customers", sa.Column("vat_number", sa.String(32), nullable=True))
    op.add_column("customers", sa.Column("tax_status", _enum("customertaxstatus", *TAX_STATUSES),
                                         nullable=False, server_default="STANDARD"))
    op.add_column("customers", sa.Column("invoicing_policy", _enum("invoicingpolicy", *POLICIES),
                                         nullable=True))
    op.add_column("journal_entries", sa.Column("booked_on", sa.Date(), nullable=False,
                                               server_default=sa.func.current_date()))
    op.execute("UPDATE journal_entries SET booked_on = (posted_at AT TIME ZONE 'UTC')::date")

    op.add_column("invoices", sa.Column("policy", _enum("invoicingpolicy", *POLICIES),
                                        nullable=False, server_default="PER_SHIPMENT"))
    op.add_column("invoices", sa.Column("ship_to_country", sa.String(2), nullable=True))
    op.add_column("invoices", sa.Column("customer_vat_number", sa.String(32), nullable=True))
    op.add_column("invoices", sa.Column("credited_amount", MONEY, nullable=False,
                                        server_default="0"))
    op.add_column("invoices", sa.Column("written_off_amount", MONEY, nullable=False,
                                        server_default="0"))
    op.add_column("invoices", sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("invoices", sa.Column("void_reason", sa.String(500), nullable=True))
    for column in ("void_entry_id", "write_off_entry_id"):
        op.add_column("invoices", sa.Column(column, sa.BigInteger(), nullable=True))
        op.create_foreign_key(f"fk_invoices_{column}_journal_entries", "invoices",
                              "journal_entries", [column], ["id"])
        op.create_index(f"ix_invoices_{column}", "invoices", [column])
    op.create_check_constraint(
        op.f("ck_invoices_settled_within_total"), "invoices",
        "credited_amount >= 0 AND written_off_amount >= 0"
        " AND amount_paid + credited_amount + written_off_amount <= total")

    op.add_column("invoice_lines", sa.Column("line_number", sa.Integer(), nullable=False,
                                             server_default="1"))
    op.add_column("invoice_lines", sa.Column("product_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key("fk_invoice_lines_product_id_products", "invoice_lines", "products",
                          ["product_id"], ["id"])
    op.create_index("ix_invoice_lines_product_id", "invoice_lines", ["product_id"])
    op.execute("UPDATE invoice_lines il SET product_id = ol.product_id FROM sales_order_lines ol"
               " WHERE ol.id = il.order_line_id")
    op.add_column("invoice_lines", sa.Column("tax_category", sa.String(32), nullable=False,
                                             server_default="STANDARD"))
    op.add_column("invoice_lines", sa.Column("legal_note", sa.String(300), nullable=True))
    op.add_column("invoice_lines", sa.Column("credited_quantity", sa.Integer(), nullable=False,
                                             server_default="0"))
    op.add_column("invoice_lines", sa.Column("credited_amount", MONEY, nullable=False,
                                             server_default="0"))
    op.add_column("invoice_lines", sa.Column("credited_tax", MONEY, nullable=False,
                                             server_default="0"))

    op.add_column("payments", sa.Column("bank_statement_line_id", sa.Integer(), nullable=True))
    op.add_column("payments", sa.Column("reversed_at", sa.DateTime(timezone=True),
                                        nullable=True))
    op.add_column("payments", sa.Column("reversal_entry_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key("fk_payments_reversal_entry_id_journal_entries", "payments",
                          "journal_entries", ["reversal_entry_id"], ["id"])
    op.create_index("ix_payments_reversal_entry_id", "payments", ["reversal_entry_id"])

    op.alter_column("credit_notes", "return_id", nullable=True)
    op.add_column("credit_notes", sa.Column("reason", sa.String(500), nullable=False,
                                            server_default=""))
    op.add_column("credit_notes", sa.Column("applied_to_invoice", MONEY, nullable=False,
                                            server_default="0"))
    # Credits of returns made before were set against their invoice in full.
    op.execute("UPDATE credit_notes SET applied_to_invoice = total")

    op.create_table(
        "tax_rules",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("tax_category", sa.String(32), nullable=False),
        sa.Column("customer_tax_status", _enum("customertaxstatus", *TAX_STATUSES),
                  nullable=False),
        sa.Column("rate", RATE, nullable=False),
        sa.Column("legal_note", sa.String(300), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.CheckConstraint("rate >= 0 AND rate <= 1", name=op.f("ck_tax_rules_rate_range")),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from",
                           name=op.f("ck_tax_rules_validity")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_rules")),
    )
    op.create_index("ix_tax_rules_tax_category_status", "tax_rules",
                    ["tax_category", "customer_tax_status"])
    op.create_table(
        "bank_accounts",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("iban", sa.String(34), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("ledger_account", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(["ledger_account"], ["accounts.code"],
                                name=op.f("fk_bank_accounts_ledger_account_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_accounts")),
        sa.UniqueConstraint("iban", name=op.f("uq_bank_accounts_iban")),
    )
    op.create_index("ix_bank_accounts_ledger_account", "bank_accounts", ["ledger_account"])
    op.create_table(
        "invoice_shipments",
        sa.Column("invoice_id", sa.BigInteger(), nullable=False),
        sa.Column("shipment_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], ondelete="CASCADE",
                                name=op.f("fk_invoice_shipments_invoice_id_invoices")),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"],
                                name=op.f("fk_invoice_shipments_shipment_id_shipments")),
        sa.PrimaryKeyConstraint("invoice_id", "shipment_id", name=op.f("pk_invoice_shipments")),
    )
    op.create_index("ix_invoice_shipments_shipment_id", "invoice_shipments", ["shipment_id"])
    # One invoice per order until now: it covered the order's shipments.
    op.execute("INSERT INTO invoice_shipments (invoice_id, shipment_id) SELECT i.id, s.id"
               " FROM invoices i JOIN shipments s ON s.order_id = i.order_id"
               " WHERE i.status <> 'VOID' AND s.status <> 'CANCELLED'")
    op.create_table(
        "credit_note_lines",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("credit_note_id", sa.BigInteger(), nullable=False),
        sa.Column("invoice_line_id", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.String(300), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("net_amount", MONEY, nullable=False),
        sa.Column("tax_rate", RATE, nullable=False),
        sa.Column("tax_amount", MONEY, nullable=False),
        sa.CheckConstraint("net_amount >= 0 AND tax_amount >= 0",
                           name=op.f("ck_credit_note_lines_amounts_non_negative")),
        sa.ForeignKeyConstraint(["credit_note_id"], ["credit_notes.id"], ondelete="CASCADE",
                                name=op.f("fk_credit_note_lines_credit_note_id_credit_notes")),
        sa.ForeignKeyConstraint(["invoice_line_id"], ["invoice_lines.id"],
                                name=op.f("fk_credit_note_lines_invoice_line_id_invoice_lines")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_note_lines")),
    )
    op.create_index("ix_credit_note_lines_credit_note_id", "credit_note_lines",
                    ["credit_note_id"])
    op.create_index("ix_credit_note_lines_invoice_line_id", "credit_note_lines",
                    ["invoice_line_id"])
    op.create_table(
        "customer_refunds",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("journal_entry_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_customer_refunds_amount_positive")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_customer_refunds_customer_id_customers")),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"], ["journal_entries.id"],
            name=op.f("fk_customer_refunds_journal_entry_id_journal_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_refunds")),
        sa.UniqueConstraint("number", name=op.f("uq_customer_refunds_number")),
    )
    op.create_index("ix_customer_refunds_customer_id", "customer_refunds", ["customer_id"])
    op.create_index("ix_customer_refunds_journal_entry_id", "customer_refunds",
                    ["journal_entry_id"])
    op.create_table(
        "accounting_periods",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("status", _enum("accountingperiodstatus", "OPEN", "CLOSED"), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("month BETWEEN 1 AND 12",
                           name=op.f("ck_accounting_periods_month_range")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"],
                                name=op.f("fk_accounting_periods_closed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounting_periods")),
    )
    op.create_index("ix_accounting_periods_closed_by_id", "accounting_periods", ["closed_by_id"])
    op.create_table(
        "bank_statements",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("bank_account_id", sa.BigInteger(), nullable=False),
        sa.Column("format", _enum("bankstatementformat", "CAMT053", "CSV"), nullable=False),
        sa.Column("bank_statement_id", sa.String(64), nullable=True),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("imported_by_id", sa.BigInteger(), nullable=True),
        sa.Column("opening_balance", MONEY, nullable=True),
        sa.Column("closing_balance", MONEY, nullable=True),
        sa.ForeignKeyConstraint(["bank_account_id"], ["bank_accounts.id"],
                                name=op.f("fk_bank_statements_bank_account_id_bank_accounts")),
        sa.ForeignKeyConstraint(["imported_by_id"], ["users.id"],
                                name=op.f("fk_bank_statements_imported_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statements")),
        sa.UniqueConstraint("bank_account_id", "bank_statement_id",
                            name=op.f("uq_bank_statements_bank_account_id_bank_statement_id")),
    )
    op.create_index("ix_bank_statements_sha256", "bank_statements", ["sha256"])
    op.create_index("ix_bank_statements_imported_by_id", "bank_statements", ["imported_by_id"])
    op.create_table(
        "bank_statement_lines",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("statement_id", sa.BigInteger(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=True),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("direction", _enum("bankentrydirection", "CREDIT", "DEBIT"), nullable=False),
        sa.Column("counterparty_name", sa.String(200), nullable=True),
        sa.Column("counterparty_iban", sa.String(34), nullable=True),
        sa.Column("remittance_information", sa.Text(), nullable=True),
        sa.Column("end_to_end_id", sa.String(64), nullable=True),
        sa.Column("bank_reference", sa.String(64), nullable=True),
        sa.Column("status", _enum("bankstatementlinestatus", "UNMATCHED", "PROPOSED", "MATCHED",
                                  "POSTED"), nullable=False),
        sa.Column("proposals", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("payment_id", sa.BigInteger(), nullable=True),
        sa.Column("journal_entry_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_bank_statement_lines_amount_positive")),
        sa.ForeignKeyConstraint(
            ["statement_id"], ["bank_statements.id"], ondelete="CASCADE",
            name=op.f("fk_bank_statement_lines_statement_id_bank_statements")),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"],
                                name=op.f("fk_bank_statement_lines_payment_id_payments")),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"], ["journal_entries.id"],
            name=op.f("fk_bank_statement_lines_journal_entry_id_journal_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statement_lines")),
        sa.UniqueConstraint("statement_id", "line_number",
                            name=op.f("uq_bank_statement_lines_statement_id_line_number")),
    )
    op.create_index("ix_bank_statement_lines_status_id", "bank_statement_lines",
                    ["status", "id"])
    op.create_index("ix_bank_statement_lines_payment_id", "bank_statement_lines", ["payment_id"])
    op.create_index("ix_bank_statement_lines_journal_entry_id", "bank_statement_lines",
                    ["journal_entry_id"])


def downgrade() -> None:
    for table in ("bank_statement_lines", "bank_statements", "accounting_periods",
                  "customer_refunds", "credit_note_lines", "invoice_shipments", "bank_accounts",
                  "tax_rules"):
        op.drop_table(table)
    op.drop_column("credit_notes", "applied_to_invoice")
    op.drop_column("credit_notes", "reason")
    op.execute("DELETE FROM credit_notes WHERE return_id IS NULL")
    op.alter_column("credit_notes", "return_id", nullable=False)
    op.drop_index("ix_payments_reversal_entry_id", "payments")
    for column in ("reversal_entry_id", "reversed_at", "bank_statement_line_id"):
        op.drop_column("payments", column)
    op.drop_index("ix_invoice_lines_product_id", "invoice_lines")
    for column in ("credited_tax", "credited_amount", "credited_quantity", "legal_note",
                   "tax_category", "product_id", "line_number"):
        op.drop_column("invoice_lines", column)
    op.drop_constraint(op.f("ck_invoices_settled_within_total"), "invoices", type_="check")
    for column in ("void_entry_id", "write_off_entry_id"):
        op.drop_index(f"ix_invoices_{column}", "invoices")
    for column in ("write_off_entry_id", "void_entry_id", "void_reason", "voided_at",
                   "written_off_amount", "credited_amount", "customer_vat_number",
                   "ship_to_country", "policy"):
        op.drop_column("invoices", column)
    op.drop_column("journal_entries", "booked_on")
    for column in ("invoicing_policy", "tax_status", "vat_number", "country"):
        op.drop_column("customers", column)
    op.drop_column("products", "tax_category")
    op.execute("UPDATE invoices SET status = 'PAID' WHERE status = 'CREDITED'")
    op.execute("UPDATE documents SET kind = 'OTHER' WHERE kind IN ('CREDIT_NOTE', 'LEDGER_EXPORT')")
    _set_enum("invoices", "invoicestatus", "status", INVOICE_STATUSES)
    _set_enum("documents", "documentkind", "kind", DOCUMENT_KINDS)
