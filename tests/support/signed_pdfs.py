"""What an auditor's tools check on a signed PDF: the PAdES signature (pyHanko, against our
certificate as trust root), the PDF/A-2b-style metadata, embedded fonts, and the verdict of
`POST /documents/verify`."""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
from typing import Any

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from tests.support.client import Client


def reader(content: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(content), strict=False)


def _pades(content: bytes, certificate_pem: str) -> dict[str, Any]:
    read = reader(content)
    [signature] = read.embedded_signatures
    _, _, der = asn1_pem.unarmor(certificate_pem.encode())
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])
    status = validate_pdf_signature(signature, context)
    return {
        "subfilter": signature.sig_object["/SubFilter"],
        "md": status.md_algorithm,
        "intact": status.intact, "valid": status.valid, "trusted": status.trusted,
        "whole_file": status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        "signer_sha256": hashlib.sha256(status.signing_cert.dump()).hexdigest(),
    }


async def pades(content: bytes, certificate_pem: str) -> dict[str, Any]:
    """What pyHanko finds: the one signature (pyHanko runs an event loop of its own, so it
    is called in a thread)."""
    return await asyncio.to_thread(_pades, content, certificate_pem)


def assert_fonts_embedded(content: bytes) -> None:
    """Every font of every page carries its font file."""
    read = reader(content)
    fonts = []
    for page in read.root["/Pages"]["/Kids"]:
        resources = page.get_object()["/Resources"].get_object()
        fonts += [f.get_object() for f in resources["/Font"].get_object().values()]
    assert fonts
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
            else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), font


def assert_archival(content: bytes, title: str) -> None:
    """PDF/A-2b-style: XMP with pdfaid and dc:title, an sRGB output intent, /Title, fonts
    embedded."""
    read = reader(content)
    root = read.root
    xmp = root["/Metadata"].get_object().data.decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B<" in xmp
    assert re.search(r"<dc:title>.*" + re.escape(title) + r".*</dc:title>", xmp)
    [intent] = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "sRGB" in str(intent["/OutputConditionIdentifier"])
    assert "/DestOutputProfile" in intent
    assert str(read.trailer["/Info"]["/Title"]) == title
    assert_fonts_embedded(content)


async def verdict(client: Client, content: bytes, user: str = "qa") -> dict[str, Any]:
    """The answer of `POST /documents/verify` for the file."""
    response = await client.http.post(
        "/documents/verify", content=content,
        headers={"content-type": "application/pdf", **await client.headers(user)})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def assert_verified(client: Client, content: bytes, document_id: str, kind: str,
                          user: str = "qa") -> None:
    """Valid by `POST /documents/verify`, naming the document it is."""
    checked = await verdict(client, content, user)
    assert checked["valid"] is True and checked["problems"] == [], checked
    assert checked["document"]["id"] == document_id
    assert checked["document"]["kind"] == kind
