"""Field safety notices are plain PDFs written by hand: valid cross-references, every line."""

import re

from backend.domain.rules.plain_pdf import LINES_PER_PAGE, plain_pdf


def test_a_long_notice_spans_pages_with_a_valid_cross_reference_table() -> None:
    lines = [f"Lot LOT-{n}: {n} units" for n in range(LINES_PER_PAGE * 2 + 3)]
    pdf = plain_pdf("Field safety notice RC-2026-000001 (class II)", lines)
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert re.search(rb"/Type /Pages /Kids \[[^\]]+\] /Count 3", pdf)
    start = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    table = pdf[start:].split(b"\n")
    assert table[0] == b"xref"
    count = int(table[1].split()[1])
    offsets = [int(row.split()[0]) for row in table[3:3 + count - 1]]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj" % number)
    for page_ref in re.findall(rb"/Contents (\d+) 0 R", pdf):
        body = pdf[offsets[int(page_ref) - 1]:]
        assert b"stream" in body.split(b"endobj")[0]
    text = pdf.decode("latin-1")
    assert all(f"({line})" in text for line in (lines[0], lines[-1]))
    assert "(Field safety notice RC-2026-000001 \\(class II\\))" in text
