"""Documents made or signed after the transaction that called for them.

Signing costs tens of milliseconds a file: a recall writes one field safety notice per
notified customer inside its transaction (plain, fast PDFs) and a shipment must stay quick,
so notices are signed, and shipments get their certificate of conformity and packing list
(and implant cards where the policy asks for them), in rounds that run after commit (the
server's document signer; `erp jobs run-once`).
A notice is signed in place: the same document, its bytes replaced by the signed file.
"""

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Document,
    DocumentBlob,
    DocumentLink,
    DocumentSignature,
    Shipment,
    ShippingCarton,
)
from backend.domain.actor import Actor
from backend.domain.quality.documents import content_hash
from backend.domain.standards.implant_cards import make_implant_cards
from backend.domain.standards.shipment_documents import make_shipment_documents
from backend.domain.standards.signed_documents import record_signature, signed
from backend.domain.trust import audit
from backend.enums import AuditAction, DocumentKind, ShipmentStatus

BATCH = 20
# Generated in their own transactions unsigned (they must stay cheap there); signed after.
SIGNED_LATER = (DocumentKind.FIELD_SAFETY_NOTICE, DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE,
                DocumentKind.PURCHASE_ORDER)


@dataclass(frozen=True)
class Round:
    signed: int
    shipments: int

    @property
    def done(self) -> int:
        return self.signed + self.shipments


async def unsigned_documents(session: AsyncSession, limit: int = BATCH) -> list[Document]:
    return list(await session.scalars(
        select(Document).where(
            Document.kind.in_(SIGNED_LATER), Document.content_type == "application/pdf",
            ~exists().where(DocumentSignature.document_id == Document.id),
        ).order_by(Document.id).limit(limit).with_for_update(skip_locked=True)
    ))


async def sign_in_place(session: AsyncSession, document: Document) -> None:
    content = await session.scalar(
        select(DocumentBlob.data).where(DocumentBlob.sha256 == document.sha256)
    )
    if content is None:
        return
    signed_content, facts = await signed(content)
    sha256 = content_hash(signed_content)
    session.add(DocumentBlob(sha256=sha256, size_bytes=len(signed_content),
                             data=signed_content))
    await session.flush()  # the blob first: the document's key points at it
    before = document.sha256
    document.sha256, document.size_bytes = sha256, len(signed_content)
    record_signature(session, document.id, facts)
    await session.flush()
    await audit.record(
        session, actor_id=None, action=AuditAction.DOCUMENT_SIGNED, entity_type="Document",
        entity_id=document.id,
        changes={"sha256": (before, sha256), "signature": (None, facts.certificate_sha256)},
    )


async def shipments_without_documents(session: AsyncSession, limit: int = BATCH
                                      ) -> list[Shipment]:
    # The certificate is made with the packing list (which the shipment may already have
    # as an upload: ours is then its next version).
    documented = exists().where(
        DocumentLink.node_type == "Shipment", DocumentLink.node_id == Shipment.id,
        DocumentLink.document_id == Document.id,
        Document.kind == DocumentKind.CERTIFICATE_OF_CONFORMITY,
    )
    # Shipments packed through createShipment have cartons; bulk-loaded history has none
    # and gets no documents after the fact.
    packed = exists().where(ShippingCarton.shipment_id == Shipment.id)
    return list(await session.scalars(
        select(Shipment).where(Shipment.status != ShipmentStatus.CANCELLED, packed, ~documented)
        .order_by(Shipment.id).limit(limit).with_for_update(skip_locked=True, of=Shipment)
    ))


async def run_round(session: AsyncSession, limit: int = BATCH) -> Round:
    """Sign up to `limit` waiting documents and document up to `limit` shipments."""
    documents = await unsigned_documents(session, limit)
    for document in documents:
        await sign_in_place(session, document)
    shipments = await shipments_without_documents(session, limit)
    for shipment in shipments:
        actor = Actor(user_id=shipment.created_by_id)
        await make_shipment_documents(session, actor=actor, shipment=shipment)
        await make_implant_cards(session, actor=actor, shipment=shipment)
    return Round(signed=len(documents), shipments=len(shipments))
