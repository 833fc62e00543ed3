"""The quality loop: holds, nonconformances, CAPAs, allocation issues, expiry alerts,
inspection plans and tasks, retained samples, recall reconciliation and closure.

Also: `stock_balances.held` (units under a partial hold), the EXPIRED lot status,
SAMPLE and SUPPLIER_RETURN moves and FIELD_SAFETY_NOTICE documents. The value
CHECKs of those enums are widened from what the database holds, so migrations of
other branches that widen the same CHECK keep their values too.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

"""
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, constraint, values this revision adds)
ENUM_VALUES = (
    ("lots", "status", "ck_lots_lotstatus", ("EXPIRED",)),
    ("stock_moves", "kind", "ck_stock_moves_stockmovekind", ("SAMPLE", "SUPPLIER_RETURN")),
    ("documents", "kind", "ck_documents_documentkind", ("FIELD_SAFETY_NOTICE",)),
)


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
    for table, column, constraint, added in ENUM_VALUES:
        current = _values(constraint)
        _set_values(table, column, constraint, current + [v for v in added if v not in current])
    op.create_table('expiry_alerts',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('days_left', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_expiry_alerts_lot_id_lots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expiry_alerts')),
    sa.UniqueConstraint('lot_id', name=op.f('uq_expiry_alerts_lot_id'))
    )
    op.create_table('inspection_plans',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('product_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.Enum('INCOMING', 'IN_PROCESS', 'FINAL', name='inspectionkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sample_size', sa.Integer(), nullable=False),
    sa.Column('characteristics', postgresql.JSONB(astext_type=Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('sample_size > 0', name=op.f('ck_inspection_plans_sample_size_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_inspection_plans_created_by_id_users')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_inspection_plans_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_plans')),
    sa.UniqueConstraint('product_id', 'kind', 'version', name=op.f('uq_inspection_plans_product_id_kind_version'))
    )
    op.create_index('ix_inspection_plans_created_by_id', 'inspection_plans', ['created_by_id'], unique=False)
    op.create_table('retained_samples',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=False),
    sa.Column('warehouse_id', sa.BigInteger(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('remaining_quantity', sa.Integer(), nullable=False),
    sa.Column('retain_until', sa.Date(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('taken_by_id', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_retained_samples_quantity_positive')),
    sa.CheckConstraint('remaining_quantity >= 0 AND remaining_quantity <= quantity', name=op.f('ck_retained_samples_remaining_within_quantity')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_retained_samples_lot_id_lots')),
    sa.ForeignKeyConstraint(['taken_by_id'], ['users.id'], name=op.f('fk_retained_samples_taken_by_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_retained_samples_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retained_samples')),
    sa.UniqueConstraint('number', name=op.f('uq_retained_samples_number'))
    )
    op.create_index('ix_retained_samples_lot_id', 'retained_samples', ['lot_id'], unique=False)
    op.create_index('ix_retained_samples_taken_by_id', 'retained_samples', ['taken_by_id'], unique=False)
    op.create_index('ix_retained_samples_warehouse_id', 'retained_samples', ['warehouse_id'], unique=False)
    op.create_table('capas',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('problem_statement', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'CLOSED', 'CANCELLED', name='capastatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('opened_by_id', sa.BigInteger(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closure_signature_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['closure_signature_id'], ['signatures.id'], name=op.f('fk_capas_closure_signature_id_signatures')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_capas_opened_by_id_users')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_capas_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capas')),
    sa.UniqueConstraint('number', name=op.f('uq_capas_number'))
    )
    op.create_index('ix_capas_closure_signature_id', 'capas', ['closure_signature_id'], unique=False)
    op.create_index('ix_capas_opened_by_id', 'capas', ['opened_by_id'], unique=False)
    op.create_index('ix_capas_owner_id', 'capas', ['owner_id'], unique=False)
    op.create_table('retained_sample_pulls',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('sample_id', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('pulled_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('pulled_by_id', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_retained_sample_pulls_quantity_positive')),
    sa.ForeignKeyConstraint(['pulled_by_id'], ['users.id'], name=op.f('fk_retained_sample_pulls_pulled_by_id_users')),
    sa.ForeignKeyConstraint(['sample_id'], ['retained_samples.id'], name=op.f('fk_retained_sample_pulls_sample_id_retained_samples'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retained_sample_pulls'))
    )
    op.create_index('ix_retained_sample_pulls_pulled_by_id', 'retained_sample_pulls', ['pulled_by_id'], unique=False)
    op.create_index('ix_retained_sample_pulls_sample_id', 'retained_sample_pulls', ['sample_id'], unique=False)
    op.create_table('capa_actions',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('capa_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.Enum('CORRECTIVE', 'PREVENTIVE', name='capaactionkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'DONE', name='capaactionstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_by_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['capa_id'], ['capas.id'], name=op.f('fk_capa_actions_capa_id_capas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['completed_by_id'], ['users.id'], name=op.f('fk_capa_actions_completed_by_id_users')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_capa_actions_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capa_actions'))
    )
    op.create_index('ix_capa_actions_capa_id', 'capa_actions', ['capa_id'], unique=False)
    op.create_index('ix_capa_actions_completed_by_id', 'capa_actions', ['completed_by_id'], unique=False)
    op.create_index('ix_capa_actions_owner_id', 'capa_actions', ['owner_id'], unique=False)
    op.create_table('capa_effectiveness_checks',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('capa_id', sa.BigInteger(), nullable=False),
    sa.Column('effective', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('checked_by_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['capa_id'], ['capas.id'], name=op.f('fk_capa_effectiveness_checks_capa_id_capas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['checked_by_id'], ['users.id'], name=op.f('fk_capa_effectiveness_checks_checked_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capa_effectiveness_checks'))
    )
    op.create_index('ix_capa_effectiveness_checks_capa_id', 'capa_effectiveness_checks', ['capa_id'], unique=False)
    op.create_index('ix_capa_effectiveness_checks_checked_by_id', 'capa_effectiveness_checks', ['checked_by_id'], unique=False)
    op.create_table('inspection_tasks',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.Enum('INCOMING', 'IN_PROCESS', 'FINAL', name='inspectionkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'DONE', 'CANCELLED', name='inspectiontaskstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('plan_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('inspection_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_inspection_tasks_inspection_id_inspections')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_inspection_tasks_lot_id_lots')),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plans.id'], name=op.f('fk_inspection_tasks_plan_id_inspection_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_tasks'))
    )
    op.create_index('ix_inspection_tasks_inspection_id', 'inspection_tasks', ['inspection_id'], unique=False)
    op.create_index('ix_inspection_tasks_lot_id', 'inspection_tasks', ['lot_id'], unique=False)
    op.create_index('ix_inspection_tasks_plan_id', 'inspection_tasks', ['plan_id'], unique=False)
    op.create_table('recall_reconciliations',
    sa.Column('recall_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.BigInteger(), nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=False),
    sa.Column('destroyed', sa.Integer(), nullable=False),
    sa.Column('used', sa.Integer(), nullable=False),
    sa.Column('confirmed_on_hand', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_by_id', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('destroyed >= 0 AND used >= 0 AND confirmed_on_hand >= 0', name=op.f('ck_recall_reconciliations_figures_non_negative')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_recall_reconciliations_customer_id_customers')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_recall_reconciliations_lot_id_lots')),
    sa.ForeignKeyConstraint(['recall_id'], ['recalls.id'], name=op.f('fk_recall_reconciliations_recall_id_recalls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_recall_reconciliations_updated_by_id_users')),
    sa.PrimaryKeyConstraint('recall_id', 'customer_id', 'lot_id', name=op.f('pk_recall_reconciliations'))
    )
    op.create_index('ix_recall_reconciliations_customer_id', 'recall_reconciliations', ['customer_id'], unique=False)
    op.create_index('ix_recall_reconciliations_lot_id', 'recall_reconciliations', ['lot_id'], unique=False)
    op.create_index('ix_recall_reconciliations_updated_by_id', 'recall_reconciliations', ['updated_by_id'], unique=False)
    op.create_table('recall_supplier_notices',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('recall_id', sa.BigInteger(), nullable=False),
    sa.Column('supplier_id', sa.BigInteger(), nullable=False),
    sa.Column('lot_ids', postgresql.JSONB(astext_type=Text()), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('document_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_recall_supplier_notices_document_id_documents')),
    sa.ForeignKeyConstraint(['recall_id'], ['recalls.id'], name=op.f('fk_recall_supplier_notices_recall_id_recalls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_recall_supplier_notices_supplier_id_suppliers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recall_supplier_notices')),
    sa.UniqueConstraint('recall_id', 'supplier_id', name=op.f('uq_recall_supplier_notices_recall_id_supplier_id'))
    )
    op.create_index('ix_recall_supplier_notices_document_id', 'recall_supplier_notices', ['document_id'], unique=False)
    op.create_index('ix_recall_supplier_notices_supplier_id', 'recall_supplier_notices', ['supplier_id'], unique=False)
    op.create_table('nonconformances',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('source', sa.Enum('INCOMING_INSPECTION', 'CUSTOMER_COMPLAINT', 'CUSTOMER_RETURN', 'PRODUCTION', 'INTERNAL', name='nonconformancesource', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('severity', sa.Enum('MINOR', 'MAJOR', 'CRITICAL', name='nonconformanceseverity', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'DISPOSITIONED', 'CLOSED', 'CANCELLED', name='nonconformancestatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('opened_by_id', sa.BigInteger(), nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=True),
    sa.Column('warehouse_id', sa.BigInteger(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('shipment_id', sa.BigInteger(), nullable=True),
    sa.Column('customer_id', sa.BigInteger(), nullable=True),
    sa.Column('supplier_id', sa.BigInteger(), nullable=True),
    sa.Column('inspection_id', sa.BigInteger(), nullable=True),
    sa.Column('customer_return_id', sa.BigInteger(), nullable=True),
    sa.Column('root_cause', sa.Text(), nullable=True),
    sa.Column('disposition', sa.Enum('USE_AS_IS', 'REWORK', 'SCRAP', 'RETURN_TO_SUPPLIER', 'RELEASE', name='nonconformancedisposition', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('disposition_comment', sa.Text(), nullable=True),
    sa.Column('disposition_signature_id', sa.BigInteger(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closure_signature_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint('quantity IS NULL OR quantity > 0', name=op.f('ck_nonconformances_quantity_positive')),
    sa.ForeignKeyConstraint(['closure_signature_id'], ['signatures.id'], name=op.f('fk_nonconformances_closure_signature_id_signatures')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_nonconformances_customer_id_customers')),
    sa.ForeignKeyConstraint(['customer_return_id'], ['customer_returns.id'], name=op.f('fk_nonconformances_customer_return_id_customer_returns')),
    sa.ForeignKeyConstraint(['disposition_signature_id'], ['signatures.id'], name=op.f('fk_nonconformances_disposition_signature_id_signatures')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_nonconformances_inspection_id_inspections')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_nonconformances_lot_id_lots')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_nonconformances_opened_by_id_users')),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_nonconformances_shipment_id_shipments')),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_nonconformances_supplier_id_suppliers')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_nonconformances_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nonconformances')),
    sa.UniqueConstraint('number', name=op.f('uq_nonconformances_number'))
    )
    op.create_index('ix_nonconformances_closure_signature_id', 'nonconformances', ['closure_signature_id'], unique=False)
    op.create_index('ix_nonconformances_customer_id', 'nonconformances', ['customer_id'], unique=False)
    op.create_index('ix_nonconformances_customer_return_id', 'nonconformances', ['customer_return_id'], unique=False)
    op.create_index('ix_nonconformances_disposition_signature_id', 'nonconformances', ['disposition_signature_id'], unique=False)
    op.create_index('ix_nonconformances_inspection_id', 'nonconformances', ['inspection_id'], unique=False)
    op.create_index('ix_nonconformances_lot_id', 'nonconformances', ['lot_id'], unique=False)
    op.create_index('ix_nonconformances_opened_by_id', 'nonconformances', ['opened_by_id'], unique=False)
    op.create_index('ix_nonconformances_shipment_id', 'nonconformances', ['shipment_id'], unique=False)
    op.create_index('ix_nonconformances_supplier_id', 'nonconformances', ['supplier_id'], unique=False)
    op.create_index('ix_nonconformances_warehouse_id', 'nonconformances', ['warehouse_id'], unique=False)
    op.create_table('capa_nonconformances',
    sa.Column('capa_id', sa.BigInteger(), nullable=False),
    sa.Column('nonconformance_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['capa_id'], ['capas.id'], name=op.f('fk_capa_nonconformances_capa_id_capas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nonconformance_id'], ['nonconformances.id'], name=op.f('fk_capa_nonconformances_nonconformance_id_nonconformances')),
    sa.PrimaryKeyConstraint('capa_id', 'nonconformance_id', name=op.f('pk_capa_nonconformances'))
    )
    op.create_index('ix_capa_nonconformances_nonconformance_id', 'capa_nonconformances', ['nonconformance_id'], unique=False)
    op.create_table('nonconformance_notes',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('nonconformance_id', sa.BigInteger(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_nonconformance_notes_author_id_users')),
    sa.ForeignKeyConstraint(['nonconformance_id'], ['nonconformances.id'], name=op.f('fk_nonconformance_notes_nonconformance_id_nonconformances'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nonconformance_notes'))
    )
    op.create_index('ix_nonconformance_notes_author_id', 'nonconformance_notes', ['author_id'], unique=False)
    op.create_index('ix_nonconformance_notes_nonconformance_id', 'nonconformance_notes', ['nonconformance_id'], unique=False)
    op.create_table('nonconformance_serials',
    sa.Column('nonconformance_id', sa.BigInteger(), nullable=False),
    sa.Column('serial_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['nonconformance_id'], ['nonconformances.id'], name=op.f('fk_nonconformance_serials_nonconformance_id_nonconformances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['serial_id'], ['serials.id'], name=op.f('fk_nonconformance_serials_serial_id_serials')),
    sa.PrimaryKeyConstraint('nonconformance_id', 'serial_id', name=op.f('pk_nonconformance_serials'))
    )
    op.create_index('ix_nonconformance_serials_serial_id', 'nonconformance_serials', ['serial_id'], unique=False)
    op.create_table('quality_holds',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('scope', sa.Enum('WHOLE_LOT', 'QUANTITY', 'SERIALS', name='qualityholdscope', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('ACTIVE', 'RELEASED', 'DISPOSED', name='qualityholdstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=False),
    sa.Column('warehouse_id', sa.BigInteger(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('nonconformance_id', sa.BigInteger(), nullable=True),
    sa.Column('customer_return_id', sa.BigInteger(), nullable=True),
    sa.Column('placed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('placed_by_id', sa.BigInteger(), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('released_by_id', sa.BigInteger(), nullable=True),
    sa.Column('release_signature_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint('quantity IS NULL OR quantity > 0', name=op.f('ck_quality_holds_quantity_positive')),
    sa.ForeignKeyConstraint(['customer_return_id'], ['customer_returns.id'], name=op.f('fk_quality_holds_customer_return_id_customer_returns')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_quality_holds_lot_id_lots')),
    sa.ForeignKeyConstraint(['nonconformance_id'], ['nonconformances.id'], name=op.f('fk_quality_holds_nonconformance_id_nonconformances')),
    sa.ForeignKeyConstraint(['placed_by_id'], ['users.id'], name=op.f('fk_quality_holds_placed_by_id_users')),
    sa.ForeignKeyConstraint(['release_signature_id'], ['signatures.id'], name=op.f('fk_quality_holds_release_signature_id_signatures')),
    sa.ForeignKeyConstraint(['released_by_id'], ['users.id'], name=op.f('fk_quality_holds_released_by_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_quality_holds_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_holds')),
    sa.UniqueConstraint('number', name=op.f('uq_quality_holds_number'))
    )
    op.create_index('ix_quality_holds_customer_return_id', 'quality_holds', ['customer_return_id'], unique=False)
    op.create_index('ix_quality_holds_lot_id', 'quality_holds', ['lot_id'], unique=False)
    op.create_index('ix_quality_holds_nonconformance_id', 'quality_holds', ['nonconformance_id'], unique=False)
    op.create_index('ix_quality_holds_placed_by_id', 'quality_holds', ['placed_by_id'], unique=False)
    op.create_index('ix_quality_holds_release_signature_id', 'quality_holds', ['release_signature_id'], unique=False)
    op.create_index('ix_quality_holds_released_by_id', 'quality_holds', ['released_by_id'], unique=False)
    op.create_index('ix_quality_holds_warehouse_id', 'quality_holds', ['warehouse_id'], unique=False)
    op.create_table('retained_sample_serials',
    sa.Column('sample_id', sa.BigInteger(), nullable=False),
    sa.Column('serial_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['sample_id'], ['retained_samples.id'], name=op.f('fk_retained_sample_serials_sample_id_retained_samples'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['serial_id'], ['serials.id'], name=op.f('fk_retained_sample_serials_serial_id_serials')),
    sa.PrimaryKeyConstraint('sample_id', 'serial_id', name=op.f('pk_retained_sample_serials'))
    )
    op.create_index('ix_retained_sample_serials_serial_id', 'retained_sample_serials', ['serial_id'], unique=False)
    op.create_table('allocation_issues',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('order_id', sa.BigInteger(), nullable=False),
    sa.Column('hold_id', sa.BigInteger(), nullable=True),
    sa.Column('reason', sa.Enum('LOT_ON_HOLD', 'LOT_RECALLED', 'LOT_EXPIRED', 'SHELF_LIFE_TOO_SHORT', name='allocationissuereason', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=False),
    sa.Column('warehouse_id', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('reallocated_quantity', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['hold_id'], ['quality_holds.id'], name=op.f('fk_allocation_issues_hold_id_quality_holds')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_allocation_issues_lot_id_lots')),
    sa.ForeignKeyConstraint(['order_id'], ['sales_orders.id'], name=op.f('fk_allocation_issues_order_id_sales_orders')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_allocation_issues_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocation_issues'))
    )
    op.create_index('ix_allocation_issues_hold_id', 'allocation_issues', ['hold_id'], unique=False)
    op.create_index('ix_allocation_issues_lot_id', 'allocation_issues', ['lot_id'], unique=False)
    op.create_index('ix_allocation_issues_order_id', 'allocation_issues', ['order_id'], unique=False)
    op.create_index('ix_allocation_issues_warehouse_id', 'allocation_issues', ['warehouse_id'], unique=False)
    op.create_table('quality_hold_serials',
    sa.Column('hold_id', sa.BigInteger(), nullable=False),
    sa.Column('serial_id', sa.BigInteger(), nullable=False),
    sa.Column('warehouse_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['hold_id'], ['quality_holds.id'], name=op.f('fk_quality_hold_serials_hold_id_quality_holds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['serial_id'], ['serials.id'], name=op.f('fk_quality_hold_serials_serial_id_serials')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_quality_hold_serials_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('hold_id', 'serial_id', name=op.f('pk_quality_hold_serials'))
    )
    op.create_index('ix_quality_hold_serials_serial_id', 'quality_hold_serials', ['serial_id'], unique=False)
    op.create_index('ix_quality_hold_serials_warehouse_id', 'quality_hold_serials', ['warehouse_id'], unique=False)
    op.add_column('inspections', sa.Column('plan_id', sa.BigInteger(), nullable=True))
    op.add_column('inspections', sa.Column('measurements', postgresql.JSONB(astext_type=Text()), nullable=True))
    op.create_index('ix_inspections_plan_id', 'inspections', ['plan_id'], unique=False)
    op.create_foreign_key(op.f('fk_inspections_plan_id_inspection_plans'), 'inspections', 'inspection_plans', ['plan_id'], ['id'])
    op.add_column('recall_notices', sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('recall_notices', sa.Column('reminders_sent', sa.Integer(), server_default='0', nullable=False))
    op.add_column('recall_notices', sa.Column('last_reminded_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('recall_notices', sa.Column('acknowledgement_channel', sa.Enum('PORTAL', 'PHONE', 'EMAIL', 'LETTER', 'FAX', 'IN_PERSON', name='recallresponsechannel', native_enum=False, create_constraint=True, length=32), nullable=True))
    op.add_column('recall_notices', sa.Column('acknowledged_by_contact', sa.String(length=200), nullable=True))
    op.add_column('recall_notices', sa.Column('acknowledgement_note', sa.Text(), nullable=True))
    op.add_column('recall_notices', sa.Column('field_safety_notice_id', sa.BigInteger(), nullable=True))
    op.create_index('ix_recall_notices_field_safety_notice_id', 'recall_notices', ['field_safety_notice_id'], unique=False)
    op.create_foreign_key(op.f('fk_recall_notices_field_safety_notice_id_documents'), 'recall_notices', 'documents', ['field_safety_notice_id'], ['id'])
    op.add_column('recalls', sa.Column('closed_by_id', sa.BigInteger(), nullable=True))
    op.add_column('recalls', sa.Column('closure_signature_id', sa.BigInteger(), nullable=True))
    op.add_column('recalls', sa.Column('closure_justification', sa.Text(), nullable=True))
    op.create_index('ix_recalls_closed_by_id', 'recalls', ['closed_by_id'], unique=False)
    op.create_index('ix_recalls_closure_signature_id', 'recalls', ['closure_signature_id'], unique=False)
    op.create_foreign_key(op.f('fk_recalls_closed_by_id_users'), 'recalls', 'users', ['closed_by_id'], ['id'])
    op.create_foreign_key(op.f('fk_recalls_closure_signature_id_signatures'), 'recalls', 'signatures', ['closure_signature_id'], ['id'])
    op.add_column('stock_balances', sa.Column('held', sa.BigInteger(), server_default='0', nullable=False))
    op.create_check_constraint(op.f("ck_stock_balances_held_non_negative"), "stock_balances", "held >= 0")
    op.create_check_constraint(op.f("ck_stock_balances_held_within_on_hand"), "stock_balances", "reserved + held <= on_hand")


def downgrade() -> None:
    op.execute("ALTER TABLE stock_balances DROP CONSTRAINT ck_stock_balances_held_within_on_hand")
    op.execute("ALTER TABLE stock_balances DROP CONSTRAINT ck_stock_balances_held_non_negative")
    op.drop_column('stock_balances', 'held')
    op.drop_constraint(op.f('fk_recalls_closure_signature_id_signatures'), 'recalls', type_='foreignkey')
    op.drop_constraint(op.f('fk_recalls_closed_by_id_users'), 'recalls', type_='foreignkey')
    op.drop_index('ix_recalls_closure_signature_id', table_name='recalls')
    op.drop_index('ix_recalls_closed_by_id', table_name='recalls')
    op.drop_column('recalls', 'closure_justification')
    op.drop_column('recalls', 'closure_signature_id')
    op.drop_column('recalls', 'closed_by_id')
    op.drop_constraint(op.f('fk_recall_notices_field_safety_notice_id_documents'), 'recall_notices', type_='foreignkey')
    op.drop_index('ix_recall_notices_field_safety_notice_id', table_name='recall_notices')
    op.drop_column('recall_notices', 'field_safety_notice_id')
    op.drop_column('recall_notices', 'acknowledgement_note')
    op.drop_column('recall_notices', 'acknowledged_by_contact')
    op.drop_column('recall_notices', 'acknowledgement_channel')
    op.drop_column('recall_notices', 'last_reminded_at')
    op.drop_column('recall_notices', 'reminders_sent')
    op.drop_column('recall_notices', 'due_at')
    op.drop_constraint(op.f('fk_inspections_plan_id_inspection_plans'), 'inspections', type_='foreignkey')
    op.drop_index('ix_inspections_plan_id', table_name='inspections')
    op.drop_column('inspections', 'measurements')
    op.drop_column('inspections', 'plan_id')
    op.drop_index('ix_quality_hold_serials_warehouse_id', table_name='quality_hold_serials')
    op.drop_index('ix_quality_hold_serials_serial_id', table_name='quality_hold_serials')
    op.drop_table('quality_hold_serials')
    op.drop_index('ix_allocation_issues_warehouse_id', table_name='allocation_issues')
    op.drop_index('ix_allocation_issues_order_id', table_name='allocation_issues')
    op.drop_index('ix_allocation_issues_lot_id', table_name='allocation_issues')
    op.drop_index('ix_allocation_issues_hold_id', table_name='allocation_issues')
    op.drop_table('allocation_issues')
    op.drop_index('ix_retained_sample_serials_serial_id', table_name='retained_sample_serials')
    op.drop_table('retained_sample_serials')
    op.drop_index('ix_quality_holds_warehouse_id', table_name='quality_holds')
    op.drop_index('ix_quality_holds_released_by_id', table_name='quality_holds')
    op.drop_index('ix_quality_holds_release_signature_id', table_name='quality_holds')
    op.drop_index('ix_quality_holds_placed_by_id', table_name='quality_holds')
    op.drop_index('ix_quality_holds_nonconformance_id', table_name='quality_holds')
    op.drop_index('ix_quality_holds_lot_id', table_name='quality_holds')
    op.drop_index('ix_quality_holds_customer_return_id', table_name='quality_holds')
    op.drop_table('quality_holds')
    op.drop_index('ix_nonconformance_serials_serial_id', table_name='nonconformance_serials')
    op.drop_table('nonconformance_serials')
    op.drop_index('ix_nonconformance_notes_nonconformance_id', table_name='nonconformance_notes')
    op.drop_index('ix_nonconformance_notes_author_id', table_name='nonconformance_notes')
    op.drop_table('nonconformance_notes')
    op.drop_index('ix_capa_nonconformances_nonconformance_id', table_name='capa_nonconformances')
    op.drop_table('capa_nonconformances')
    op.drop_index('ix_nonconformances_warehouse_id', table_name='nonconformances')
    op.drop_index('ix_nonconformances_supplier_id', table_name='nonconformances')
    op.drop_index('ix_nonconformances_shipment_id', table_name='nonconformances')
    op.drop_index('ix_nonconformances_opened_by_id', table_name='nonconformances')
    op.drop_index('ix_nonconformances_lot_id', table_name='nonconformances')
    op.drop_index('ix_nonconformances_inspection_id', table_name='nonconformances')
    op.drop_index('ix_nonconformances_disposition_signature_id', table_name='nonconformances')
    op.drop_index('ix_nonconformances_customer_return_id', table_name='nonconformances')
    op.drop_index('ix_nonconformances_customer_id', table_name='nonconformances')
    op.drop_index('ix_nonconformances_closure_signature_id', table_name='nonconformances')
    op.drop_table('nonconformances')
    op.drop_index('ix_recall_supplier_notices_supplier_id', table_name='recall_supplier_notices')
    op.drop_index('ix_recall_supplier_notices_document_id', table_name='recall_supplier_notices')
    op.drop_table('recall_supplier_notices')
    op.drop_index('ix_recall_reconciliations_updated_by_id', table_name='recall_reconciliations')
    op.drop_index('ix_recall_reconciliations_lot_id', table_name='recall_reconciliations')
    op.drop_index('ix_recall_reconciliations_customer_id', table_name='recall_reconciliations')
    op.drop_table('recall_reconciliations')
    op.drop_index('ix_inspection_tasks_plan_id', table_name='inspection_tasks')
    op.drop_index('ix_inspection_tasks_lot_id', table_name='inspection_tasks')
    op.drop_index('ix_inspection_tasks_inspection_id', table_name='inspection_tasks')
    op.drop_table('inspection_tasks')
    op.drop_index('ix_capa_effectiveness_checks_checked_by_id', table_name='capa_effectiveness_checks')
    op.drop_index('ix_capa_effectiveness_checks_capa_id', table_name='capa_effectiveness_checks')
    op.drop_table('capa_effectiveness_checks')
    op.drop_index('ix_capa_actions_owner_id', table_name='capa_actions')
    op.drop_index('ix_capa_actions_completed_by_id', table_name='capa_actions')
    op.drop_index('ix_capa_actions_capa_id', table_name='capa_actions')
    op.drop_table('capa_actions')
    op.drop_index('ix_retained_sample_pulls_sample_id', table_name='retained_sample_pulls')
    op.drop_index('ix_retained_sample_pulls_pulled_by_id', table_name='retained_sample_pulls')
    op.drop_table('retained_sample_pulls')
    op.drop_index('ix_capas_owner_id', table_name='capas')
    op.drop_index('ix_capas_opened_by_id', table_name='capas')
    op.drop_index('ix_capas_closure_signature_id', table_name='capas')
    op.drop_table('capas')
    op.drop_index('ix_retained_samples_warehouse_id', table_name='retained_samples')
    op.drop_index('ix_retained_samples_taken_by_id', table_name='retained_samples')
    op.drop_index('ix_retained_samples_lot_id', table_name='retained_samples')
    op.drop_table('retained_samples')
    op.drop_index('ix_inspection_plans_created_by_id', table_name='inspection_plans')
    op.drop_table('inspection_plans')
    op.drop_table('expiry_alerts')
    for table, column, constraint, added in ENUM_VALUES:
        _set_values(table, column, constraint, [v for v in _values(constraint) if v not in added])
