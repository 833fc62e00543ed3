"""Requests to the API: sign in, send one GraphQL operation, or call as a demo user."""

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


def codes(body: dict[str, Any]) -> list[str | None]:
    """The codes of a response's top-level errors, in order ([] without errors)."""
    return [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]


class Client:
    """Calls the graph of one server as the demo users, signing each in once.

    `tokens` is the cache of access tokens by username; pass a shared one to keep
    tokens across tests of the same server.
    """

    def __init__(self, http: httpx.AsyncClient, tokens: dict[str, str] | None = None) -> None:
        self.http = http
        self.tokens = {} if tokens is None else tokens

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = await login(self.http, username)
        return self.tokens[username]

    async def headers(self, username: str) -> dict[str, str]:
        return {"authorization": f"Bearer {await self.token(username)}"}

    async def call(
        self,
        username: str,
        query: str,
        variables: dict[str, Any] | None = None,
        /,
        **more_variables: Any,
    ) -> dict[str, Any]:
        """The `data` of an operation sent as `username`; top-level errors fail the test.

        Variables come as a dict, as keywords, or both.
        """
        body = await gql(
            self.http, query, _variables(variables, more_variables),
            token=await self.token(username),
        )
        return body["data"]

    async def body(
        self,
        username: str | None,
        query: str,
        variables: dict[str, Any] | None = None,
        /,
        **more_variables: Any,
    ) -> dict[str, Any]:
        """The whole response body, errors allowed; `username` None sends no token."""
        token = None if username is None else await self.token(username)
        return await gql(
            self.http, query, _variables(variables, more_variables), token=token,
            expect_errors=True,
        )


def _variables(given: dict[str, Any] | None, more: dict[str, Any]) -> dict[str, Any] | None:
    if given is None and not more:
        return None
    return {**(given or {}), **more}
