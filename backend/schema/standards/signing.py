"""Signed documents: a document's PAdES signature and the installation's signing certificate."""

from datetime import datetime

import strawberry

from backend.domain.standards import signing
from backend.resolvers.context import Info
from backend.schema.base import FromRow
from backend.schema.permissions import signed_in


@strawberry.type(description="The PAdES signature embedded in a PDF this installation generated.")
class DocumentSignature(FromRow):
    level: str = strawberry.field(description="PAdES baseline level: B-B, B-T, B-LT or B-LTA.")
    signed_at: datetime
    signer_subject: str = strawberry.field(
        description="Subject of the signing certificate, RFC 4514."
    )
    certificate_sha256: str = strawberry.field(
        description="sha256 (hex) of the DER signing certificate."
    )


@strawberry.type
class DocumentSigned:
    """`Document.signature`, kept with the other signing fields."""

    @strawberry.field(description="Set for PDFs this installation generated and signed; null "
                                  "for uploads.")
    async def signature(self, info: Info) -> DocumentSignature | None:
        pk = self.pk  # type: ignore[attr-defined]
        return DocumentSignature.maybe(
            await info.context.loaders.signature_by_document_id.load(pk)
        )


@strawberry.type(description="The installation's document-signing certificate.")
class SigningCertificate:
    subject: str
    pem: str
    sha256: str = strawberry.field(description="sha256 (hex) of the DER certificate.")
    not_before: datetime
    not_after: datetime


@strawberry.field(description="Any signed-in user.", extensions=signed_in())
def document_signing_certificate() -> SigningCertificate:
    current = signing.identity()
    return SigningCertificate(
        subject=current.subject, pem=current.pem, sha256=current.sha256,
        not_before=current.certificate.not_valid_before_utc,
        not_after=current.certificate.not_valid_after_utc,
    )
