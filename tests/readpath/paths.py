"""Sending one operation through both read paths and comparing what clients get."""

from __future__ import annotations

import json
from typing import Any

import httpx

FORCE_RESOLVERS = {"x-read-path": "resolvers"}


async def post(http: httpx.AsyncClient, token: str | None, query: str,
               variables: dict[str, Any] | None, headers: dict[str, str] | None = None
               ) -> tuple[int, dict[str, Any]]:
    sent = {"authorization": f"Bearer {token}"} if token else {}
    response = await http.post("/graphql", json={"query": query, "variables": variables},
                               headers={**sent, **(headers or {})})
    return response.status_code, response.json()


def visible(body: dict[str, Any]) -> dict[str, Any]:
    """What a client reads: data and errors (messages, codes, paths), not the figures (the
    budget left changes from one request to the next)."""
    shown = {key: value for key, value in body.items() if key != "extensions"}
    if "errors" in shown:
        shown["errors"] = [
            {**e, "extensions": {k: v for k, v in e["extensions"].items() if k != "cost"}}
            if isinstance(e.get("extensions"), dict) else e for e in shown["errors"]]
    return shown


async def both(http: httpx.AsyncClient, token: str | None, query: str,
               variables: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """The path that answered by default, and the answer; fails unless the resolver path
    answers the same bytes of data and errors, in the same order."""
    status, default = await post(http, token, query, variables)
    forced_status, forced = await post(http, token, query, variables, FORCE_RESOLVERS)
    assert forced.get("extensions", {}).get("readPath") in ("resolvers", None), forced
    left, right = visible(default), visible(forced)
    assert (status, json.dumps(left)) == (forced_status, json.dumps(right)), (
        f"the read paths differ for {query!r} {variables}:\n"
        f"default ({default.get('extensions', {}).get('readPath')}): {json.dumps(left)[:3000]}\n"
        f"resolvers: {json.dumps(right)[:3000]}"
    )
    return default.get("extensions", {}).get("readPath", ""), default
