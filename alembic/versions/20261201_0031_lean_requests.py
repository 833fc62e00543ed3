"""lean requests: the commit section's lock, notification and audit head in one call.

`erp_commit_lock` takes the outbox/audit commit lock, optionally notifies the
outbox listeners, and then reads the audit chain's head. It is VOLATILE, so in
READ COMMITTED its query takes a fresh snapshot after the lock is granted: the
head it returns is the last one committed, as a separate statement after the
lock would read it (see `backend.domain.trust.commit`).

`erp_read_as_partner` runs one read statement behind the partner wall: it sets
the partner's customer and role for the transaction (`SET LOCAL` semantics) and
only then plans and runs the statement, so row-level security applies to it; in
autocommit the statement is its own transaction and the setting ends with it
(see `backend.db.tenant`).

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-01

"""
from collections.abc import Sequence

from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("""
CREATE FUNCTION erp_commit_lock(lock_key bigint, channel text)
RETURNS TABLE (head_now timestamptz, head_hash text, head_at timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    IF channel IS NOT NULL THEN
        PERFORM pg_notify(channel, '');
    END IF;
    RETURN QUERY
        SELECT clock_timestamp(), h.hash::text, h.occurred_at
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
            SELECT a.hash, a.occurred_at FROM audit_events AS a ORDER BY a.id DESC LIMIT 1
        ) AS h ON true;
END
$$
""")
    op.execute("""
CREATE FUNCTION erp_read_as_partner(customer bigint, statement text)
RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    answer text;
BEGIN
    PERFORM set_config('erp.customer_id', customer::text, true);
    PERFORM set_config('role', 'erp_partner', true);
    EXECUTE statement INTO answer;
    RETURN answer;
END
$$
""")


def downgrade() -> None:
    op.execute("DROP FUNCTION erp_read_as_partner(bigint, text)")
    op.execute("DROP FUNCTION erp_commit_lock(bigint, text)")
