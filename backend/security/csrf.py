"""CSRF: a browser sends multipart/form-data cross-site without asking first; JSON it does not.

A multipart GraphQL request (file uploads) must therefore carry a header that
no simple cross-site form can set, which forces a CORS preflight. Apollo's
clients send `Apollo-Require-Preflight: true` for uploads.
"""

from starlette.datastructures import Headers

PREFLIGHT_HEADERS = (
    "apollo-require-preflight",
    "x-apollo-operation-name",
    "graphql-require-preflight",
)
# The content types a cross-site HTML form may send without a preflight.
SIMPLE_CONTENT_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded", "text/plain")


def needs_preflight_header(headers: Headers) -> bool:
    """True for a request that a cross-site form could send and that lacks a preflight header."""
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in SIMPLE_CONTENT_TYPES:
        return False
    return not any(headers.get(name, "").strip() for name in PREFLIGHT_HEADERS)


MESSAGE = (
    "Multipart requests need a header that forces a CORS preflight, "
    "e.g. 'Apollo-Require-Preflight: true'."
)
