"""Reading generated PDFs as their users' tools do: pages rendered (pdfium) and the symbols on
them decoded by a real barcode reader (zxing-cpp), which reports the symbology identifier."""

import pypdfium2 as pdfium
import zxingcpp

DPI = 400


def pages(content: bytes) -> int:
    document = pdfium.PdfDocument(content)
    try:
        return len(document)
    finally:
        document.close()


def symbols(content: bytes, dpi: int = DPI) -> list[list[tuple[str, str]]]:
    """Per page, top to bottom: (symbology identifier, text) of every symbol read."""
    document = pdfium.PdfDocument(content)
    try:
        found = []
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            read = sorted(zxingcpp.read_barcodes(image), key=lambda r: r.position.top_left.y)
            found.append([(r.symbology_identifier, r.text) for r in read])
        return found
    finally:
        document.close()


def text(content: bytes) -> list[str]:
    """The text of every page."""
    document = pdfium.PdfDocument(content)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
