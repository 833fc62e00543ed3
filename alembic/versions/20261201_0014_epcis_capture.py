"""EPCIS capture jobs and the event ids they captured.

A capture job is written in its own transaction when the request arrives and finished by
the capture's transaction, so its state is true whether the events were applied or not.
Partners never read either table: row-level security without a policy for them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "epcis_captures",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("running", sa.Boolean(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("captured_count", sa.Integer(), nullable=False),
        sa.Column("errors", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_epcis_captures_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_epcis_captures")),
    )
    op.create_index("ix_epcis_captures_created_by_id", "epcis_captures", ["created_by_id"])
    op.create_table(
        "epcis_captured_events",
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("capture_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["capture_id"], ["epcis_captures.id"], ondelete="CASCADE",
                                name=op.f("fk_epcis_captured_events_capture_id_epcis_captures")),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_epcis_captured_events")),
    )
    op.create_index("ix_epcis_captured_events_capture_id", "epcis_captured_events",
                    ["capture_id"])
    for table in ("epcis_captures", "epcis_captured_events"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")


def downgrade() -> None:
    op.drop_table("epcis_captured_events")
    op.drop_table("epcis_captures")
