"""Release certificates: a one-page PDF stating what was released, on what evidence, by whom,
signed by the installation (see `backend.domain.standards.signed_documents`)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from backend.domain.rules.gs1 import udi_string
from backend.domain.rules.plain_pdf import TextLine, text_pdf
from backend.domain.standards.pdfa import ArchivalPdf
from backend.domain.standards.symbols import gs1_datamatrix


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


def release_certificate(facts: ReleaseFacts, company: Sequence[str] = ()) -> bytes:
    """PDF/A-style: the company header, the lot, its inspections as a table, the signature
    (with the hash of the signed record) and a GS1 DataMatrix of the lot's UDI."""
    udi = udi_string(gtin=facts.gtin, expires_on=facts.expires_on, lot_number=facts.lot_number,
                     serial_number=None)
    pdf = ArchivalPdf(f"Release certificate {facts.lot_number}")
    pdf.add_page()
    pdf.company_header(company)
    top = pdf.get_y()
    pdf.pairs([
        ("Product", f"{facts.product_name} ({facts.sku})"),
        ("GTIN", facts.gtin),
        ("Lot", facts.lot_number),
        ("UDI", udi),
        ("Manufactured", str(facts.manufactured_on or "n/a")),
        ("Expires", str(facts.expires_on or "n/a")),
        *([("Supplier", facts.supplier)] if facts.supplier else []),
    ])
    after = pdf.get_y()
    # The UDI symbol to the right of the lot's facts, 0.6 mm modules (GS1 minimum 0.254 mm).
    symbol = gs1_datamatrix(udi)
    pdf.symbol(symbol, pdf.w - pdf.r_margin - symbol.width * 0.6, top, 0.6)
    pdf.set_y(max(after, top + symbol.height * 0.6) + 2)
    pdf.heading("Inspections")
    pdf.grid(
        ["Kind", "Result", "Samples", "Defects", "Inspector", "Inspected (UTC)"],
        [[i.kind, i.result, str(i.sample_size), str(i.defects_found), i.inspector,
          f"{i.inspected_at:%Y-%m-%d %H:%M}"] for i in facts.inspections],
    )
    pdf.heading("Release signature")
    pdf.pairs([
        ("Signed by", facts.signer),
        ("Meaning", facts.meaning),
        ("Signed at", f"{facts.signed_at:%Y-%m-%d %H:%M:%S} UTC"),
        ("Record sha256", facts.record_sha256),
    ])
    return pdf.output_bytes()


def render_pdf(title: str, lines: Sequence[str]) -> bytes:
    """An A4 document: the title, then one paragraph per line (archival, text searchable)."""
    return text_pdf(title, [TextLine(title, 16, bold=True),
                            *(TextLine(line, 10, space_before=8 if i == 0 else 0)
                              for i, line in enumerate(lines))])
