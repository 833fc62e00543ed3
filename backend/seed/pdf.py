"""Demo documents: one-page archival text PDFs as the application writes them."""

from backend.domain.rules.plain_pdf import TextLine, text_pdf


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """`title` in 16 pt, then `lines` in 11 pt, top to bottom."""
    return text_pdf(title, [TextLine(title, 16), *(TextLine(line, 11) for line in lines)])
