"""Release certificates: a one-page PDF stating what was released, on what evidence, by whom."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from fpdf import FPDF

from backend.domain.rules.gs1 import udi_string


@dataclass(frozen=True)
class InspectionLine:
    kind: str
    result: str
    sample_size: int
    defects_found: int
    inspected_at: datetime
    inspector: str


@dataclass(frozen=True)
class ReleaseFacts:
    lot_number: str
    product_name: str
    sku: str
    gtin: str
    manufactured_on: date | None
    expires_on: date | None
    supplier: str | None
    inspections: Sequence[InspectionLine]
    signer: str
    meaning: str
    signed_at: datetime
    record_sha256: str


def release_certificate_lines(facts: ReleaseFacts) -> list[str]:
    udi = udi_string(gtin=facts.gtin, expires_on=facts.expires_on, lot_number=facts.lot_number,
                     serial_number=None)
    lines = [
        f"Product: {facts.product_name} ({facts.sku})",
        f"GTIN: {facts.gtin}",
        f"Lot: {facts.lot_number}",
        f"UDI: {udi}",
        f"Manufactured: {facts.manufactured_on or 'n/a'}   Expires: {facts.expires_on or 'n/a'}",
    ]
    if facts.supplier:
        lines.append(f"Supplier: {facts.supplier}")
    lines.append("Inspections:")
    lines += [
        f"  {i.kind} {i.result}: {i.defects_found} defects in {i.sample_size} samples, "
        f"{i.inspector}, {i.inspected_at:%Y-%m-%d %H:%M} UTC"
        for i in facts.inspections
    ]
    lines += [
        f"Signed by: {facts.signer}",
        f"Meaning: {facts.meaning}",
        f"Signed at: {facts.signed_at:%Y-%m-%d %H:%M:%S} UTC",
        f"Signed record sha256: {facts.record_sha256}",
    ]
    return lines


def release_certificate(facts: ReleaseFacts) -> bytes:
    return render_pdf(f"Release certificate {facts.lot_number}", release_certificate_lines(facts))


def render_pdf(title: str, lines: Sequence[str]) -> bytes:
    """An A4 document: the title, then one paragraph per line."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_creator("erp")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 10, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=10)
    for line in lines:
        pdf.multi_cell(0, 6, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1; anything else is shown as "?".
    return text.encode("latin-1", "replace").decode("latin-1")
