"""Controlled documents: bytes stored once by sha256, versions per (kind, title, node), links."""

import hashlib
from collections.abc import Sequence

from sqlalchemy import func, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import models as m
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules.content_types import ACCEPTED, MAX_DOCUMENT_BYTES, sniff
from backend.domain.trust import audit
from backend.enums import AuditAction, DocumentKind

MAX_TITLE = 200
MAX_FILE_NAME = 255
MAX_LINKS = 20

# Node types documents can be attached to, and the table holding each.
ATTACHABLE = {
    "Lot": m.Lot,
    "SalesOrder": m.SalesOrder,
    "Shipment": m.Shipment,
    "Supplier": m.Supplier,
    "Inspection": m.Inspection,
    "Invoice": m.Invoice,
    "Recall": m.Recall,
    "Product": m.Product,
}


def content_hash(content: bytes) -> str:
    """sha256 hex of a document's bytes: its blob's key and its integrity check."""
    return hashlib.sha256(content).hexdigest()


async def attach_document(
    session: AsyncSession,
    *,
    actor: Actor,
    kind: DocumentKind,
    title: str,
    file_name: str,
    content: bytes,
    attach_to: Sequence[tuple[str, int]],
) -> m.Document:
    """Check an uploaded file and attach it; the type comes from the bytes, not the name."""
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DomainError.single(
            ErrorCode.INVALID,
            f"The file is larger than the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB a document "
            "may have.",
            ("input", "file"),
        )
    if not content:
        raise DomainError.single(ErrorCode.INVALID, "The file is empty.", ("input", "file"))
    content_type = sniff(content)
    if content_type not in ACCEPTED:
        raise DomainError.single(
            ErrorCode.INVALID,
            "The file is not a PDF, image, office document or plain text"
            + (f" (its bytes show {content_type})." if content_type else "."),
            ("input", "file"),
        )
    title = title.strip()
    if not title or len(title) > MAX_TITLE:
        raise DomainError.single(
            ErrorCode.INVALID, f"A title has 1 to {MAX_TITLE} characters.", ("input", "title")
        )
    if not 1 <= len(attach_to) <= MAX_LINKS:
        raise DomainError.single(
            ErrorCode.INVALID, f"Attach the document to 1 to {MAX_LINKS} nodes.",
            ("input", "attachTo"),
        )
    for index, (node_type, pk) in enumerate(attach_to):
        model = ATTACHABLE.get(node_type)
        if model is None:
            raise DomainError.single(
                ErrorCode.INVALID,
                f"Documents attach to lots, orders, shipments, suppliers or inspections, "
                f"not to a {node_type}.",
                ("input", "attachTo", str(index)),
            )
        if await session.get(model, pk) is None:
            raise DomainError.single(
                ErrorCode.NOT_FOUND, "No such lot, order, shipment, supplier or inspection.",
                ("input", "attachTo", str(index)),
            )
    return await store_document(
        session, actor=actor, kind=kind, title=title, file_name=file_name,
        content=content, content_type=content_type, links=attach_to,
    )


async def store_document(
    session: AsyncSession,
    *,
    actor: Actor,
    kind: DocumentKind,
    title: str,
    file_name: str,
    content: bytes,
    content_type: str,
    links: Sequence[tuple[str, int]],
) -> m.Document:
    """Store the bytes and a document version linked to `links`.

    When a document of the same kind and title is already attached to one of the
    nodes, this is its next version; earlier versions stay as they are.
    """
    # Two uploads of the same series must not both become version n + 1.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(:series))"), {"series": f"{kind}:{title}"}
    )
    sha256 = content_hash(content)
    await session.execute(
        insert(m.DocumentBlob)
        .values(sha256=sha256, size_bytes=len(content), data=content)
        .on_conflict_do_nothing(index_elements=["sha256"])
    )
    series_id, version = await _next_version(session, kind, title, links)
    document = m.Document(
        kind=kind, title=title, file_name=_clean_file_name(file_name, content_type),
        content_type=content_type, size_bytes=len(content), sha256=sha256, version=version,
        series_id=series_id, uploaded_by_id=actor.user_id,
    )
    session.add(document)
    await session.flush()
    if document.series_id is None:
        document.series_id = document.id
    unique_links = dict.fromkeys(links)
    session.add_all(
        m.DocumentLink(document_id=document.id, node_type=node_type, node_id=pk)
        for node_type, pk in unique_links
    )
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.DOCUMENT_ATTACHED,
        entity_type="Document", entity_id=document.id,
        changes=audit.created(kind=kind, title=title, version=version, sha256=sha256,
                              links=[f"{node_type}:{pk}" for node_type, pk in unique_links]),
    )
    return document


async def _next_version(
    session: AsyncSession, kind: DocumentKind, title: str, links: Sequence[tuple[str, int]]
) -> tuple[int | None, int]:
    """(series id, version) for a new document: a new series unless one is attached already."""
    d, link = m.Document, m.DocumentLink
    attached = select(link.document_id).where(
        tuple_(link.node_type, link.node_id).in_([tuple(node) for node in links])
    )
    latest = (await session.execute(
        select(d.series_id, d.version)
        .where(d.kind == kind, d.title == title, d.id.in_(attached))
        .order_by(d.version.desc(), d.id.desc())
        .limit(1)
    )).first()
    if latest is None:
        return None, 1
    top = await session.scalar(select(func.max(d.version)).where(d.series_id == latest.series_id))
    return latest.series_id, (top or latest.version) + 1


EXTENSIONS = {
    "application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif",
    "text/plain": ".txt",
}


def _clean_file_name(file_name: str, content_type: str) -> str:
    """The uploaded name without any path, or a plain one when none was sent."""
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(c for c in name if c.isprintable())[:MAX_FILE_NAME]
    return name or "document" + EXTENSIONS.get(content_type, "")
