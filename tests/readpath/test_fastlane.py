"""The fast lane: a query answered on the compiled path before is answered again without
Strawberry's execution, with the same answer; anything it does not handle goes the full way."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from backend.readpath import run
from backend.schema.root import schema
from tests.readpath.paths import FORCE_RESOLVERS, post
from tests.support.client import Client
from tests.support.server import LiveServer

QUERY = """query FastLaneStatus($number: String!) { salesOrder(number: $number) {
  number status customer { code } lines { quantity } shipments { status } } }"""


@pytest.fixture
def executions(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The operations Strawberry executed (the full path) while the test ran."""
    seen: list[Any] = []
    full = schema.execute

    async def counted(*args: Any, **kwargs: Any) -> Any:
        seen.append(args[:1])
        return await full(*args, **kwargs)

    monkeypatch.setattr(schema, "execute", counted)
    return seen


async def _number(api: httpx.AsyncClient, token: str) -> str:
    _, body = await post(api, token, "{ salesOrders(first: 1) { edges { node { number } } } }",
                         None)
    return str(body["data"]["salesOrders"]["edges"][0]["node"]["number"])


@pytest.mark.parametrize("user", ["admin", "partner-a"])
async def test_a_known_compiled_query_skips_the_execution_and_answers_the_same(
    client: Client, api: httpx.AsyncClient, live_server: LiveServer,
    executions: list[Any], user: str,
) -> None:
    token = await client.token(user)
    number = await _number(api, token)
    # A document of its own per user, so that the first request surely takes the full path.
    query = QUERY.replace("FastLaneStatus", f"FastLaneStatus_{user.replace('-', '_')}")
    count = len(executions)
    _, full = await post(api, token, query, {"number": number})
    assert len(executions) == count + 1, "the first time, the full path"
    assert full["extensions"]["readPath"] == "compiled", full
    count = len(executions)
    _, fast = await post(api, token, query, {"number": number})
    assert len(executions) == count, "answered by the full path"
    assert fast["data"] == full["data"] and fast["data"]["salesOrder"]["number"] == number
    assert fast["extensions"]["readPath"] == "compiled"
    assert set(fast["extensions"]["cost"]) == set(full["extensions"]["cost"])
    assert fast["extensions"]["cost"]["requestedQueryCost"] == (
        full["extensions"]["cost"]["requestedQueryCost"])
    assert fast["extensions"]["cost"]["actualQueryCost"] == (
        full["extensions"]["cost"]["actualQueryCost"])
    # Same bytes of data as the resolvers, which the header still reaches.
    _, forced = await post(api, token, query, {"number": number}, FORCE_RESOLVERS)
    assert len(executions) == count + 1
    assert forced["data"] == fast["data"] and forced["extensions"]["readPath"] == "resolvers"


async def test_what_the_lane_does_not_handle_goes_the_full_way(
    client: Client, api: httpx.AsyncClient, live_server: LiveServer,
    executions: list[Any],
) -> None:
    token = await client.token("admin")
    number = await _number(api, token)
    query = QUERY.replace("FastLaneStatus", "FastLaneRefusals")
    await post(api, token, query, {"number": number})
    assert run.KNOWN.get(query, None, run.STAFF) is not None
    count = len(executions)
    # A variable that does not coerce: the full path's request error.
    status, body = await post(api, token, query, {"number": 7})
    assert len(executions) == count + 1 and body["errors"], body
    assert "data" not in body
    # A refused token: 401 with the code, as the full path answers it.
    response = await api.post("/graphql", json={"query": query, "variables": {"number": number}},
                              headers={"authorization": "Bearer not-a-token"})
    assert response.status_code == 401, response.text
    # Partner B asks for an order of another customer: the lane learns per scope kind,
    # and the wall answers null either way.
    token_b = await client.token("partner-b")
    for _ in range(2):
        _, other = await post(api, token_b, query, {"number": number})
        assert other["data"] == {"salesOrder": None}, other
