"""Log lines as JSON objects (or plain text for people), each naming its request."""

import logging
import sys
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

from backend.observability import context

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
JSON_FIELDS = "%(levelname)s %(name)s %(message)s"


class RequestContextFilter(logging.Filter):
    """Adds request_id, principal and operation to every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.request_id.get()
        record.principal = context.principal.get()
        record.operation = context.operation.get()
        return True


def resolve_format(fmt: str, stream: TextIO) -> str:
    """`auto` means text when the lines go to a terminal, JSON when they go to a file or pipe."""
    if fmt != "auto":
        return fmt
    isatty = getattr(stream, "isatty", None)
    return "text" if isatty is not None and isatty() else "json"


def formatter(fmt: str) -> logging.Formatter:
    if fmt == "json":
        return JsonFormatter(
            JSON_FIELDS,
            rename_fields={"levelname": "level", "name": "logger", "exc_info": "traceback"},
            timestamp="time",  # ISO 8601, UTC
        )
    return logging.Formatter(TEXT_FORMAT)


def configure(level: str, fmt: str = "auto") -> None:
    """Send every log line (ours, uvicorn's, alembic's) to stderr in one format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(resolve_format(fmt, sys.stderr)))
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    for name in ("erp", "backend", "alembic.runtime.migration", "uvicorn.error"):
        logging.getLogger(name).setLevel(level.upper())
    # The access log is written by our middleware, with the request id and principal.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
