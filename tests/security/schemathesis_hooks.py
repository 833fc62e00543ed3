"""Schemathesis hooks for our schema: the Decimal and Upload scalars, and what counts as a failure.

Loaded by the schemathesis CLI through SCHEMATHESIS_HOOKS (tests/security/test_schemathesis.py).
"""

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

schemathesis.graphql.scalar(
    "Decimal",
    st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False,
                allow_infinity=False).map(str).map(nodes.String),
)
# A multipart file cannot travel in a JSON request; null is what such a request can send.
schemathesis.graphql.scalar("Upload", st.just(nodes.Null))


@schemathesis.check
def no_server_failure(ctx, response, case) -> None:
    """No 5xx, and no error that the server masked as unexpected.

    Refusals with a path (FORBIDDEN, NOT_FOUND, INVALID_BARCODE, ...) are answers
    about the input and count as passes.
    """
    if response.status_code >= 500:
        raise AssertionError(f"server error {response.status_code}")
    try:
        body = response.json()
    except ValueError as exc:
        raise AssertionError("the answer is not JSON") from exc
    errors = body.get("errors") if isinstance(body, dict) else None
    for error in errors or []:
        if (error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR":
            raise AssertionError(f"unexpected server error: {error.get('message')}")
