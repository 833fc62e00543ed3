"""Configuration policies keyed by product line, device class and region; implant cards.

At most one active policy per kind and keys (nulls count as equal); IMPLANT_CARD documents
are the cards made per shipped unit.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01

"""
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENT_KIND = ("documents", "kind", "ck_documents_documentkind")
KINDS = ("MIN_SHELF_LIFE_DAYS", "IMPLANT_CARD")
DEVICE_CLASSES = ("I", "IIA", "IIB", "III")


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


def upgrade() -> None:
    table, column, constraint = DOCUMENT_KIND
    current = _values(constraint)
    if current and "IMPLANT_CARD" not in current:
        _set_values(table, column, constraint, [*current, "IMPLANT_CARD"])
    op.create_table(
        "config_policies",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="configpolicykind", native_enum=False,
                                  create_constraint=True, length=32), nullable=False),
        sa.Column("product_line", sa.String(64), nullable=True),
        sa.Column("device_class", sa.Enum(*DEVICE_CLASSES, name="deviceclass",
                                          native_enum=False, create_constraint=True,
                                          length=32), nullable=True),
        sa.Column("region", sa.String(64), nullable=True),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("description", sa.String(300), nullable=True),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("updated_by_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name=op.f("fk_config_policies_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_config_policies")),
    )
    op.create_index("ix_config_policies_updated_by_id", "config_policies", ["updated_by_id"])
    op.execute(
        "CREATE UNIQUE INDEX uq_config_policies_active_keys ON config_policies "
        "(kind, coalesce(product_line, ''), coalesce(device_class, ''), coalesce(region, '')) "
        "WHERE active"
    )


def downgrade() -> None:
    op.drop_table("config_policies")
    op.execute("UPDATE documents SET kind = 'OTHER' WHERE kind = 'IMPLANT_CARD'")
    table, column, constraint = DOCUMENT_KIND
    current = _values(constraint)
    if "IMPLANT_CARD" in current:
        _set_values(table, column, constraint, [v for v in current if v != "IMPLANT_CARD"])
