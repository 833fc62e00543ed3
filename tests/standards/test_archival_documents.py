"""Invoices, credit notes, field safety notices and purchase orders are archival as the
certificates are (XMP with pdfaid and dc:title, sRGB output intent, embedded fonts, /Title)
and, once signed after their transaction, verify as this installation's documents."""

from sqlalchemy import select

from backend.db.models import Document, Shipment
from backend.domain.actor import Actor
from backend.domain.quality.documents import store_document
from backend.domain.rules.plain_pdf import plain_pdf
from backend.domain.tx import transaction
from backend.enums import DocumentKind
from tests.conftest import DEMO_LOADED_AT
from tests.purchasing.flow import sent_order, supplier_with_price
from tests.standards import pdf_reading
from tests.support import signed_pdfs
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.flows import Quality
from tests.support.ids import gid
from tests.support.signer import documents_settled

CERTIFICATE = """query { documentSigningCertificate { pem sha256 } }"""
DOCUMENT = """query($id: ID!) { node(id: $id) { ... on Document { title kind downloadUrl
  signature { certificateSha256 } } } }"""


async def _demo_document(sessionmaker, kind: DocumentKind) -> Document:
    """The demo's newest document of the kind, made by the finance flow at seed time."""
    async with sessionmaker() as session:
        document = await session.scalar(
            select(Document).where(Document.kind == kind,
                                   Document.uploaded_at <= DEMO_LOADED_AT[0])
            .order_by(Document.id.desc()).limit(1))
    assert document is not None, kind
    return document


async def test_invoice_credit_note_notice_and_purchase_order_pdfs_are_archival_and_verify(
    client: Client, sessionmaker, engine, demo_data
) -> None:
    quality = await Quality.at_demo_site(client, sessionmaker)
    product = await quality.product()
    supplier = await supplier_with_price(client, product["id"], "7.25")
    order = await sent_order(client, supplier, quality.warehouse_id, product["id"], 3)
    [purchase_order] = [d for d in order["documents"] if d["kind"] == "PURCHASE_ORDER"]

    title = f"Field safety notice {unique('RC')}"
    async with transaction(sessionmaker) as session:
        shipment_id = await session.scalar(select(Shipment.id).order_by(Shipment.id).limit(1))
        notice = await store_document(
            session, actor=Actor(user_id=None), kind=DocumentKind.FIELD_SAFETY_NOTICE,
            title=title, file_name="fsn.pdf", content_type="application/pdf",
            content=plain_pdf(title, ["Stop using lot X.", "Grüße – Quarantäne bitte"]),
            links=[("Shipment", shipment_id)],
        )
    invoice = await _demo_document(sessionmaker, DocumentKind.INVOICE)
    credit_note = await _demo_document(sessionmaker, DocumentKind.CREDIT_NOTE)
    await documents_settled(engine)

    ours = (await client.call("qa", CERTIFICATE))["documentSigningCertificate"]
    expected = {
        purchase_order["id"]: ("PURCHASE_ORDER", order["number"]),
        gid("Document", notice.id): ("FIELD_SAFETY_NOTICE", "Quarantäne"),
        gid("Document", invoice.id): ("INVOICE", "Tax summary"),
        gid("Document", credit_note.id): ("CREDIT_NOTE", "Totals"),
    }
    for document_id, (kind, words) in expected.items():
        node = (await client.call("finance", DOCUMENT, id=document_id))["node"]
        assert node["kind"] == kind and node["signature"]["certificateSha256"] == ours["sha256"]
        response = await client.http.get(node["downloadUrl"],
                                          headers=await client.headers("finance"))
        assert response.status_code == 200, response.text
        content = response.content
        signed_pdfs.assert_archival(content, node["title"])
        checked = await signed_pdfs.pades(content, ours["pem"])
        assert checked["intact"] and checked["valid"] and checked["trusted"], kind
        assert checked["whole_file"] and checked["subfilter"] == "/ETSI.CAdES.detached"
        await signed_pdfs.assert_verified(client, content, document_id, kind, user="finance")
        # The embedded fonts show the text as written, accents and dashes included.
        assert words in " ".join(" ".join(pdf_reading.text(content)).split()), (kind, words)
