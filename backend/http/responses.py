"""JSON responses encoded with orjson."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse


class ORJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def error_response(
    status_code: int, error: str, message: str, headers: dict[str, str] | None = None
) -> ORJSONResponse:
    """A JSON error body: a stable machine-readable code and a sentence for people."""
    return ORJSONResponse({"error": error, "message": message}, status_code, headers=headers)
