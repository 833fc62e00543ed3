"""PDF/A-2b-style documents (fpdf2): XMP with pdfaid and dc:title, an sRGB output intent,
`/Title` equal to the document's title, a company header, tables and GS1 symbols.

Fonts are embedded (Bitstream Vera, shipped with reportlab) so that the file shows the same
everywhere. The archival pieces (XMP packet, sRGB profile, font files) are also what the
hand-written text PDFs of `backend.domain.rules.plain_pdf` embed.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from xml.sax.saxutils import escape

from fpdf import FPDF
from fpdf.enums import OutputIntentSubType
from fpdf.fonts import FontFace
from fpdf.output import PDFICCProfile
from PIL import ImageCms

from backend.domain.standards.symbols import Symbol

FONT = "Vera"
REGULAR, BOLD = "Vera.ttf", "VeraBd.ttf"
PRODUCER = "erp"


@cache
def srgb_profile() -> bytes:
    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


@cache
def font_file(name: str) -> str:
    return str(resources.files("reportlab") / "fonts" / name)


def xmp(title: str, created: datetime) -> str:
    when = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt>'
        "</dc:title>"
        f"<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>"
        f"<xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool><pdf:Producer>{PRODUCER}</pdf:Producer>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )


class ArchivalPdf(FPDF):
    """An A4 (or given size) document with the archival metadata set from its title."""

    def __init__(self, title: str, *, format: str | tuple[float, float] = "A4") -> None:
        super().__init__(format=format)
        self.doc_title = title
        created = datetime.now(UTC).replace(microsecond=0)
        self.set_title(title)
        self.set_creator(PRODUCER)
        self.set_producer(PRODUCER)
        self.set_creation_date(created)
        self.set_xmp_metadata(xmp(title, created))
        self.add_output_intent(
            OutputIntentSubType.PDFA, output_condition_identifier="sRGB IEC61966-2.1",
            registry_name="http://www.color.org", info="sRGB IEC61966-2.1",
            dest_output_profile=PDFICCProfile(contents=srgb_profile(), n=3,
                                              alternate="DeviceRGB"),
        )
        self.add_font(FONT, "", font_file(REGULAR))
        self.add_font(FONT, "B", font_file(BOLD))
        self.set_auto_page_break(True, margin=15)

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)

    def text_of(self, value: str) -> str:
        # Kept as the one place to adapt text to the fonts: Vera covers what we print.
        return value

    def say(self, text: str, height: float = 6) -> None:
        self.multi_cell(0, height, self.text_of(text), new_x="LMARGIN", new_y="NEXT")

    def company_header(self, company: Sequence[str]) -> None:
        self.font(9, bold=True)
        for index, text in enumerate(company):
            if index == 1:
                self.font(9)
            self.say(text, 4.5)
        self.set_draw_color(0, 0, 0)
        self.ln(2)
        y = self.get_y()
        self.set_line_width(0.3)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.ln(4)
        self.font(16, bold=True)
        self.say(self.doc_title, 9)
        self.ln(2)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.font(11, bold=True)
        self.say(text, 7)

    def pairs(self, rows: Sequence[tuple[str, str]]) -> None:
        self.font(10)
        for label, value in rows:
            self.font(10, bold=True)
            self.cell(45, 6, self.text_of(label))
            self.font(10)
            self.multi_cell(0, 6, self.text_of(value), new_x="LMARGIN", new_y="NEXT")

    def grid(self, headings: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.font(9)
        with self.table(headings_style=FontFace(emphasis="BOLD"), line_height=5.5) as table:
            for cells in [headings, *rows]:
                row = table.row()
                for value in cells:
                    row.cell(self.text_of(value))

    def symbol(self, symbol: Symbol, x: float, y: float, module: float,
               bar_height: float | None = None) -> tuple[float, float]:
        """Draw the symbol's dark modules at (x, y) in mm; its width and height in mm."""
        self.set_fill_color(0, 0, 0)
        height = bar_height if bar_height is not None else module
        for row_index, row in enumerate(symbol.rows):
            start = None
            for col, dark in enumerate((*row, False)):
                if dark and start is None:
                    start = col
                elif not dark and start is not None:
                    self.rect(x + start * module, y + row_index * height,
                              (col - start) * module, height, style="F")
                    start = None
        return symbol.width * module, symbol.height * height

    def output_bytes(self) -> bytes:
        return bytes(self.output())
