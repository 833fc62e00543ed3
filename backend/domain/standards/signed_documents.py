"""Storing a generated PDF signed by the installation, with its signature on record."""

import asyncio
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Document, DocumentSignature
from backend.domain.actor import Actor
from backend.domain.finance import settings
from backend.domain.quality.documents import store_document
from backend.domain.standards.signing import SignatureFacts, sign_pdf
from backend.enums import DocumentKind

PDF = "application/pdf"


async def signed(content: bytes) -> tuple[bytes, SignatureFacts]:
    # Signing is CPU work of some tens of ms: off the event loop.
    return await asyncio.to_thread(sign_pdf, content)


def record_signature(session: AsyncSession, document_id: int, facts: SignatureFacts) -> None:
    session.add(DocumentSignature(
        document_id=document_id, level=facts.level, signed_at=facts.signed_at,
        signer_subject=facts.signer_subject, certificate_sha256=facts.certificate_sha256,
    ))


async def store_signed_pdf(
    session: AsyncSession,
    *,
    actor: Actor,
    kind: DocumentKind,
    title: str,
    file_name: str,
    content: bytes,
    links: Sequence[tuple[str, int]],
) -> Document:
    content, facts = await signed(content)
    return await store_signed(session, actor=actor, kind=kind, title=title, file_name=file_name,
                              content=content, facts=facts, links=links)


async def store_signed(
    session: AsyncSession,
    *,
    actor: Actor,
    kind: DocumentKind,
    title: str,
    file_name: str,
    content: bytes,
    facts: SignatureFacts,
    links: Sequence[tuple[str, int]],
) -> Document:
    """Storing a PDF signed already (`sign_pdf`), with its signature on record."""
    document = await store_document(
        session, actor=actor, kind=kind, title=title, file_name=file_name, content=content,
        content_type=PDF, links=links,
    )
    record_signature(session, document.id, facts)
    await session.flush()
    return document


async def company_lines(session: AsyncSession) -> list[str]:
    """The letterhead: the company's name, address and VAT number as finance keeps them."""
    conf = await settings.load(session)
    return [line for line in (conf.company_name, conf.company_address,
                              f"VAT number {conf.company_vat_number}"
                              if conf.company_vat_number else "") if line]
