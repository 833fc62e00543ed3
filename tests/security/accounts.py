"""Helpers of the user administration tests: new accounts with unique names, sign-in."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.support.client import Client, gql

USER = ("user { id username displayName email active lockedAt failedLoginCount "
        "passwordChangeRequired lastLoginAt createdAt roles customer { code } }")
ERRORS = "userErrors { field code message }"
CREATE = f"mutation($input: CreateUserInput!) {{ createUser(input: $input) {{ {USER} {ERRORS} }} }}"
UPDATE = f"mutation($input: UpdateUserInput!) {{ updateUser(input: $input) {{ {USER} {ERRORS} }} }}"
DEACTIVATE = ("mutation($input: DeactivateUserInput!) "
              f"{{ deactivateUser(input: $input) {{ {USER} {ERRORS} }} }}")
REACTIVATE = f"mutation($id: ID!) {{ reactivateUser(userId: $id) {{ {USER} {ERRORS} }} }}"
UNLOCK = f"mutation($id: ID!) {{ unlockUser(userId: $id) {{ {USER} {ERRORS} }} }}"
RESET = ("mutation($input: ResetUserPasswordInput!) "
         f"{{ resetUserPassword(input: $input) {{ {USER} {ERRORS} }} }}")
CHANGE = ("mutation($input: ChangePasswordInput!) "
          f"{{ changePassword(input: $input) {{ {USER} {ERRORS} }} }}")
TRAIL = """query($id: ID) { auditTrail(first: 20, entityId: $id) { edges { node {
    action reason actor { username } changes { field before after } } } } }"""
TEMPORARY = "temporary-Pass-1"


def unique(prefix: str = "u") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def create(client: Client, *, roles: list[str] | None = None, **fields: Any) -> dict:
    """A new account made by the demo admin; its payload's user."""
    name = fields.pop("username", None) or unique()
    answer = (await client.call("admin", CREATE, input={
        "username": name, "displayName": f"Test {name}", "email": f"{name}@example.com",
        "roles": roles or ["SALES"], "password": TEMPORARY, **fields,
    }))["createUser"]
    assert answer["userErrors"] == [], answer
    return answer["user"]


async def sign_in(http: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await http.post("/auth/token", json={"username": username, "password": password})


async def token(http: httpx.AsyncClient, username: str, password: str) -> str:
    response = await sign_in(http, username, password)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


async def as_token(http: httpx.AsyncClient, tok: str, query: str, **variables: Any) -> dict:
    return await gql(http, query, variables or None, token=tok, expect_errors=True)


async def trail(client: Client, user_id: str) -> list[dict]:
    return [e["node"] for e in
            (await client.call("admin", TRAIL, id=user_id))["auditTrail"]["edges"]]
