"""Text PDFs written by hand: A4 pages of lines, fast enough to write one per notified customer
inside a recall's transaction (a PDF library takes ~40 ms a page), and PDF/A-2b-like as the
fpdf2 documents of `backend.domain.standards.pdfa` are (its XMP packet, sRGB profile and
fonts, embedded).

The fonts are embedded whole as simple TrueType fonts in WinAnsi encoding, so the content
streams (left uncompressed) keep the text as plain strings that any tool can search.
"""

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from fontTools.ttLib import TTFont

from backend.domain.standards.pdfa import BOLD, PRODUCER, REGULAR, font_file, srgb_profile, xmp

LINES_PER_PAGE = 44  # of 10 pt lines, the title's page included
PAGE_WIDTH, PAGE_HEIGHT = 595, 842
LEFT, TOP, BOTTOM = 56, 790, 70
WIDTH = PAGE_WIDTH - 2 * LEFT
LEADING = 1.6  # line height per point of font size


@dataclass(frozen=True)
class TextLine:
    text: str
    size: float = 10
    bold: bool = False
    space_before: float = 0  # extra points above the line


@dataclass(frozen=True)
class _Font:
    base_name: str
    widths: tuple[int, ...]  # of WinAnsi codes 32-255, in 1/1000 em
    descriptor: bytes
    file: bytes  # the whole TrueType file, deflated
    file_length: int

    def width(self, encoded: bytes, size: float) -> float:
        return sum(self.widths[b - 32] if b >= 32 else 0 for b in encoded) * size / 1000


@cache
def _font(name: str) -> _Font:
    path = font_file(name)
    font = TTFont(path)
    scale = 1000 / font["head"].unitsPerEm
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    widths = []
    for code in range(32, 256):
        char = bytes([code]).decode("cp1252", errors="ignore")
        glyph = cmap.get(ord(char)) if char else None
        widths.append(round(metrics[glyph][0] * scale) if glyph else 0)
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    base_name = font["name"].getDebugName(6) or name.removesuffix(".ttf")
    cap_height = getattr(os2, "sCapHeight", 0) or hhea.ascent
    bbox = " ".join(str(round(v * scale)) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
    descriptor = (
        f"/Type /FontDescriptor /FontName /{base_name} /Flags 32 /FontBBox [{bbox}]"
        f" /ItalicAngle 0 /Ascent {round(hhea.ascent * scale)}"
        f" /Descent {round(hhea.descent * scale)} /CapHeight {round(cap_height * scale)}"
        f" /StemV {120 if name == BOLD else 80}"
    ).encode("ascii")
    with open(path, "rb") as raw:
        data = raw.read()
    return _Font(base_name, tuple(widths), descriptor, zlib.compress(data, 9), len(data))


@cache
def _profile() -> bytes:
    return zlib.compress(srgb_profile(), 9)


def _escape(text: bytes) -> bytes:
    return text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _encode(text: str) -> bytes:
    return text.replace("\t", "    ").encode("cp1252", errors="replace")


def _text_string(text: str) -> bytes:
    """A PDF text string: literal when Latin-1 covers it, else UTF-16 with its BOM."""
    try:
        return b"(" + _escape(text.encode("latin-1")) + b")"
    except UnicodeEncodeError:
        return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _wrapped(encoded: bytes, font: _Font, size: float) -> list[bytes]:
    """The line broken at spaces (or anywhere, for a word wider than the page) to fit."""
    if font.width(encoded, size) <= WIDTH:
        return [encoded]
    lines: list[bytes] = []
    current = b""
    for word in encoded.split(b" "):
        candidate = current + b" " + word if current else word
        if font.width(candidate, size) <= WIDTH:
            current = candidate
            continue
        if current:
            lines.append(current)
        while font.width(word, size) > WIDTH:
            cut = len(word)
            while cut > 1 and font.width(word[:cut], size) > WIDTH:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    lines.append(current)
    return lines


def _pages(lines: Sequence[TextLine]) -> tuple[list[bytes], set[str]]:
    """The content stream of every page and the fonts they use."""
    pages: list[list[bytes]] = [[]]
    used: set[str] = set()
    y: float = TOP
    first = True
    for line in lines:
        name = BOLD if line.bold else REGULAR
        font = _font(name)
        tag = b"/F2" if line.bold else b"/F1"
        for part in _wrapped(_encode(line.text), font, line.size):
            step = 0.0 if first else line.space_before + line.size * LEADING
            if not first and y - step < BOTTOM:
                pages.append([])
                y, step = TOP, 0.0
            y -= step
            first = False
            used.add(name)
            pages[-1].append(b"BT %s %g Tf %d %g Td (%s) Tj ET" % (
                tag, line.size, LEFT, round(y, 2), _escape(part)))
    return [b"\n".join(ops) for ops in pages], used


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def text_pdf(title: str, lines: Sequence[TextLine]) -> bytes:
    """A4 pages of `lines` (wrapped to the page, as many pages as needed), with the archival
    metadata: XMP (pdfaid, dc:title), an sRGB output intent, embedded fonts, /Title."""
    streams, used = _pages(lines)
    created = datetime.now(UTC).replace(microsecond=0)
    # Objects 1-7 are fixed; fonts come next, then each page's content and page object.
    objects: list[bytes] = [b""] * 7
    packet = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
              + xmp(title, created) + '<?xpacket end="w"?>').encode("utf-8")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R /OutputIntents [4 0 R] >>"
    objects[2] = _stream(b"/Type /Metadata /Subtype /XML", packet)
    objects[3] = (b"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier"
                  b" (sRGB IEC61966-2.1) /RegistryName (http://www.color.org)"
                  b" /Info (sRGB IEC61966-2.1) /DestOutputProfile 5 0 R >>")
    objects[4] = _stream(b"/N 3 /Alternate /DeviceRGB /Filter /FlateDecode", _profile())
    when = created.strftime("D:%Y%m%d%H%M%SZ").encode("ascii")
    objects[5] = (b"<< /Title %s /Creator (%s) /Producer (%s) /CreationDate (%s)"
                  b" /ModDate (%s) >>" % (_text_string(title), PRODUCER.encode(),
                                          PRODUCER.encode(), when, when))
    objects[6] = b"<< >>"  # the page resources, filled in below
    font_refs = []
    for tag, name in ((b"F1", REGULAR), (b"F2", BOLD)):
        if name not in used:
            continue
        font = _font(name)
        objects.append(_stream(b"/Length1 %d /Filter /FlateDecode" % font.file_length,
                               font.file))
        objects.append(b"<< %s /FontFile2 %d 0 R >>" % (font.descriptor, len(objects)))
        objects.append(
            b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /FirstChar 32 /LastChar 255"
            b" /Widths [%s] /Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>" % (
                font.base_name.encode("ascii"), b" ".join(b"%d" % w for w in font.widths),
                len(objects)))
        font_refs.append(b"/%s %d 0 R" % (tag, len(objects)))
    objects[6] = b"<< /Font << %s >> /ProcSet [/PDF /Text] >>" % b" ".join(font_refs)
    kids = []
    for content in streams:
        objects.append(_stream(b"", content))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R"
                       b" /Resources 7 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, len(objects)))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return _file(objects, info=6)


def _file(objects: Sequence[bytes], info: int) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    file_id = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().encode("ascii")
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1, info, file_id, file_id)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def plain_pdf(title: str, lines: Sequence[str]) -> bytes:
    """`title` in 16 pt on the first page, then `lines` in 10 pt, as many pages as needed."""
    return text_pdf(title, [TextLine(title, 16),
                            *(TextLine(line, 10, space_before=12 if i == 0 else 0)
                              for i, line in enumerate(lines))])
