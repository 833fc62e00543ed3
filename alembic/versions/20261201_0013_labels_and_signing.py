"""Labels, cartons with SSCCs, and signed documents.

Cartons are numbered from a sequence so that an SSCC is never issued twice, even after a
shipment is gone; a document's PAdES signature is recorded beside it for the graph.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The kinds 0008 (finance desk) left in force, which this migration extends.
DOCUMENT_KINDS = ("CERTIFICATE_OF_CONFORMITY", "INSPECTION_REPORT", "RELEASE_CERTIFICATE",
                  "BATCH_RECORD", "SUPPLIER_CERTIFICATE", "PACKING_LIST", "INVOICE", "OTHER",
                  "FIELD_SAFETY_NOTICE", "CREDIT_NOTE", "LEDGER_EXPORT")
# Partners read the cartons of their own shipments, and the signatures of the documents
# they may see (the documents' own policy applies inside the subquery); see 0011.
PARTNER = "erp_partner"
CUSTOMER = "nullif(current_setting('erp.customer_id', true), '')::bigint"
POLICIES = {
    "shipping_cartons": f"shipment_id IN (SELECT id FROM shipments WHERE customer_id = {CUSTOMER})",
    "document_signatures": "document_id IN (SELECT id FROM documents)",
}


def _set_kinds(values: Sequence[str]) -> None:
    name = op.f("ck_documents_documentkind")
    op.drop_constraint(name, "documents", type_="check")
    op.create_check_constraint(name, "documents",
                               "kind IN (" + ", ".join(f"'{v}'" for v in values) + ")")


def upgrade() -> None:
    _set_kinds((*DOCUMENT_KINDS, "LABEL"))
    op.execute("CREATE SEQUENCE sscc_serial_reference_seq START 1 MAXVALUE 999999999 NO CYCLE")
    op.create_table(
        "shipping_cartons",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("shipment_id", sa.BigInteger(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sscc", sa.String(18), nullable=False),
        sa.CheckConstraint("sequence >= 1", name=op.f("ck_shipping_cartons_sequence_positive")),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE",
                                name=op.f("fk_shipping_cartons_shipment_id_shipments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipping_cartons")),
        sa.UniqueConstraint("shipment_id", "sequence",
                            name=op.f("uq_shipping_cartons_shipment_id_sequence")),
        sa.UniqueConstraint("sscc", name=op.f("uq_shipping_cartons_sscc")),
    )
    op.create_table(
        "document_signatures",
        sa.Column("document_id", sa.BigInteger(), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signer_subject", sa.String(500), nullable=False),
        sa.Column("certificate_sha256", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_document_signatures_document_id_documents")),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_signatures")),
    )
    for table, visible in POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY partner_reads ON {table} FOR SELECT TO {PARTNER} "
                   f"USING ({visible})")

def downgrade() -> None:
    op.drop_table("document_signatures")
    op.drop_table("shipping_cartons")
    op.execute("DROP SEQUENCE sscc_serial_reference_seq")
    op.execute("DELETE FROM documents WHERE kind = 'LABEL'")
    _set_kinds(DOCUMENT_KINDS)
