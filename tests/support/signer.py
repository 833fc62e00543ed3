"""Waiting for the documents written after commit (signatures, shipment certificates).

A test that counts rows (audit events, documents) before and after a refused call waits
here first: a server's own signer, woken by an earlier commit, could otherwise write
between the two counts. Settled, it costs one query.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.engine import create_sessionmaker
from backend.db.models import Document, DocumentLink, DocumentSignature, Shipment, ShippingCarton
from backend.domain.standards.pending_documents import SIGNED_LATER
from backend.enums import DocumentKind, ShipmentStatus
from backend.events.document_signer import run_until_done

# Generated PDFs not yet signed, and packed shipments without their certificate.
_UNSIGNED = select(func.count()).where(
    Document.kind.in_(SIGNED_LATER), Document.content_type == "application/pdf",
    ~exists().where(DocumentSignature.document_id == Document.id)).scalar_subquery()
_UNDOCUMENTED = select(func.count()).where(
    Shipment.status != ShipmentStatus.CANCELLED,
    exists().where(ShippingCarton.shipment_id == Shipment.id),
    ~exists().where(
        DocumentLink.node_type == "Shipment", DocumentLink.node_id == Shipment.id,
        DocumentLink.document_id == Document.id,
        Document.kind == DocumentKind.CERTIFICATE_OF_CONFORMITY)).scalar_subquery()


async def documents_settled(engine: AsyncEngine, *, seconds: float = 30.0) -> None:
    """Until nothing waits for the signer: a server's own signer may hold some rows, so
    the waiting rows are counted without taking them, and signed here when free."""
    sessions = create_sessionmaker(engine)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        async with sessions() as session:
            unsigned, undocumented = (await session.execute(
                select(_UNSIGNED, _UNDOCUMENTED))).one()
        if not unsigned and not undocumented:
            return
        if loop.time() > deadline:
            raise AssertionError(f"{unsigned} unsigned, {undocumented} undocumented shipments")
        await run_until_done(engine)
        await asyncio.sleep(0.02)
