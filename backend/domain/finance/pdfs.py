"""Finance documents as PDF: invoices, credit notes, statements and purchase orders, written
as archival text PDFs (`backend.domain.rules.plain_pdf`) whose words stay searchable."""

from collections.abc import Sequence

from backend.domain.rules.plain_pdf import TextLine, text_pdf


def render(title: str, header: Sequence[str], sections: Sequence[tuple[str, Sequence[str]]]
           ) -> bytes:
    """A4: a title, header lines, then titled sections of lines."""
    lines = [TextLine(title, 16, bold=True)]
    lines += [TextLine(line, 10, space_before=6 if i == 0 else 0)
              for i, line in enumerate(header)]
    for heading, body in sections:
        lines.append(TextLine(heading, 11, bold=True, space_before=8))
        lines += [TextLine(line, 9) for line in body]
    return text_pdf(title, lines)
