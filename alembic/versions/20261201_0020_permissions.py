"""Permissions as data: the catalogue of codes, the codes each role holds, and the
separation-of-duties rules, seeded with today's defaults (ADMIN holds the system codes
only).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("ADMIN", "SALES", "SALES_MANAGER", "WAREHOUSE", "QA_INSPECTOR", "QA_MANAGER",
         "FINANCE", "PARTNER", "BUYER", "PLANNER", "OPERATOR")


def upgrade() -> None:
    # Codes added to the catalogue later come with a migration of their own.
    from backend.domain.access_control.catalogue import (
        CATALOGUE,
        DEFAULT_GRANTS,
        DEFAULT_SEPARATION_RULES,
    )

    permissions = op.create_table(
        "permissions",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("description", sa.String(300), nullable=False),
        sa.Column("business", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_permissions")),
    )
    role_permissions = op.create_table(
        "role_permissions",
        sa.Column("role", sa.Enum(*ROLES, name="role", native_enum=False,
                                  create_constraint=True, length=32), nullable=False),
        sa.Column("permission_code", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["permission_code"], ["permissions.code"],
                                name=op.f("fk_role_permissions_permission_code_permissions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("role", "permission_code", name=op.f("pk_role_permissions")),
    )
    op.create_index("ix_role_permissions_permission_code", "role_permissions",
                    ["permission_code"])
    rules = op.create_table(
        "separation_of_duties_rules",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("description", sa.String(300), nullable=False),
        sa.Column("first_permission", sa.String(64), nullable=False),
        sa.Column("second_permission", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(
            ["first_permission"], ["permissions.code"],
            name=op.f("fk_separation_of_duties_rules_first_permission_permissions")),
        sa.ForeignKeyConstraint(
            ["second_permission"], ["permissions.code"],
            name=op.f("fk_separation_of_duties_rules_second_permission_permissions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_separation_of_duties_rules")),
        sa.UniqueConstraint("code", name=op.f("uq_separation_of_duties_rules_code")),
    )
    op.create_index("ix_separation_of_duties_rules_first_permission",
                    "separation_of_duties_rules", ["first_permission"])
    op.create_index("ix_separation_of_duties_rules_second_permission",
                    "separation_of_duties_rules", ["second_permission"])

    op.bulk_insert(permissions, [
        {"code": p.code, "description": p.description, "business": p.business}
        for p in CATALOGUE
    ])
    op.bulk_insert(role_permissions, [
        {"role": role, "permission_code": code}
        for role, codes in DEFAULT_GRANTS.items() for code in sorted(codes)
    ])
    op.bulk_insert(rules, [
        {"code": code, "description": description, "first_permission": first,
         "second_permission": second, "active": True}
        for code, first, second, description in DEFAULT_SEPARATION_RULES
    ])


def downgrade() -> None:
    op.drop_table("separation_of_duties_rules")
    op.drop_table("role_permissions")
    op.drop_table("permissions")
