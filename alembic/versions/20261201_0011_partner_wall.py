"""Partner isolation as a second wall: row-level security on the tenant tables.

Partner requests run their reads as the NOLOGIN role `erp_partner` with the
partner's customer id in the transaction setting `erp.customer_id`
(`backend.db.tenant.SCOPE`). Policies for that role mirror the application's
partner predicates (`backend.domain.access`); without the setting they match no
row. The owner (staff requests, domain writes) is not affected: RLS is not
forced on the owner.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

"""
from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "erp_partner"
CUSTOMER = "nullif(current_setting('erp.customer_id', true), '')::bigint"
RECEIVED = f"""
    SELECT 1 FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id
    WHERE s.customer_id = {CUSTOMER} AND s.status <> 'CANCELLED'"""
LOT_VISIBLE = f"""
    EXISTS ({RECEIVED} AND sl.lot_id = lots.id)
    OR EXISTS (SELECT 1 FROM allocations a
               JOIN sales_order_lines ol ON ol.id = a.order_line_id
               JOIN sales_orders o ON o.id = ol.order_id
               WHERE a.lot_id = lots.id AND o.customer_id = {CUSTOMER})"""
SERIAL_VISIBLE = f"""
    EXISTS (SELECT 1 FROM shipment_line_serials ss
            JOIN shipment_lines sl ON sl.id = ss.shipment_line_id
            JOIN shipments s ON s.id = sl.shipment_id
            WHERE ss.serial_id = serials.id AND s.customer_id = {CUSTOMER}
              AND s.status <> 'CANCELLED')"""
DOCUMENT_VISIBLE = f"""
    EXISTS (SELECT 1 FROM document_links l WHERE l.document_id = documents.id AND (
        (l.node_type = 'SalesOrder' AND l.node_id IN (
            SELECT id FROM sales_orders WHERE customer_id = {CUSTOMER}))
        OR (l.node_type = 'Shipment' AND l.node_id IN (
            SELECT id FROM shipments WHERE customer_id = {CUSTOMER}))
        OR (l.node_type = 'Invoice' AND l.node_id IN (
            SELECT id FROM invoices WHERE customer_id = {CUSTOMER}))
        OR (l.node_type = 'RecallNotice' AND l.node_id IN (
            SELECT id FROM recall_notices WHERE customer_id = {CUSTOMER}))
        OR (l.node_type = 'Lot' AND documents.kind IN
                ('RELEASE_CERTIFICATE', 'CERTIFICATE_OF_CONFORMITY')
            AND EXISTS ({RECEIVED} AND sl.lot_id = l.node_id))))"""
POLICIES = {
    "sales_orders": f"customer_id = {CUSTOMER}",
    "shipments": f"customer_id = {CUSTOMER}",
    "invoices": f"customer_id = {CUSTOMER}",
    "recall_notices": f"customer_id = {CUSTOMER}",
    "lots": LOT_VISIBLE,
    "serials": SERIAL_VISIBLE,
    "documents": DOCUMENT_VISIBLE,
}


def upgrade() -> None:
    # Roles belong to the cluster: another database on it may have made this one already.
    op.execute(f"""
        DO $$ BEGIN
            CREATE ROLE {ROLE} NOLOGIN;
        EXCEPTION WHEN duplicate_object THEN NULL;
        END $$""")
    op.execute(f"GRANT {ROLE} TO current_user")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    op.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {ROLE}")
    for table, visible in POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY partner_reads ON {table} FOR SELECT TO {ROLE} "
                   f"USING ({visible})")


def downgrade() -> None:
    for table in POLICIES:
        op.execute(f"DROP POLICY partner_reads ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM {ROLE}")
    op.execute(f"REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM {ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {ROLE}")
