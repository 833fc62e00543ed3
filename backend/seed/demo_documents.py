"""Demo cartons and signed documents, made last: every shipment packed in cartons with SSCCs
and given its signed certificate of conformity and packing list, every release certificate
re-issued by the certificate writer and signed, and every other generated PDF signed."""

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Document,
    DocumentBlob,
    DocumentSignature,
    Inspection,
    Lot,
    Product,
    Release,
    Shipment,
    ShippingCarton,
    Signature,
)
from backend.domain.quality.certificates import release_certificate
from backend.domain.quality.documents import content_hash
from backend.domain.quality.releases import release_facts
from backend.domain.standards import pending_documents, sscc
from backend.domain.standards.signed_documents import company_lines

# Every third demo shipment went out in two cartons.
TWO_CARTONS_EVERY = 3


async def load_signed_documents(session: AsyncSession) -> None:
    await _cartons(session)
    await _reissue_certificates(session)
    await _sign_generated(session)
    while (await pending_documents.run_round(session, limit=50)).shipments:
        pass


async def _cartons(session: AsyncSession) -> None:
    unpacked = list(await session.scalars(
        select(Shipment).where(~exists().where(ShippingCarton.shipment_id == Shipment.id))
        .order_by(Shipment.id)
    ))
    for index, shipment in enumerate(unpacked):
        await sscc.add_cartons(session, shipment_id=shipment.id,
                               warehouse_id=shipment.warehouse_id,
                               count=2 if index % TWO_CARTONS_EVERY == 2 else 1)


async def _reissue_certificates(session: AsyncSession) -> None:
    """The seed's plain certificates, re-issued in place as the release would have made them."""
    company = await company_lines(session)
    for release in list(await session.scalars(select(Release).order_by(Release.id))):
        if release.certificate_id is None:
            continue
        lot = await session.get_one(Lot, release.lot_id)
        product = await session.get_one(Product, lot.product_id)
        signature = await session.get_one(Signature, release.signature_id)
        inspections = list(await session.scalars(
            select(Inspection).where(Inspection.lot_id == lot.id)
            .order_by(Inspection.inspected_at, Inspection.id)
        ))
        facts = await release_facts(session, lot, product, inspections, signature)
        document = await session.get_one(Document, release.certificate_id)
        content = release_certificate(facts, company)
        sha = content_hash(content)
        session.add(DocumentBlob(sha256=sha, size_bytes=len(content), data=content))
        await session.flush()  # the blob first: the document's key points at it
        document.sha256, document.size_bytes = sha, len(content)
        await session.flush()


async def _sign_generated(session: AsyncSession) -> None:
    """Sign, in place, every PDF the seed generated (uploads by people have none here)."""
    unsigned = list(await session.scalars(
        select(Document).where(
            Document.content_type == "application/pdf",
            ~exists().where(DocumentSignature.document_id == Document.id),
        ).order_by(Document.id)
    ))
    for document in unsigned:
        await pending_documents.sign_in_place(session, document)
