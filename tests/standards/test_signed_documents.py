"""Signed documents as an auditor's tools see them: PAdES baseline (ETSI.CAdES.detached,
SHA-256, the whole file) by the installation's certificate, PDF/A-style metadata, embedded
fonts, the UDI as a DataMatrix on certificates; shipments, notices and invoices signed too."""

import asyncio
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import exists, func, select

from backend.db.models import (
    Document,
    DocumentLink,
    DocumentSignature,
    Shipment,
    ShippingCarton,
)
from backend.domain.actor import Actor
from backend.domain.quality.documents import store_document
from backend.domain.rules.plain_pdf import plain_pdf
from backend.domain.tx import transaction
from backend.enums import DocumentKind, ShipmentStatus
from backend.events.document_signer import run_until_done
from tests.conftest import DEMO_LAST_SHIPMENT, DEMO_LOADED_AT
from tests.standards import pdf_reading
from tests.support import builders, signed_pdfs
from tests.support.client import Client
from tests.support.flows import Quality, allocated_order
from tests.support.ids import gid, pk

CERTIFICATE = """query { documentSigningCertificate { subject pem sha256 notBefore notAfter } }"""
SIGNED = "signature { level signedAt signerSubject certificateSha256 }"
LOT = f"""query($id: ID!) {{ node(id: $id) {{ ... on Lot {{ lotNumber expiresOn
  release {{ signature {{ recordSha256 }}
             certificate {{ id title sha256 downloadUrl {SIGNED} }} }} }} }} }}"""
SHIPMENT = f"""query($id: ID!) {{ node(id: $id) {{ ... on Shipment {{ number
  cartons {{ sscc }} documents {{ kind title sha256 downloadUrl {SIGNED} }} }} }} }}"""
DOCUMENT = f"""query($id: ID!) {{ node(id: $id) {{ ... on Document {{ sha256 {SIGNED} }} }} }}"""
SHIP = """mutation($input: CreateShipmentInput!) { createShipment(input: $input) {
  shipment { id } userErrors { code message } } }"""


async def _download(client: Client, url: str, user: str = "qa") -> bytes:
    response = await client.http.get(url, headers=await client.headers(user))
    assert response.status_code == 200, response.text
    return response.content


async def _settled(client: Client, engine, query: str, node_id: str, done) -> dict:
    """The node once the after-commit signer has done its part: a round here, or the
    server's own (which holds the rows it works on, so this one may find nothing to do)."""
    for _ in range(100):
        await run_until_done(engine)
        node = (await client.call("qa", query, id=node_id))["node"]
        if done(node):
            return node
        await asyncio.sleep(0.2)
    raise AssertionError(f"not signed in time: {node}")


async def test_a_release_certificate_is_archival_signed_and_shows_the_udi_and_record_hash(
    client: Client, sessionmaker
) -> None:
    quality = await Quality.at_demo_site(client, sessionmaker)
    product = await quality.product()
    released = await quality.released_lot(product, 5)
    lot = (await client.call("qa", LOT, id=released["id"]))["node"]
    document = lot["release"]["certificate"]
    ours = (await client.call("partner-a", CERTIFICATE))["documentSigningCertificate"]
    content = await _download(client, document["downloadUrl"])

    assert hashlib.sha256(content).hexdigest() == document["sha256"]  # the file's own hash
    checked = await signed_pdfs.pades(content, ours["pem"])
    assert checked["subfilter"] == "/ETSI.CAdES.detached" and checked["md"] == "sha256"
    assert checked["intact"] and checked["valid"] and checked["trusted"]
    assert checked["whole_file"]
    assert checked["signer_sha256"] == ours["sha256"] == document["signature"][
        "certificateSha256"]
    assert document["signature"]["level"] == "B-B"
    assert document["signature"]["signerSubject"] == ours["subject"]
    signed_pdfs.assert_archival(content, document["title"])

    [text] = pdf_reading.text(content)
    assert lot["release"]["signature"]["recordSha256"] in text
    expiry = f"(17){lot['expiresOn'][2:].replace('-', '')}" if lot["expiresOn"] else ""
    udi = f"(01){product['gtin']}{expiry}(10){lot['lotNumber']}"
    assert udi in text
    assert pdf_reading.symbols(content) == [[("]d2", udi)]]


async def test_the_signing_certificate_is_the_installations_and_stays_the_same(
    client: Client, settings
) -> None:
    first = (await client.call("finance", CERTIFICATE))["documentSigningCertificate"]
    again = (await client.call("partner-b", CERTIFICATE))["documentSigningCertificate"]
    assert first == again
    certificate = x509.load_pem_x509_certificate(first["pem"].encode())
    der = certificate.public_bytes(Encoding.DER)
    assert hashlib.sha256(der).hexdigest() == first["sha256"]
    assert certificate.subject.rfc4514_string() == first["subject"]
    # Kept in the data folder, so every process of the installation signs alike.
    kept = (settings.data_dir / "document-signing-cert.pem").read_text()
    assert kept.strip() == first["pem"].strip()


async def test_every_shipment_gets_a_signed_certificate_of_conformity_and_packing_list(
    client: Client, sessionmaker, engine
) -> None:
    quality = await Quality.at_demo_site(client, sessionmaker)
    product = await quality.product()
    await quality.released_lot(product, 6)
    customer = await builders.make_customer(sessionmaker, shelf_life_days=0)
    order = await allocated_order(client, customer.id, [(pk(product["id"]), 3)])
    shipped = await client.call("warehouse", SHIP, input={"orderId": order["id"],
                                                          "cartonCount": 2})
    shipment_id = shipped["createShipment"]["shipment"]["id"]
    shipment = await _settled(client, engine, SHIPMENT, shipment_id,
                              lambda node: len(node["documents"]) >= 2)
    ours = (await client.call("warehouse", CERTIFICATE))["documentSigningCertificate"]
    by_kind = {d["kind"]: d for d in shipment["documents"]}
    assert by_kind["CERTIFICATE_OF_CONFORMITY"]["title"] == \
        f"Certificate of conformity {shipment['number']}"
    assert by_kind["PACKING_LIST"]["title"] == f"Packing list {shipment['number']}"
    for kind in ("CERTIFICATE_OF_CONFORMITY", "PACKING_LIST"):
        document = by_kind[kind]
        content = await _download(client, document["downloadUrl"], "warehouse")
        checked = await signed_pdfs.pades(content, ours["pem"])
        assert checked["intact"] and checked["valid"] and checked["whole_file"]
        signed_pdfs.assert_archival(content, document["title"])
        assert document["signature"]["certificateSha256"] == ours["sha256"]
    packing = pdf_reading.text(await _download(
        client, by_kind["PACKING_LIST"]["downloadUrl"], "warehouse"))[0]
    assert all(c["sscc"] in packing for c in shipment["cartons"])


async def test_a_notice_made_unsigned_in_its_transaction_is_signed_after_commit(
    client: Client, sessionmaker, engine
) -> None:
    async with transaction(sessionmaker) as session:
        shipment_id = await session.scalar(select(Shipment.id).order_by(Shipment.id).limit(1))
        notice = await store_document(
            session, actor=Actor(user_id=None), kind=DocumentKind.FIELD_SAFETY_NOTICE,
            title="Field safety notice probe", file_name="fsn.pdf",
            content=plain_pdf("Field safety notice probe", ["Stop using lot X."]),
            content_type="application/pdf", links=[("Shipment", shipment_id)],
        )
        unsigned_sha = notice.sha256
    before = (await client.call("qa", DOCUMENT, id=gid("Document", notice.id)))["node"]
    assert before["sha256"] == unsigned_sha
    after = await _settled(client, engine, DOCUMENT, gid("Document", notice.id),
                           lambda node: node["signature"] is not None)
    assert after["signature"] is not None and after["sha256"] != unsigned_sha
    ours = (await client.call("qa", CERTIFICATE))["documentSigningCertificate"]
    content = await _download(client, f"/documents/{gid('Document', notice.id)}/content")
    assert hashlib.sha256(content).hexdigest() == after["sha256"]
    checked = await signed_pdfs.pades(content, ours["pem"])
    assert checked["intact"] and checked["valid"] and checked["whole_file"]
    assert b"Stop using lot X." in content  # the notice itself, unchanged under the signature


GENERATED = [DocumentKind.RELEASE_CERTIFICATE, DocumentKind.PACKING_LIST,
             DocumentKind.CERTIFICATE_OF_CONFORMITY, DocumentKind.FIELD_SAFETY_NOTICE,
             DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE]


async def test_the_demo_shipments_have_cartons_and_every_generated_pdf_is_signed(
    sessionmaker, engine, demo_data
) -> None:
    # The demo's documents (other tests upload unsigned PDFs of these kinds too), some
    # waiting for the signer at most; none stays unsigned.
    seeded = Document.uploaded_at <= DEMO_LOADED_AT[0]
    for _ in range(20):
        await run_until_done(engine)
        async with sessionmaker() as session:
            unsigned = await session.scalar(select(func.count()).where(
                Document.content_type == "application/pdf", Document.kind.in_(GENERATED),
                seeded, ~exists().where(DocumentSignature.document_id == Document.id)))
        if unsigned == 0:
            break
        await asyncio.sleep(0.2)
    assert unsigned == 0
    async with sessionmaker() as session:
        demo_shipment = Shipment.id <= DEMO_LAST_SHIPMENT[0]
        unpacked = await session.scalar(select(func.count()).select_from(Shipment).where(
            demo_shipment, ~exists().where(ShippingCarton.shipment_id == Shipment.id)))
        shipments = await session.scalar(select(func.count()).where(
            demo_shipment, Shipment.status != ShipmentStatus.CANCELLED))
        undocumented = await session.scalar(select(func.count()).where(
            demo_shipment, Shipment.status != ShipmentStatus.CANCELLED,
            ~exists().where(DocumentLink.node_type == "Shipment",
                            DocumentLink.node_id == Shipment.id,
                            DocumentLink.document_id == Document.id,
                            Document.kind == DocumentKind.CERTIFICATE_OF_CONFORMITY)))
    assert shipments and unpacked == 0 and undocumented == 0
