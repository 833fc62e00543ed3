"""Audit immutability and what hardening adds.

The audit trail refuses UPDATE, DELETE and TRUNCATE at the database itself: the
hash chain detects an edit made around the trigger, the trigger stops the
ordinary ones. Persisted queries let clients send a document's sha256 instead of
its text, and list what partner tokens may run.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSE_AUDIT_CHANGES = """
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    op.execute(REFUSE_AUDIT_CHANGES)
    op.execute(
        "CREATE TRIGGER audit_events_immutable BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()"
    )

    op.create_table(
        "persisted_queries",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("registered_by", sa.BigInteger(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["registered_by"], ["users.id"], name=op.f("fk_persisted_queries_registered_by_users")
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_persisted_queries")),
    )
    op.create_index(
        "ix_persisted_queries_registered_by", "persisted_queries", ["registered_by"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_persisted_queries_registered_by", table_name="persisted_queries")
    op.drop_table("persisted_queries")
    op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
    op.execute("DROP TRIGGER audit_events_immutable ON audit_events")
    op.execute("DROP FUNCTION audit_events_refuse_change()")
