"""Checking a PDF's embedded signature: intact, over the whole file, by this installation."""

import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from backend.domain.standards import signing


class NotAPdf(ValueError):
    """The bytes are no PDF at all (a client error, not a failed check)."""


@dataclass
class SignatureCheck:
    sha256: str
    signed: bool = False
    intact: bool = False
    ours: bool = False
    signed_at: datetime | None = None
    signer: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.ours and not self.problems


def check_signature(content: bytes) -> SignatureCheck:
    if not content.lstrip()[:5].startswith(b"%PDF-"):
        raise NotAPdf("The body is not a PDF.")
    check = SignatureCheck(sha256=hashlib.sha256(content).hexdigest())
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as error:
        raise NotAPdf(f"The PDF cannot be read: {error}") from None
    if not embedded:
        check.problems.append("The PDF carries no signature.")
        return check
    check.signed = True
    ours = signing.identity()
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(ours.der)])
    signature = embedded[-1]
    try:
        status = validate_pdf_signature(signature, context)
    except (SignatureValidationError, ValueError) as error:
        check.problems.append(f"The signature cannot be checked: {error}")
        return check
    cert = status.signing_cert
    check.signer = cert.subject.human_friendly if cert is not None else None
    check.signed_at = status.signer_reported_dt
    check.intact = bool(status.intact)
    if not status.intact:
        check.problems.append("The signed bytes were changed after signing.")
    elif not status.valid:
        check.problems.append("The signature value does not match the signed bytes.")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        check.problems.append("The signature does not cover the whole file: "
                              "something was added after signing.")
    check.ours = cert is not None and hashlib.sha256(cert.dump()).hexdigest() == ours.sha256
    if not check.ours:
        check.problems.append("The PDF was not signed by this installation's certificate.")
    return check
