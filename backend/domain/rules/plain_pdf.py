"""Plain text PDFs written by hand: A4 pages of Helvetica lines, fast enough to write one per
notified customer inside a recall's transaction (a PDF library takes ~40 ms a page)."""

LINES_PER_PAGE = 44


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def plain_pdf(title: str, lines: list[str]) -> bytes:
    """`title` in 16 pt on the first page, then `lines` in 10 pt, as many pages as needed."""
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = [b"", b""]  # catalog and page tree, written last
    kids = []
    for number, page_lines in enumerate(pages):
        ops = ["BT"]
        if number == 0:
            ops += [f"/F1 16 Tf 56 790 Td ({_escape(title)}) Tj", "/F1 10 Tf 0 -28 Td"]
        else:
            ops += ["/F1 10 Tf 56 790 Td"]
        for line in page_lines:
            ops.append(f"({_escape(line)}) Tj 0 -16 Td")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1", errors="replace")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                       b" /Resources << /Font << /F1 3 0 R >> >> >>" % content)
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects.insert(2, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                      b" /Encoding /WinAnsiEncoding >>")
    # Object 3 is the font: shift the references to what came after it.
    fixed = objects[:3] + [_shift(o) for o in objects[3:]]
    fixed[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % (k + 1) for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(fixed, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(fixed) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(fixed) + 1, xref_at)
    return bytes(out)


def _shift(body: bytes) -> bytes:
    """A page's reference to its content stream, one object further after the font."""
    marker = b"/Contents "
    at = body.find(marker)
    if at < 0:
        return body
    start = at + len(marker)
    end = body.index(b" ", start)
    return body[:start] + b"%d" % (int(body[start:end]) + 1) + body[end:]
