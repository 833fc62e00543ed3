"""Releasing a lot for distribution (e-signed, with a certificate) or rejecting it."""

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from backend.db.models import Inspection, Lot, Product, Release, Supplier, User
from backend.domain import lookup
from backend.domain.access_control.lot_duties import ensure_separate_on_lot
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.inventory.lot_status import change_lot_status
from backend.domain.production.gate import unreviewed_batch_record
from backend.domain.purchasing.supplier_certificates import ensure_certificate
from backend.domain.quality.certificates import InspectionLine, ReleaseFacts, release_certificate
from backend.domain.quality.holds import open_nonconformance_of_lot
from backend.domain.quality.nonconformance import accepted_failure
from backend.domain.standards.signed_documents import company_lines, store_signed
from backend.domain.standards.signing import SignatureFacts, sign_pdf
from backend.domain.trust import audit, signatures
from backend.enums import AuditAction, DocumentKind, InspectionKind, InspectionResult, LotStatus

RELEASABLE = (LotStatus.QUARANTINE, LotStatus.ON_HOLD)
MAX_REASON = 2000


def lot_record(lot: Lot, gtin: str) -> dict[str, Any]:
    """The form of a lot that a release signature covers (its hash is stored and certified)."""
    return {
        "id": lot.id, "product_id": lot.product_id, "gtin": gtin, "lot_number": lot.lot_number,
        "supplier_id": lot.supplier_id, "manufactured_on": lot.manufactured_on,
        "expires_on": lot.expires_on, "status": LotStatus.RELEASED.value,
    }


def required_inspection(lot: Lot) -> InspectionKind:
    """Purchased lots need an incoming inspection; produced lots a final one."""
    return InspectionKind.INCOMING if lot.supplier_id is not None else InspectionKind.FINAL


async def release_lot(
    session: AsyncSession, *, actor: Actor, lot_id: int | None, password: str, meaning: str
) -> Lot:
    lot = await lookup.get(session, Lot, lot_id, field=("input", "lotId"), lock=True)
    if lot.status not in RELEASABLE:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Lot {lot.lot_number} is {lot.status.value}; only lots in quarantine or on hold "
            "are released.",
            ("input", "lotId"),
        )
    inspections = list(await session.scalars(
        select(Inspection).where(Inspection.lot_id == lot.id)
        .order_by(Inspection.inspected_at, Inspection.id)
    ))
    unreviewed = await unreviewed_batch_record(session, lot.id)
    if unreviewed is not None:
        raise DomainError.single(
            ErrorCode.BATCH_RECORD_NOT_REVIEWED,
            f"Lot {lot.lot_number} was made by {unreviewed}; QA approves its batch record "
            "before the lot is released.",
            ("input", "lotId"),
        )
    open_nc = await open_nonconformance_of_lot(session, lot.id)
    if open_nc is not None:
        raise DomainError.single(
            ErrorCode.NONCONFORMANCE_OPEN,
            f"Nonconformance {open_nc.number} on lot {lot.lot_number} is "
            f"{open_nc.status.value}; close it before releasing the lot.",
            ("input", "lotId"),
        )
    kind = required_inspection(lot)
    latest = next((i for i in reversed(inspections) if i.kind == kind), None)
    if latest is None or (
        latest.result != InspectionResult.PASS and not await accepted_failure(session, latest.id)
    ):
        raise DomainError.single(
            ErrorCode.INSPECTION_REQUIRED,
            f"Lot {lot.lot_number} needs a passed {kind.value} inspection"
            + (f"; the latest one is {latest.result.value}." if latest else "."),
            ("input", "lotId"),
        )
    await ensure_separate_on_lot(
        session, actor=actor, lot_id=lot.id, doing="lot.release",
        inspected=any(i.inspector_id == actor.user_id for i in inspections),
        message=f"You inspected or received lot {lot.lot_number}; someone else must "
        "release it.", field=("input", "lotId"))
    product = await session.get(Product, lot.product_id)
    assert product is not None
    await ensure_certificate(session, lot, product)
    # The password check (Argon2) and the certificate's making and signing run side by side
    # in threads: the certificate shows what the signature stores, the record's hash and
    # the transaction's time (a signature's signed_at is its transaction's now()).
    check = await signatures.PasswordCheck.start(session, signer_id=actor.user_id or 0,
                                                 password=password)
    record = lot_record(lot, product.gtin)
    signed_at: datetime = (await session.execute(select(func.now()))).scalar_one()
    facts = await release_facts(session, lot, product, inspections, _Signing(
        actor.user_id or 0, meaning.strip(), signed_at, signatures.record_hash(record)))
    company = await company_lines(session)
    certificate_pdf = asyncio.ensure_future(asyncio.to_thread(_signed_certificate, facts, company))
    try:
        signature = await signatures.sign(
            session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
            record_type="lot", record_id=lot.id, record=record, check=check,
        )
    except BaseException:
        certificate_pdf.cancel()
        raise
    set_committed_value(signature, "signed_at", signed_at)
    content, pdf_signature = await certificate_pdf
    certificate = await store_signed(
        session, actor=actor, kind=DocumentKind.RELEASE_CERTIFICATE,
        title=f"Release certificate {lot.lot_number}",
        file_name=f"release-certificate-{lot.lot_number}.pdf",
        content=content, facts=pdf_signature, links=[("Lot", lot.id)],
    )
    # A lot released again after a hold keeps one release: the latest signature and certificate
    # (the earlier ones stay on record, the certificate as an older version).
    release = await session.scalar(select(Release).where(Release.lot_id == lot.id))
    if release is None:
        session.add(Release(lot_id=lot.id, signature_id=signature.id,
                            certificate_id=certificate.id))
    else:
        release.signature_id, release.certificate_id = signature.id, certificate.id
        release.released_at = signature.signed_at
    await session.flush()
    await change_lot_status(
        session, lot, LotStatus.RELEASED, actor=actor, action=AuditAction.LOT_RELEASED,
        reason=signature.meaning, changes=audit.created(signature_id=signature.id),
    )
    return lot


@dataclass(frozen=True)
class _Signing:
    """The release signature as it will be stored, for the certificate made meanwhile."""

    signer_id: int
    meaning: str
    signed_at: datetime
    record_hash: str


def _signed_certificate(facts: ReleaseFacts, company: list[str]) -> tuple[bytes, SignatureFacts]:
    return sign_pdf(release_certificate(facts, company))


async def reject_lot(
    session: AsyncSession, *, actor: Actor, lot_id: int | None, reason: str
) -> Lot:
    """Block a lot for good: it can no longer be released, allocated or shipped."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise DomainError.single(
            ErrorCode.INVALID, f"Give a reason of 1 to {MAX_REASON} characters.", ("reason",)
        )
    lot = await lookup.get(session, Lot, lot_id, field=("lotId",), lock=True)
    if lot.status not in RELEASABLE:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Lot {lot.lot_number} is {lot.status.value}; only lots in quarantine or on hold "
            "are rejected.",
            ("lotId",),
        )
    await ensure_separate_on_lot(
        session, actor=actor, lot_id=lot.id, doing="lot.reject",
        message=f"You inspected or received lot {lot.lot_number}; someone else must "
        "reject it.", field=("lotId",))
    await change_lot_status(session, lot, LotStatus.REJECTED, actor=actor,
                            action=AuditAction.LOT_REJECTED, reason=reason)
    return lot


async def release_facts(
    session: AsyncSession,
    lot: Lot,
    product: Product,
    inspections: list[Inspection],
    signature: Any,
) -> ReleaseFacts:
    user_ids = {i.inspector_id for i in inspections} | {signature.signer_id}
    rows = await session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    names = {pk: name for pk, name in rows}
    supplier = await session.get(Supplier, lot.supplier_id) if lot.supplier_id else None
    return ReleaseFacts(
        lot_number=lot.lot_number, product_name=product.name, sku=product.sku, gtin=product.gtin,
        manufactured_on=lot.manufactured_on, expires_on=lot.expires_on,
        supplier=f"{supplier.name} ({supplier.code})" if supplier else None,
        inspections=[
            InspectionLine(kind=i.kind.value, result=i.result.value, sample_size=i.sample_size,
                           defects_found=i.defects_found, inspected_at=i.inspected_at,
                           inspector=names.get(i.inspector_id, "?"))
            for i in inspections
        ],
        signer=names.get(signature.signer_id, "?"), meaning=signature.meaning,
        signed_at=signature.signed_at, record_sha256=signature.record_hash,
    )
