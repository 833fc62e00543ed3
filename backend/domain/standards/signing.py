"""The installation's document-signing identity and PAdES baseline signatures (pyHanko).

The key and a self-signed certificate are made at first use and kept in the data folder, so
every process of an installation signs with the same identity and verification can tell the
installation's own signatures from anyone else's.
"""

import hashlib
import io
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

KEY_FILE = "document-signing-key.pem"
CERT_FILE = "document-signing-cert.pem"
SUBJECT_NAME = "ERP document signing"
VALIDITY = timedelta(days=3650)
# No timestamp authority is configured: the signature is PAdES baseline B-B.
LEVEL = "B-B"
FIELD_NAME = "ERPSignature"


@dataclass(frozen=True)
class SigningIdentity:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.der).hexdigest()

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()


@dataclass(frozen=True)
class SignatureFacts:
    level: str
    signed_at: datetime
    signer_subject: str
    certificate_sha256: str


_lock = threading.Lock()
_data_dir: Path | None = None
_identity: SigningIdentity | None = None
_signer: signers.SimpleSigner | None = None


def use_data_dir(data_dir: Path) -> None:
    """Sign with the identity kept in `data_dir` from now on (made there if missing)."""
    global _data_dir, _identity, _signer
    with _lock:
        if _data_dir != data_dir:
            _data_dir, _identity, _signer = data_dir, None, None


def _default_data_dir() -> Path:
    return Path(os.environ.get("ERP_DATA_DIR", "./var"))


def identity() -> SigningIdentity:
    global _identity
    with _lock:
        if _identity is None:
            _identity = _load_or_make(_data_dir or _default_data_dir())
        return _identity


def _load_or_make(data_dir: Path) -> SigningIdentity:
    key_path, cert_path = data_dir / KEY_FILE, data_dir / CERT_FILE
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{key_path} does not hold an EC private key")
        return SigningIdentity(x509.load_pem_x509_certificate(cert_path.read_bytes()), key)
    made = _make_identity()
    data_dir.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so that a second process never reads half a key.
    for path, content, mode in (
        (key_path, made.key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()), 0o600),
        (cert_path, made.pem.encode("ascii"), 0o644),
    ):
        staging = path.with_name(f".{path.name}.{os.getpid()}")
        staging.write_bytes(content)
        staging.chmod(mode)
        if path.exists():  # another process was first: use its identity
            staging.unlink()
            return _load_or_make(data_dir)
        staging.replace(path)
    return made


def _make_identity() -> SigningIdentity:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, SUBJECT_NAME),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ERP installation"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, os.urandom(8).hex()),
    ])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(certificate, key)


def _pyhanko_signer() -> signers.SimpleSigner:
    global _signer
    current = identity()
    with _lock:
        if _signer is None:
            cert = asn1_x509.Certificate.load(current.der)
            key = asn1_keys.PrivateKeyInfo.load(current.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
            _signer = signers.SimpleSigner(
                signing_cert=cert, signing_key=key,
                cert_registry=SimpleCertificateStore.from_certs([cert]),
            )
        return _signer


class _KeepingMetadata(IncrementalPdfFileWriter):
    """An incremental update that leaves the document's metadata as it was written: pyHanko
    would otherwise rewrite the XMP packet and lose its PDF/A identification."""

    def _update_meta(self) -> None:
        return None


def sign_pdf(content: bytes) -> tuple[bytes, SignatureFacts]:
    """The PDF with a PAdES baseline signature (ETSI.CAdES.detached, SHA-256) over the whole
    file, appended as an incremental update. pyHanko runs an event loop of its own: call this
    off the event loop (`signed_documents.signed`)."""
    signed_at = datetime.now(UTC).replace(microsecond=0)
    writer = _KeepingMetadata(io.BytesIO(content), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES, use_pades_lta=False,
    )
    out = signers.PdfSigner(meta, signer=_pyhanko_signer()).sign_pdf(
        writer, in_place=False,
    )
    current = identity()
    facts = SignatureFacts(level=LEVEL, signed_at=signed_at, signer_subject=current.subject,
                           certificate_sha256=current.sha256)
    return out.getvalue(), facts
