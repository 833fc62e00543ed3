"""Controlled documents: bytes stored once by sha256, versions per (kind, title, node), links."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, text, tuple_, update
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
    "Customer": m.Customer,
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
                f"Documents attach to lots, orders, shipments, suppliers, customers or "
                f"inspections, not to a {node_type}.",
                ("input", "attachTo", str(index)),
            )
        if await session.get(model, pk) is None:
            raise DomainError.single(
                ErrorCode.NOT_FOUND,
                "No such lot, order, shipment, supplier, customer or inspection.",
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


@dataclass(frozen=True, slots=True)
class NewDocument:
    kind: DocumentKind
    title: str
    file_name: str
    content: bytes
    content_type: str
    links: Sequence[tuple[str, int]]


async def store_documents(
    session: AsyncSession, *, actor: Actor, documents: Sequence[NewDocument]
) -> list[int]:
    """`store_document` for many documents in a fixed number of statements; their ids.

    A document whose kind and title is already attached to one of its nodes becomes that
    series' next version, as `store_document` makes it; every other one starts a series."""
    if not documents:
        return []
    series = sorted({f"{doc.kind}:{doc.title}" for doc in documents})
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(s)) FROM unnest(CAST(:series AS text[])) s"),
        {"series": series},
    )
    d, link = m.Document, m.DocumentLink
    nodes = {tuple(node) for doc in documents for node in doc.links}
    versioned = set((await session.execute(
        select(d.kind, d.title).distinct().join(link, link.document_id == d.id)
        .where(tuple_(d.kind, d.title).in_({(doc.kind, doc.title) for doc in documents}),
               tuple_(link.node_type, link.node_id).in_(nodes))
    )).all()) if nodes else set()
    fresh = [doc for doc in documents if (doc.kind, doc.title) not in versioned]
    ids: dict[int, int] = {}
    if fresh:
        hashes = [content_hash(doc.content) for doc in fresh]
        blobs = {sha: doc.content for sha, doc in zip(hashes, fresh, strict=True)}
        await session.execute(
            insert(m.DocumentBlob).values([
                {"sha256": sha, "size_bytes": len(data), "data": data}
                for sha, data in blobs.items()
            ]).on_conflict_do_nothing(index_elements=["sha256"])
        )
        new_ids = list(await session.scalars(
            insert(d).returning(d.id, sort_by_parameter_order=True),
            [{"kind": doc.kind, "title": doc.title,
              "file_name": _clean_file_name(doc.file_name, doc.content_type),
              "content_type": doc.content_type, "size_bytes": len(doc.content),
              "sha256": sha, "version": 1, "uploaded_by_id": actor.user_id}
             for doc, sha in zip(fresh, hashes, strict=True)],
        ))
        await session.execute(update(d).where(d.id.in_(new_ids)).values(series_id=d.id)
                              .execution_options(synchronize_session=False))
        links = [{"document_id": pk, "node_type": node_type, "node_id": node_id}
                 for pk, doc in zip(new_ids, fresh, strict=True)
                 for node_type, node_id in dict.fromkeys(doc.links)]
        if links:
            await session.execute(insert(link), links)
        for pk, doc, sha in zip(new_ids, fresh, hashes, strict=True):
            ids[id(doc)] = pk
            await audit.record(
                session, actor_id=actor.user_id, action=AuditAction.DOCUMENT_ATTACHED,
                entity_type="Document", entity_id=pk,
                changes=audit.created(kind=doc.kind, title=doc.title, version=1, sha256=sha,
                                      links=[f"{t}:{n}" for t, n in dict.fromkeys(doc.links)]),
            )
    for doc in documents:
        if id(doc) not in ids:
            ids[id(doc)] = (await store_document(
                session, actor=actor, kind=doc.kind, title=doc.title, file_name=doc.file_name,
                content=doc.content, content_type=doc.content_type, links=doc.links,
            )).id
    return [ids[id(doc)] for doc in documents]


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
