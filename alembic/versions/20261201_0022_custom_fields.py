"""custom fields.

Definitions an administrator adds per record kind, and their values in one table keyed
by (definition, record) with typed columns beside the normalised text, so that filters
compare numbers, dates and booleans by value (see backend/db/models/custom_fields.py).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTITIES = ("PRODUCT", "LOT", "CUSTOMER", "SUPPLIER", "SALES_ORDER", "SHIPMENT")
TYPES = ("TEXT", "NUMBER", "DATE", "ENUM", "BOOLEAN")


def _entity(name: str) -> sa.Enum:
    return sa.Enum(*ENTITIES, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "custom_field_definitions",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("entity", _entity("customfieldentity"), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("type", sa.Enum(*TYPES, name="customfieldtype", native_enum=False,
                                  create_constraint=True, length=32), nullable=False),
        sa.Column("required", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("enum_values", postgresql.ARRAY(sa.String(200)), server_default="{}",
                  nullable=False),
        sa.Column("product_lines", postgresql.ARRAY(sa.String(64)), server_default="{}",
                  nullable=False),
        sa.Column("device_classes", postgresql.ARRAY(sa.String(8)), server_default="{}",
                  nullable=False),
        sa.Column("visible_to_partners", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("help_text", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_field_definitions")),
        sa.UniqueConstraint("entity", "key", name=op.f("uq_custom_field_definitions_entity_key")),
    )
    op.create_table(
        "custom_field_values",
        sa.Column("definition_id", sa.BigInteger(), nullable=False),
        sa.Column("record_id", sa.BigInteger(), nullable=False),
        sa.Column("entity", _entity("customfieldentity"), nullable=False),
        sa.Column("value_text", sa.Text(), nullable=False),
        sa.Column("value_number", sa.Numeric(), nullable=True),
        sa.Column("value_date", sa.Date(), nullable=True),
        sa.Column("value_bool", sa.Boolean(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["definition_id"], ["custom_field_definitions.id"],
                                name=op.f("fk_custom_field_values_definition_id_custom_field_definitions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("definition_id", "record_id", name=op.f("pk_custom_field_values")),
    )
    op.create_index("ix_custom_field_values_record", "custom_field_values",
                    ["entity", "record_id"])
    op.create_index("ix_custom_field_values_number", "custom_field_values",
                    ["definition_id", "value_number"])
    op.create_index("ix_custom_field_values_date", "custom_field_values",
                    ["definition_id", "value_date"])
    op.create_index("ix_custom_field_values_text", "custom_field_values",
                    ["definition_id", sa.text("lower(value_text)")])


def downgrade() -> None:
    op.drop_table("custom_field_values")
    op.drop_table("custom_field_definitions")
