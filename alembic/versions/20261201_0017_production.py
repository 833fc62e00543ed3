"""Production: work centres, BOM versions, work orders, batch records, schedule.

The PLANNER and OPERATOR roles join the role checks; a serial built into an
assembly is CONSUMED.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01

"""
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_ROLES = ("PLANNER", "OPERATOR")
CHECKS = (("user_roles", "role", "ck_user_roles_role", NEW_ROLES),
          ("approvals", "required_role", "ck_approvals_role", NEW_ROLES),
          ("serials", "status", "ck_serials_serialstatus", ("CONSUMED",)))


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
    for table, column, constraint, added in CHECKS:
        current = _values(constraint)
        missing = [v for v in added if v not in current]
        if current and missing:
            _set_values(table, column, constraint, [*current, *missing])
    op.create_table('work_centers',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('warehouse_id', sa.BigInteger(), nullable=False),
    sa.Column('hours_per_day', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('hours_per_day > 0 AND hours_per_day <= 24', name=op.f('ck_work_centers_hours_per_day_range')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_work_centers_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_centers')),
    sa.UniqueConstraint('code', name=op.f('uq_work_centers_code'))
    )
    op.create_index('ix_work_centers_warehouse_id', 'work_centers', ['warehouse_id'], unique=False)
    op.create_table('bom_versions',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('product_id', sa.BigInteger(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('DRAFT', 'APPROVED', 'SUPERSEDED', name='bomversionstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('change_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('approval_signature_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['approval_signature_id'], ['signatures.id'], name=op.f('fk_bom_versions_approval_signature_id_signatures')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_bom_versions_created_by_id_users')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_bom_versions_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bom_versions')),
    sa.UniqueConstraint('product_id', 'version', name=op.f('uq_bom_versions_product_id_version'))
    )
    op.create_index('ix_bom_versions_approval_signature_id', 'bom_versions', ['approval_signature_id'], unique=False)
    op.create_index('ix_bom_versions_created_by_id', 'bom_versions', ['created_by_id'], unique=False)
    op.create_table('batch_step_templates',
    sa.Column('bom_version_id', sa.BigInteger(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('operation_sequence', sa.Integer(), nullable=True),
    sa.Column('parameters', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('requires_verification', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['bom_version_id'], ['bom_versions.id'], name=op.f('fk_batch_step_templates_bom_version_id_bom_versions')),
    sa.PrimaryKeyConstraint('bom_version_id', 'sequence', name=op.f('pk_batch_step_templates'))
    )
    op.create_table('bom_components',
    sa.Column('bom_version_id', sa.BigInteger(), nullable=False),
    sa.Column('line_number', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.BigInteger(), nullable=False),
    sa.Column('quantity_per', sa.Integer(), nullable=False),
    sa.Column('scrap_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.CheckConstraint('quantity_per >= 1', name=op.f('ck_bom_components_quantity_per_positive')),
    sa.CheckConstraint('scrap_percent >= 0 AND scrap_percent <= 100', name=op.f('ck_bom_components_scrap_range')),
    sa.ForeignKeyConstraint(['bom_version_id'], ['bom_versions.id'], name=op.f('fk_bom_components_bom_version_id_bom_versions')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_bom_components_product_id_products')),
    sa.PrimaryKeyConstraint('bom_version_id', 'line_number', name=op.f('pk_bom_components')),
    sa.UniqueConstraint('bom_version_id', 'product_id', name=op.f('uq_bom_components_bom_version_id_product_id'))
    )
    op.create_index('ix_bom_components_product_id', 'bom_components', ['product_id'], unique=False)
    op.create_table('routing_operations',
    sa.Column('bom_version_id', sa.BigInteger(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('work_center_id', sa.BigInteger(), nullable=False),
    sa.Column('setup_minutes', sa.Integer(), nullable=False),
    sa.Column('run_minutes_per_unit', sa.Numeric(precision=10, scale=3), nullable=False),
    sa.ForeignKeyConstraint(['bom_version_id'], ['bom_versions.id'], name=op.f('fk_routing_operations_bom_version_id_bom_versions')),
    sa.ForeignKeyConstraint(['work_center_id'], ['work_centers.id'], name=op.f('fk_routing_operations_work_center_id_work_centers')),
    sa.PrimaryKeyConstraint('bom_version_id', 'sequence', name=op.f('pk_routing_operations'))
    )
    op.create_index('ix_routing_operations_work_center_id', 'routing_operations', ['work_center_id'], unique=False)
    op.create_table('work_orders',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('product_id', sa.BigInteger(), nullable=False),
    sa.Column('bom_version_id', sa.BigInteger(), nullable=False),
    sa.Column('warehouse_id', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('completed_quantity', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('PLANNED', 'RELEASED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'CANCELLED', name='workorderstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('scheduled_start', sa.DateTime(timezone=True), nullable=True),
    sa.Column('scheduled_finish', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sales_order_id', sa.BigInteger(), nullable=True),
    sa.Column('replenishment_request_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('completed_quantity >= 0', name=op.f('ck_work_orders_completed_not_negative')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_work_orders_quantity_positive')),
    sa.ForeignKeyConstraint(['bom_version_id'], ['bom_versions.id'], name=op.f('fk_work_orders_bom_version_id_bom_versions')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_work_orders_created_by_id_users')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_work_orders_product_id_products')),
    sa.ForeignKeyConstraint(['replenishment_request_id'], ['replenishment_requests.id'], name=op.f('fk_work_orders_replenishment_request_id_replenishment_requests')),
    sa.ForeignKeyConstraint(['sales_order_id'], ['sales_orders.id'], name=op.f('fk_work_orders_sales_order_id_sales_orders')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_work_orders_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_orders')),
    sa.UniqueConstraint('number', name=op.f('uq_work_orders_number'))
    )
    op.create_index('ix_work_orders_bom_version_id', 'work_orders', ['bom_version_id'], unique=False)
    op.create_index('ix_work_orders_created_by_id', 'work_orders', ['created_by_id'], unique=False)
    op.create_index('ix_work_orders_product_id', 'work_orders', ['product_id'], unique=False)
    op.create_index('ix_work_orders_replenishment_request_id', 'work_orders', ['replenishment_request_id'], unique=False)
    op.create_index('ix_work_orders_sales_order_id', 'work_orders', ['sales_order_id'], unique=False)
    op.create_index('ix_work_orders_warehouse_id', 'work_orders', ['warehouse_id'], unique=False)
    op.create_table('batch_records',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('work_order_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('IN_PROGRESS', 'READY_FOR_REVIEW', 'APPROVED', 'REJECTED', name='batchrecordstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('review_approved', sa.Boolean(), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('review_signature_id', sa.BigInteger(), nullable=True),
    sa.Column('document_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['review_signature_id'], ['signatures.id'], name=op.f('fk_batch_records_review_signature_id_signatures')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_batch_records_document_id_documents')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_batch_records_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batch_records')),
    sa.UniqueConstraint('work_order_id', name=op.f('uq_batch_records_work_order_id'))
    )
    op.create_table('work_order_outputs',
    sa.Column('lot_id', sa.BigInteger(), nullable=False),
    sa.Column('work_order_id', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('final', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_work_order_outputs_quantity_positive')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_work_order_outputs_lot_id_lots')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_work_order_outputs_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('lot_id', name=op.f('pk_work_order_outputs'))
    )
    op.create_index('ix_work_order_outputs_work_order_id', 'work_order_outputs', ['work_order_id'], unique=False)
    op.create_table('serial_links',
    sa.Column('component_serial_id', sa.BigInteger(), nullable=False),
    sa.Column('assembly_serial_id', sa.BigInteger(), nullable=False),
    sa.Column('work_order_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['assembly_serial_id'], ['serials.id'], name=op.f('fk_serial_links_assembly_serial_id_serials')),
    sa.ForeignKeyConstraint(['component_serial_id'], ['serials.id'], name=op.f('fk_serial_links_component_serial_id_serials')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_serial_links_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('component_serial_id', name=op.f('pk_serial_links'))
    )
    op.create_index('ix_serial_links_assembly_serial_id', 'serial_links', ['assembly_serial_id'], unique=False)
    op.create_index('ix_serial_links_work_order_id', 'serial_links', ['work_order_id'], unique=False)
    op.create_index('ix_batch_records_review_signature_id', 'batch_records', ['review_signature_id'], unique=False)
    op.create_index('ix_batch_records_document_id', 'batch_records', ['document_id'], unique=False)
    op.create_table('batch_deviations',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('work_order_id', sa.BigInteger(), nullable=False),
    sa.Column('step_sequence', sa.Integer(), nullable=False),
    sa.Column('parameter', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'CLOSED', name='batchdeviationstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('raised_by_id', sa.BigInteger(), nullable=False),
    sa.Column('disposition', sa.Enum('USE_AS_IS', 'REWORK', 'SCRAP', name='batchdeviationdisposition', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('rationale', sa.Text(), nullable=True),
    sa.Column('closure_signature_id', sa.BigInteger(), nullable=True),
    sa.Column('nonconformance_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['closure_signature_id'], ['signatures.id'], name=op.f('fk_batch_deviations_closure_signature_id_signatures')),
    sa.ForeignKeyConstraint(['nonconformance_id'], ['nonconformances.id'], name=op.f('fk_batch_deviations_nonconformance_id_nonconformances')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['users.id'], name=op.f('fk_batch_deviations_raised_by_id_users')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_batch_deviations_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batch_deviations')),
    sa.UniqueConstraint('number', name=op.f('uq_batch_deviations_number'))
    )
    op.create_index('ix_batch_deviations_closure_signature_id', 'batch_deviations', ['closure_signature_id'], unique=False)
    op.create_index('ix_batch_deviations_nonconformance_id', 'batch_deviations', ['nonconformance_id'], unique=False)
    op.create_index('ix_batch_deviations_raised_by_id', 'batch_deviations', ['raised_by_id'], unique=False)
    op.create_index('ix_batch_deviations_work_order_id', 'batch_deviations', ['work_order_id'], unique=False)
    op.create_table('capacity_bookings',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('work_center_id', sa.BigInteger(), nullable=False),
    sa.Column('work_order_id', sa.BigInteger(), nullable=False),
    sa.Column('operation_sequence', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finish', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('minutes > 0', name=op.f('ck_capacity_bookings_minutes_positive')),
    sa.ForeignKeyConstraint(['work_center_id'], ['work_centers.id'], name=op.f('fk_capacity_bookings_work_center_id_work_centers')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_capacity_bookings_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capacity_bookings'))
    )
    op.create_index('ix_capacity_bookings_work_center_id', 'capacity_bookings', ['work_center_id'], unique=False)
    op.create_index('ix_capacity_bookings_work_order_id', 'capacity_bookings', ['work_order_id'], unique=False)
    op.create_table('work_order_components',
    sa.Column('work_order_id', sa.BigInteger(), nullable=False),
    sa.Column('line_number', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.BigInteger(), nullable=False),
    sa.Column('required_quantity', sa.Integer(), nullable=False),
    sa.Column('issued_quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('issued_quantity >= 0', name=op.f('ck_work_order_components_issued_not_negative')),
    sa.CheckConstraint('required_quantity > 0', name=op.f('ck_work_order_components_required_positive')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_work_order_components_product_id_products')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_work_order_components_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('work_order_id', 'line_number', name=op.f('pk_work_order_components'))
    )
    op.create_index('ix_work_order_components_product_id', 'work_order_components', ['product_id'], unique=False)
    op.create_table('work_order_issues',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('work_order_id', sa.BigInteger(), nullable=False),
    sa.Column('line_number', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('serial_ids', postgresql.ARRAY(sa.Integer()), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_work_order_issues_quantity_positive')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_work_order_issues_actor_id_users')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_work_order_issues_lot_id_lots')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_work_order_issues_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order_issues'))
    )
    op.create_index('ix_work_order_issues_actor_id', 'work_order_issues', ['actor_id'], unique=False)
    op.create_index('ix_work_order_issues_lot_id', 'work_order_issues', ['lot_id'], unique=False)
    op.create_index('ix_work_order_issues_work_order_id', 'work_order_issues', ['work_order_id'], unique=False)
    op.create_table('batch_record_steps',
    sa.Column('batch_record_id', sa.BigInteger(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('parameters', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('requires_verification', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'DONE', 'VERIFIED', name='batchstepstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('values', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('performed_signature_id', sa.BigInteger(), nullable=True),
    sa.Column('verified_signature_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['batch_record_id'], ['batch_records.id'], name=op.f('fk_batch_record_steps_batch_record_id_batch_records')),
    sa.ForeignKeyConstraint(['performed_signature_id'], ['signatures.id'], name=op.f('fk_batch_record_steps_performed_signature_id_signatures')),
    sa.ForeignKeyConstraint(['verified_signature_id'], ['signatures.id'], name=op.f('fk_batch_record_steps_verified_signature_id_signatures')),
    sa.PrimaryKeyConstraint('batch_record_id', 'sequence', name=op.f('pk_batch_record_steps'))
    )
    op.create_index('ix_batch_record_steps_performed_signature_id', 'batch_record_steps', ['performed_signature_id'], unique=False)
    op.create_index('ix_batch_record_steps_verified_signature_id', 'batch_record_steps', ['verified_signature_id'], unique=False)
    op.create_table('work_order_reservations',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('work_order_id', sa.BigInteger(), nullable=False),
    sa.Column('line_number', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=False),
    sa.Column('warehouse_id', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_work_order_reservations_quantity_positive')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_work_order_reservations_lot_id_lots')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_work_order_reservations_warehouse_id_warehouses')),
    sa.ForeignKeyConstraint(['work_order_id', 'line_number'], ['work_order_components.work_order_id', 'work_order_components.line_number'], name='fk_work_order_reservations_line'),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_orders.id'], name=op.f('fk_work_order_reservations_work_order_id_work_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order_reservations')),
    sa.UniqueConstraint('work_order_id', 'line_number', 'lot_id', name=op.f('uq_work_order_reservations_work_order_id_line_number_lot_id'))
    )
    op.create_index('ix_work_order_reservations_line_number', 'work_order_reservations', ['line_number'], unique=False)
    op.create_index('ix_work_order_reservations_lot_id', 'work_order_reservations', ['lot_id'], unique=False)
    op.create_index('ix_work_order_reservations_warehouse_id', 'work_order_reservations', ['warehouse_id'], unique=False)


def downgrade() -> None:
    op.drop_table("work_order_reservations")
    op.drop_table("batch_record_steps")
    op.drop_table("work_order_issues")
    op.drop_table("work_order_components")
    op.drop_table("capacity_bookings")
    op.drop_table("work_order_outputs")
    op.drop_table("serial_links")
    op.drop_table("batch_deviations")
    op.drop_table("batch_records")
    op.drop_table("work_orders")
    op.drop_table("routing_operations")
    op.drop_table("bom_components")
    op.drop_table("batch_step_templates")
    op.drop_table("bom_versions")
    op.drop_table("work_centers")
    # Rows with the removed values cannot stay: consumed serials count as scrapped, as before.
    op.execute("UPDATE serials SET status = 'SCRAPPED' WHERE status = 'CONSUMED'")
    op.execute("DELETE FROM user_roles WHERE role IN ('PLANNER', 'OPERATOR')")
    for table, column, constraint, added in CHECKS:
        current = _values(constraint)
        if current:
            _set_values(table, column, constraint, [v for v in current if v not in added])
