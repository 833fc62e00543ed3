"""Who and what the current request is about, for logs and error reports.

Context variables follow the request's task and the tasks it starts, so every
log line written while serving a request can name it.
"""

import re
import uuid
from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
principal: ContextVar[str | None] = ContextVar("principal", default=None)
operation: ContextVar[str | None] = ContextVar("operation", default=None)

# A client-supplied id is kept only if it is short and plain, so it cannot forge log lines.
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def new_request_id(supplied: str | None = None) -> str:
    if supplied and _ACCEPTABLE_ID.fullmatch(supplied):
        return supplied
    return uuid.uuid4().hex


def current_request_id() -> str:
    """The id of the request being served, or a fresh one outside any request."""
    return request_id.get() or uuid.uuid4().hex
