"""Small request helpers shared by the HTTP and GraphQL tests."""

from __future__ import annotations

import json
from typing import Any

import httpx

DEMO_PASSWORD = "demo1234"


async def login(http: httpx.AsyncClient, username: str, password: str = DEMO_PASSWORD) -> str:
    """Return an access token for a user, failing the test if login is refused."""
    response = await http.post("/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, f"login as {username!r} failed: {response.text}"
    return response.json()["access_token"]


async def gql(
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    expect_errors: bool = False,
) -> dict[str, Any]:
    """POST a GraphQL operation; return the whole response body ({"data", "errors"}).

    Unless `expect_errors` is set, the call must succeed without top-level errors.
    """
    headers = {"authorization": f"Bearer {token}"} if token else {}
    payload: dict[str, Any] = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    response = await http.post("/graphql", json=payload, headers=headers)
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(
            f"/graphql answered {response.status_code} with non-JSON: {response.text[:500]}"
        ) from None
    if not expect_errors:
        assert response.status_code == 200, f"/graphql answered {response.status_code}: {body}"
        assert not body.get("errors"), "unexpected errors:\n" + json.dumps(body["errors"], indent=2)
    return body
