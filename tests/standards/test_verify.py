"""POST /documents/verify and `erp documents verify FILE`: valid only for an intact PDF that
this installation signed and stores; altered, foreign and unsigned files are named as such."""

import asyncio
import io
import os
import sys
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from backend.domain.rules.plain_pdf import plain_pdf
from backend.domain.standards import signing
from tests.support.client import Client
from tests.support.flows import Quality

LOT = """query($id: ID!) { node(id: $id) { ... on Lot {
  release { certificate { id kind title version downloadUrl } } } } }"""


async def _certificate(client: Client, sessionmaker) -> tuple[dict, bytes]:
    quality = await Quality.at_demo_site(client, sessionmaker)
    lot = await quality.released_lot(await quality.product(), 3)
    document = (await client.call("qa", LOT, id=lot["id"]))["node"]["release"]["certificate"]
    response = await client.http.get(document["downloadUrl"], headers=await client.headers("qa"))
    assert response.status_code == 200
    return document, response.content


async def _verify(client: Client, content: bytes, user: str | None = "sales"):
    headers = {"content-type": "application/pdf"}
    if user is not None:
        headers |= await client.headers(user)
    return await client.http.post("/documents/verify", content=content, headers=headers)


def _foreign_signature(content: bytes, folder: Path) -> bytes:
    """The same PDF signed by another installation's certificate."""
    other = signing._load_or_make(folder)
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = x509.Certificate.load(other.der)
    key = keys.PrivateKeyInfo.load(other.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                  cert_registry=SimpleCertificateStore.from_certs([cert]))
    meta = signers.PdfSignatureMetadata(field_name="Other", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = signers.PdfSigner(meta, signer=signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(content), strict=False), in_place=False)
    return out.getvalue()


async def test_an_intact_certificate_of_this_installation_is_valid_for_any_signed_in_user(
    client: Client, sessionmaker
) -> None:
    document, content = await _certificate(client, sessionmaker)
    for user in ("sales", "finance", "warehouse"):
        response = await _verify(client, content, user)
        assert response.status_code == 200, response.text
        verdict = response.json()
        assert verdict["valid"] is True and verdict["problems"] == []
        assert verdict["document"] == {k: document[k] for k in ("id", "kind", "title", "version")}
        assert verdict["signedAt"] and "ERP document signing" in verdict["signer"]


async def test_altered_foreign_and_unsigned_pdfs_are_not_valid_and_say_why(
    client: Client, sessionmaker, tmp_path: Path
) -> None:
    _, content = await _certificate(client, sessionmaker)
    # A byte inside the signed range changed (the certificate's title in its metadata).
    at = content.index(b"Release certificate")
    altered = content[:at] + b"Relaese" + content[at + 7:]
    appended = content + b"\n% a line added after signing\n"
    # pyHanko's signing runs an event loop of its own: off this one.
    foreign = await asyncio.to_thread(
        _foreign_signature, plain_pdf("Release certificate X", ["made elsewhere"]),
        tmp_path / "elsewhere")
    unsigned = plain_pdf("Release certificate Y", ["never signed"])
    expected = {
        "altered": (altered, "changed after signing"),
        "appended": (appended, "does not cover the whole file"),
        "foreign": (foreign, "not signed by this installation"),
        "unsigned": (unsigned, "no signature"),
    }
    for name, (pdf, problem) in expected.items():
        response = await _verify(client, pdf)
        assert response.status_code == 200, (name, response.text)
        verdict = response.json()
        assert verdict["valid"] is False, name
        assert any(problem in p for p in verdict["problems"]), (name, verdict["problems"])
        assert verdict["document"] is None, name


async def test_not_a_pdf_is_a_bad_request_and_anonymous_callers_are_refused(
    client: Client, sessionmaker
) -> None:
    assert (await _verify(client, b"GIF89a not a pdf at all")).status_code == 400
    assert (await _verify(client, b"")).status_code == 400
    _, content = await _certificate(client, sessionmaker)
    assert (await _verify(client, content, user=None)).status_code == 401


async def test_the_command_line_verifies_a_file_alike(
    client: Client, sessionmaker, settings, database_url: str, tmp_path: Path
) -> None:
    _, content = await _certificate(client, sessionmaker)
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(content)
    bad.write_bytes(content + b"\n% appended\n")
    env = {**os.environ, "DATABASE_URL": database_url, "ERP_DATA_DIR": str(settings.data_dir)}

    async def erp(*args: str) -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "backend", *args, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        out, _ = await process.communicate()
        return process.returncode or 0, out.decode()

    code, out = await erp("documents", "verify", str(good))
    assert code == 0 and "signature valid: Release certificate" in out, out
    code, out = await erp("documents", "verify", str(bad))
    assert code == 1 and "does not cover the whole file" in out, out
