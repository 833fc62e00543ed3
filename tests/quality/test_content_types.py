"""Documents are typed by their bytes."""

from backend.domain.quality.certificates import render_pdf
from backend.domain.rules.content_types import ACCEPTED, sniff


def test_pdf_png_and_text_are_recognised_by_their_bytes() -> None:
    assert sniff(render_pdf("Title", ["line"])) == "application/pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\0" * 32) == "image/png"
    assert sniff("Prüfbericht\nLos 7: bestanden\n".encode()) == "text/plain"


def test_executables_and_binary_noise_are_not_accepted() -> None:
    assert sniff(b"MZ\x90\x00" + b"\0" * 60) not in ACCEPTED
    assert sniff(b"\x7fELF\x02\x01\x01" + b"\0" * 60) not in ACCEPTED
    assert sniff(bytes(range(256))) is None
