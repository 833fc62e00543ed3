"""What a file is, judged by its bytes (never its name), and which kinds we keep as documents."""

import filetype

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024

ACCEPTED = frozenset({
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/tiff",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "text/plain",
})


def sniff(content: bytes) -> str | None:
    """The media type the bytes show, or None when they show none we know."""
    kind = filetype.guess(content)
    if kind is not None:
        return str(kind.mime)
    return "text/plain" if _is_text(content) else None


def _is_text(content: bytes) -> bool:
    """UTF-8 without control characters other than tab, newline, carriage return, form feed."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch >= " " or ch in "\t\n\r\f" for ch in text) and "\x7f" not in text
