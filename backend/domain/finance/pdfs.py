"""Finance documents as PDF: invoices, credit notes and statements (fpdf2, text kept
uncompressed so that the words can be checked)."""

from collections.abc import Sequence

from fpdf import FPDF


def _latin1(text: str) -> str:
    return text.replace("\u2013", "-").replace("\u2014", "-").encode(
        "latin-1", errors="replace").decode("latin-1")


def render(title: str, header: Sequence[str], sections: Sequence[tuple[str, Sequence[str]]]
           ) -> bytes:
    """A4: a title, header lines, then titled sections of lines."""
    pdf = FPDF(format="A4")
    pdf.compress = False
    pdf.set_title(_latin1(title))
    pdf.set_creator("erp")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 10, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in header:
        pdf.multi_cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    for heading, lines in sections:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=9)
        for line in lines:
            pdf.multi_cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
