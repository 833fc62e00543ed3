"""Products whose lots need the supplier's certificate of conformity before release."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Document, DocumentLink, Lot, Product
from backend.domain.errors import DomainError, ErrorCode
from backend.enums import DocumentKind


async def has_certificate(session: AsyncSession, lot_id: int) -> bool:
    found = await session.scalar(
        select(Document.id).join(DocumentLink, DocumentLink.document_id == Document.id)
        .where(DocumentLink.node_type == "Lot", DocumentLink.node_id == lot_id,
               Document.kind == DocumentKind.CERTIFICATE_OF_CONFORMITY).limit(1))
    return found is not None


async def ensure_certificate(session: AsyncSession, lot: Lot, product: Product) -> None:
    """Refuses the release of such a lot until the certificate is attached to it."""
    if product.requires_supplier_certificate and not await has_certificate(session, lot.id):
        raise DomainError.single(
            ErrorCode.SUPPLIER_CERTIFICATE_REQUIRED,
            f"{product.sku} needs the supplier's certificate of conformity on lot "
            f"{lot.lot_number} before release; attach it first.", ("input", "lotId"))
