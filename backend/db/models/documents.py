"""Controlled documents: versioned metadata, content-addressed bytes, links to any node."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from backend.db.base import Base, created_at_column, enum_column, id_column
from backend.enums import DocumentKind


class DocumentBlob(Base):
    """File bytes stored once per sha256, however many documents point at them."""

    __tablename__ = "document_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_documents_kind_title", "kind", "title"),
    )

    id: Mapped[int] = id_column()
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    title: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(ForeignKey("document_blobs.sha256"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The first version of this document; versions share it.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    uploaded_at: Mapped[datetime] = created_at_column()
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DocumentLink(Base):
    """Attaches a document to any node of the graph by type name and row id."""

    __tablename__ = "document_links"
    __table_args__ = (Index("ix_document_links_node", "node_type", "node_id"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    node_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    node_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)


class DocumentSignature(Base):
    """The PAdES signature embedded in a generated PDF, as the graph shows it."""

    __tablename__ = "document_signatures"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[str] = mapped_column(String(8))
    signed_at: Mapped[datetime] = mapped_column()
    signer_subject: Mapped[str] = mapped_column(String(500))
    certificate_sha256: Mapped[str] = mapped_column(String(64))
