"""The device history record (DHR) of a work order as a PDF: what was made, to which BOM
version, from which lots and serials, the steps as entered with limits and signatures,
the deviations with their dispositions and the review signature."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    BatchDeviation,
    BatchRecord,
    BatchRecordStep,
    BomVersion,
    Lot,
    Product,
    Serial,
    Signature,
    User,
    WorkOrder,
    WorkOrderIssue,
    WorkOrderOutput,
)
from backend.domain.quality.certificates import render_pdf


async def _signed(session: AsyncSession, signature_id: int | None) -> str:
    if signature_id is None:
        return "not signed"
    signature = await session.get(Signature, signature_id)
    assert signature is not None
    user = await session.get(User, signature.signer_id)
    name = user.display_name if user is not None else f"user {signature.signer_id}"
    return f"{name}, {signature.signed_at:%Y-%m-%d %H:%M} UTC, \"{signature.meaning}\""


def _limits(parameter: dict[str, str | None]) -> str:
    if parameter["kind"] != "NUMERIC":
        return "PASS required" if parameter["kind"] == "PASS_FAIL" else "text"
    unit = f" {parameter['unit']}" if parameter.get("unit") else ""
    return f"{parameter.get('min') or '-'} to {parameter.get('max') or '-'}{unit}"


async def device_history_record(session: AsyncSession, work_order: WorkOrder,
                                record: BatchRecord) -> bytes:
    product = await session.get(Product, work_order.product_id)
    version = await session.get(BomVersion, work_order.bom_version_id)
    assert product is not None and version is not None
    lines = [f"Work order {work_order.number}: {work_order.quantity} x {product.sku} "
             f"{product.name}", f"BOM version {version.version} (effective "
             f"{version.effective_from})", f"Made: {work_order.completed_quantity} units", "",
             "Material issued:"]
    for issue in await session.scalars(select(WorkOrderIssue).where(
            WorkOrderIssue.work_order_id == work_order.id).order_by(WorkOrderIssue.id)):
        lot = await session.get(Lot, issue.lot_id)
        assert lot is not None
        serials = list(await session.scalars(select(Serial.serial_number).where(
            Serial.id.in_(issue.serial_ids or [])).order_by(Serial.serial_number)))
        lines.append(f"  lot {lot.lot_number}: {issue.quantity}"
                     + (f" (serials {', '.join(serials)})" if serials else ""))
    lines += ["", "Output lots:"]
    for output, lot in (await session.execute(
            select(WorkOrderOutput, Lot).join(Lot, Lot.id == WorkOrderOutput.lot_id)
            .where(WorkOrderOutput.work_order_id == work_order.id).order_by(Lot.id))).all():
        serials = list(await session.scalars(select(Serial.serial_number).where(
            Serial.lot_id == lot.id).order_by(Serial.serial_number)))
        lines.append(f"  lot {lot.lot_number}: {output.quantity}"
                     + (f" (serials {', '.join(serials)})" if serials else ""))
    lines += ["", "Batch record steps:"]
    for step in await session.scalars(select(BatchRecordStep).where(
            BatchRecordStep.batch_record_id == record.id).order_by(BatchRecordStep.sequence)):
        lines.append(f"  Step {step.sequence} {step.title} [{step.status.value}]")
        by_code = {p["code"]: p for p in step.parameters}
        for value in step.values:
            parameter = by_code[value["code"]]
            lines.append(f"    {parameter['name']}: {value['value']} (limits {_limits(parameter)})"
                         + ("" if value["within_limits"] else " OUT OF LIMITS"))
        if step.comment:
            lines.append(f"    Comment: {step.comment}")
        lines.append(f"    Performed: {await _signed(session, step.performed_signature_id)}")
        if step.requires_verification:
            lines.append(f"    Verified: {await _signed(session, step.verified_signature_id)}")
    lines += ["", "Deviations:"]
    deviations = list(await session.scalars(select(BatchDeviation).where(
        BatchDeviation.work_order_id == work_order.id).order_by(BatchDeviation.id)))
    for d in deviations:
        lines.append(f"  {d.number} step {d.step_sequence} {d.parameter['name']} = {d.value}: "
                     f"{d.status.value}, {d.disposition.value if d.disposition else '-'}; "
                     f"{d.rationale or ''} ({await _signed(session, d.closure_signature_id)})")
    if not deviations:
        lines.append("  none")
    lines += ["", f"Review: {'approved' if record.review_approved else 'rejected'}"
              + (f" - {record.review_comment}" if record.review_comment else ""),
              f"Signed: {await _signed(session, record.review_signature_id)}"]
    return render_pdf(f"Device history record {work_order.number}", lines)
