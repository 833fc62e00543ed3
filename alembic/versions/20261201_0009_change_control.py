"""Orders under change control: versions, line status and promises, ship-to,
approval chains as data (conditions and levels), delegations, customer licences.

The approval rules of kind DISCOUNT_ABOVE / CREDIT_LIMIT become rules with conditions
and one level (same codes, same behaviour); the kind, threshold and role columns go.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPROVAL_STATUS_OLD = ("PENDING", "APPROVED", "REJECTED")
APPROVAL_STATUS_NEW = (*APPROVAL_STATUS_OLD, "SUPERSEDED")
LINE_STATUS = ("OPEN", "SHIPPED", "SHORT_CLOSED", "CANCELLED")
CUSTOMER_KIND = ("HOSPITAL", "CLINIC", "DISTRIBUTOR")
ROLES = ("ADMIN", "SALES", "SALES_MANAGER", "WAREHOUSE", "QA_INSPECTOR", "QA_MANAGER",
         "FINANCE", "PARTNER")


def _in(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade() -> None:
    op.add_column("products", sa.Column("lead_time_days", sa.Integer(), nullable=True))
    op.add_column("sales_orders", sa.Column("version", sa.Integer(), server_default="1",
                                            nullable=False))
    op.add_column("sales_orders", sa.Column("ship_to", JSONB(), nullable=True))

    op.drop_constraint(op.f("ck_sales_order_lines_quantity_positive"), "sales_order_lines",
                       type_="check")
    op.create_check_constraint(op.f("ck_sales_order_lines_quantity_not_negative"),
                               "sales_order_lines", "quantity >= 0")
    op.add_column("sales_order_lines", sa.Column(
        "status", sa.String(32), server_default="OPEN", nullable=False))
    op.create_check_constraint(op.f("ck_sales_order_lines_orderlinestatus"), "sales_order_lines",
                               f"status IN ({_in(LINE_STATUS)})")
    op.add_column("sales_order_lines", sa.Column("promise", JSONB(), nullable=True))
    op.execute("UPDATE sales_order_lines SET status = 'SHIPPED'"
               " WHERE shipped_quantity >= quantity AND shipped_quantity > 0")

    # Approvals: chain level, the order version asked for, its author, the delegator.
    op.drop_constraint(op.f("ck_approvals_approvalstatus"), "approvals", type_="check")
    op.create_check_constraint(op.f("ck_approvals_approvalstatus"), "approvals",
                               f"status IN ({_in(APPROVAL_STATUS_NEW)})")
    op.add_column("approvals", sa.Column("level", sa.Integer(), server_default="1",
                                         nullable=False))
    op.add_column("approvals", sa.Column("order_version", sa.Integer(), server_default="1",
                                         nullable=False))
    for column in ("requested_by_id", "on_behalf_of_id"):
        op.add_column("approvals", sa.Column(column, sa.BigInteger(), nullable=True))
        op.create_foreign_key(op.f(f"fk_approvals_{column}_users"), "approvals", "users",
                              [column], ["id"])
        op.create_index(f"ix_approvals_{column}", "approvals", [column])
    op.execute("UPDATE approvals a SET requested_by_id = o.created_by_id"
               " FROM sales_orders o WHERE o.id = a.order_id")
    op.drop_constraint(op.f("uq_approvals_order_id_rule"), "approvals", type_="unique")
    op.create_unique_constraint(
        op.f("uq_approvals_order_id_order_version_rule_level_required_role"), "approvals",
        ["order_id", "order_version", "rule", "level", "required_role"])

    # Approval rules: conditions and levels instead of kind, threshold and role.
    op.add_column("approval_rules", sa.Column("conditions", JSONB(), server_default="{}",
                                              nullable=False))
    op.add_column("approval_rules", sa.Column("levels", JSONB(), server_default="[]",
                                              nullable=False))
    op.execute(
        "UPDATE approval_rules SET"
        " conditions = CASE kind"
        "   WHEN 'DISCOUNT_ABOVE' THEN jsonb_build_object('discountAbovePercent',"
        "        coalesce(threshold, 0)::text)"
        "   ELSE jsonb_build_object('exceedsCreditLimit', true) END,"
        " levels = jsonb_build_array(jsonb_build_array(required_role))"
    )
    op.drop_column("approval_rules", "kind")
    op.drop_column("approval_rules", "threshold")
    op.drop_column("approval_rules", "required_role")

    op.create_table(
        "sales_order_versions",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changes", JSONB(), nullable=False),
        sa.Column("subtotal", sa.Numeric(14, 2), nullable=False),
        sa.Column("tax_total", sa.Numeric(14, 2), nullable=False),
        sa.Column("total", sa.Numeric(14, 2), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["sales_orders.id"],
                                name=op.f("fk_sales_order_versions_order_id_sales_orders"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_sales_order_versions_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_order_versions")),
        sa.UniqueConstraint("order_id", "version",
                            name=op.f("uq_sales_order_versions_order_id_version")),
    )
    op.create_index("ix_sales_order_versions_created_by_id", "sales_order_versions",
                    ["created_by_id"])
    op.execute(
        "INSERT INTO sales_order_versions (order_id, version, created_at, created_by_id,"
        " changes, subtotal, tax_total, total)"
        " SELECT id, 1, created_at, created_by_id, '[]'::jsonb, subtotal, tax_total, total"
        " FROM sales_orders"
    )

    op.create_table(
        "approval_delegations",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("delegator_id", sa.BigInteger(), nullable=False),
        sa.Column("delegate_id", sa.BigInteger(), nullable=False),
        sa.Column("roles", ARRAY(sa.String(32)), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.ForeignKeyConstraint(["delegator_id"], ["users.id"],
                                name=op.f("fk_approval_delegations_delegator_id_users")),
        sa.ForeignKeyConstraint(["delegate_id"], ["users.id"],
                                name=op.f("fk_approval_delegations_delegate_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_delegations")),
    )
    op.create_index("ix_approval_delegations_delegator_id", "approval_delegations",
                    ["delegator_id"])
    op.create_index("ix_approval_delegations_delegate_id", "approval_delegations",
                    ["delegate_id"])

    op.create_table(
        "customer_licences",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(100), nullable=False),
        sa.Column("issuer", sa.String(200), nullable=False),
        sa.Column("device_classes", ARRAY(sa.String(8)), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("document_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_customer_licences_customer_id_customers")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_customer_licences_document_id_documents")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_customer_licences_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_licences")),
    )
    for column in ("customer_id", "document_id", "created_by_id"):
        op.create_index(f"ix_customer_licences_{column}", "customer_licences", [column])

    op.create_table(
        "licence_requirements",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("region", sa.String(64), nullable=True),
        sa.Column("customer_kind", sa.Enum(*CUSTOMER_KIND, name="customerkind",
                                           native_enum=False, create_constraint=True,
                                           length=32), nullable=True),
        sa.Column("device_classes", ARRAY(sa.String(8)), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_requirements")),
    )


def downgrade() -> None:
    op.drop_table("licence_requirements")
    op.drop_table("customer_licences")
    op.drop_table("approval_delegations")
    op.drop_table("sales_order_versions")

    op.add_column("approval_rules", sa.Column("kind", sa.String(32), nullable=True))
    op.add_column("approval_rules", sa.Column("threshold", sa.Numeric(14, 2), nullable=True))
    op.add_column("approval_rules", sa.Column("required_role", sa.String(32), nullable=True))
    op.execute(
        "UPDATE approval_rules SET"
        " kind = CASE WHEN conditions ? 'discountAbovePercent' THEN 'DISCOUNT_ABOVE'"
        "   ELSE 'CREDIT_LIMIT' END,"
        " threshold = (conditions->>'discountAbovePercent')::numeric,"
        " required_role = coalesce(levels->0->>0, 'SALES_MANAGER')"
    )
    op.alter_column("approval_rules", "kind", nullable=False)
    op.alter_column("approval_rules", "required_role", nullable=False)
    op.create_check_constraint(op.f("ck_approval_rules_approvalrulekind"), "approval_rules",
                               "kind IN ('DISCOUNT_ABOVE', 'CREDIT_LIMIT')")
    op.create_check_constraint(op.f("ck_approval_rules_role"), "approval_rules",
                               f"required_role IN ({_in(ROLES)})")
    op.drop_column("approval_rules", "levels")
    op.drop_column("approval_rules", "conditions")

    op.drop_constraint(op.f("uq_approvals_order_id_order_version_rule_level_required_role"),
                       "approvals", type_="unique")
    op.execute("DELETE FROM approvals WHERE status = 'SUPERSEDED' OR level > 1")
    op.execute("DELETE FROM approvals a USING approvals b WHERE a.order_id = b.order_id"
               " AND a.rule = b.rule AND a.id < b.id")
    op.create_unique_constraint(op.f("uq_approvals_order_id_rule"), "approvals",
                                ["order_id", "rule"])
    for column in ("on_behalf_of_id", "requested_by_id"):
        op.drop_index(f"ix_approvals_{column}", table_name="approvals")
        op.drop_constraint(op.f(f"fk_approvals_{column}_users"), "approvals", type_="foreignkey")
        op.drop_column("approvals", column)
    op.drop_column("approvals", "order_version")
    op.drop_column("approvals", "level")
    op.drop_constraint(op.f("ck_approvals_approvalstatus"), "approvals", type_="check")
    op.create_check_constraint(op.f("ck_approvals_approvalstatus"), "approvals",
                               f"status IN ({_in(APPROVAL_STATUS_OLD)})")

    op.drop_column("sales_order_lines", "promise")
    op.drop_constraint(op.f("ck_sales_order_lines_orderlinestatus"), "sales_order_lines",
                       type_="check")
    op.drop_column("sales_order_lines", "status")
    op.execute("DELETE FROM sales_order_lines WHERE quantity = 0")
    op.drop_constraint(op.f("ck_sales_order_lines_quantity_not_negative"), "sales_order_lines",
                       type_="check")
    op.create_check_constraint(op.f("ck_sales_order_lines_quantity_positive"), "sales_order_lines",
                               "quantity > 0")
    op.drop_column("sales_orders", "ship_to")
    op.drop_column("sales_orders", "version")
    op.drop_column("products", "lead_time_days")
