"""Document limits and query cost: refused before execution, with a stable code and the figures."""

import httpx

from tests.support.client import codes, gql, login
from tests.support.server import AppClient

NESTED_ORDERS = """{ customers(first: 100) { edges { node { orders(first: 100) { edges { node {
    lines { product { customers: sku } } } } } } } } }"""


async def test_normal_answers_carry_their_cost(api: httpx.AsyncClient) -> None:
    body = await gql(api, "{ products(first: 5) { edges { node { sku } } } }",
                     token=await login(api, "partner-a"))
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 1 + 5 * 2
    assert 0 < cost["actualQueryCost"] <= cost["requestedQueryCost"]
    status = cost["throttleStatus"]
    assert status["currentlyAvailable"] <= status["maximumAvailable"]
    assert status["restoreRate"] > 0


async def test_an_operation_over_the_cost_limit_is_refused_before_it_runs(
    app_client: AppClient,
) -> None:
    client = await app_client(max_query_cost=5000)
    body = await gql(client, NESTED_ORDERS, token=await login(client, "admin"), expect_errors=True)
    assert codes(body) == ["MAX_COST_EXCEEDED"]
    assert body["data"] is None
    # customers: 1 + 100 x (edge 1 + node 1 + orders (1 + 100 x (edge, node, lines, product)))
    assert body["errors"][0]["extensions"]["cost"]["requestedQueryCost"] == 1 + 100 * (
        2 + 1 + 100 * 4
    )


async def test_page_sizes_in_variables_and_fragments_count(app_client: AppClient) -> None:
    client = await app_client(max_query_cost=1000)
    token = await login(client, "admin")
    query = """query Q($n: Int!) { salesOrders(first: $n) { edges { node { ...Lines } } } }
               fragment Lines on SalesOrder { lines { product { sku } } customer { name } }"""
    small = await gql(client, query, {"n": 10}, token=token)
    assert small["extensions"]["cost"]["requestedQueryCost"] == 1 + 10 * (2 + 2 + 1)
    big = await gql(client, query, {"n": 1000}, token=token, expect_errors=True)
    assert codes(big) == ["MAX_COST_EXCEEDED"]


async def test_unused_points_come_back(app_client: AppClient) -> None:
    client = await app_client(cost_budget=1000, cost_restore_rate=0.01, max_query_cost=400)
    token = await login(client, "partner-a")
    # 1 + 100 x (edge, node, customer) = 301 asked; partner-a has fewer than 100 orders.
    query = "{ salesOrders(first: 100) { edges { node { customer { code } } } } }"
    spent = 0
    for _ in range(3):
        cost = (await gql(client, query, token=token))["extensions"]["cost"]
        assert cost["requestedQueryCost"] == 301
        assert cost["actualQueryCost"] < 301
        spent += cost["actualQueryCost"]
    # Charged what the answers cost, not what was asked: the unused points came back,
    # however many orders other tests gave partner-a.
    assert cost["throttleStatus"]["currentlyAvailable"] >= 1000 - spent > 1000 - 3 * 301


async def test_a_spent_budget_is_throttled_with_the_wait(app_client: AppClient) -> None:
    client = await app_client(cost_budget=80, cost_restore_rate=0.5, max_query_cost=80)
    token = await login(client, "partner-a")
    # 25 x (viewer, customer): 50 points asked and 50 objects returned.
    query = "{ " + " ".join(f"v{i}: viewer {{ customer {{ code }} }}" for i in range(25)) + " }"
    first = await gql(client, query, token=token)
    assert first["extensions"]["cost"]["actualQueryCost"] == 50
    response = await client.post(
        "/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"}
    )
    body = response.json()
    assert codes(body) == ["THROTTLED"] and body["data"] is None
    error = body["errors"][0]["extensions"]
    assert 30 < error["retryAfterSeconds"] <= 40  # 20 more points at 0.5 per second
    assert error["cost"]["requestedQueryCost"] == 50
    assert error["cost"]["throttleStatus"]["currentlyAvailable"] == 30
    assert int(response.headers["retry-after"]) >= 1
    # Another principal has a budget of its own.
    await gql(client, query, token=await login(client, "partner-b"))


async def test_depth_aliases_and_tokens_are_limited(api: httpx.AsyncClient) -> None:
    token = await login(api, "admin")
    deep = "{ viewer { customer { " + "orders(first: 1) { edges { node { customer { " * 4 \
        + "code" + " } } } }" * 4 + " } } }"
    aliases = "{ " + " ".join(f"a{i}: viewer {{ username }}" for i in range(40)) + " }"
    tokens = "{ viewer { " + " ".join(["id"] * 4000) + " } }"
    size = "{ viewer { username } }" + " " * 40_000
    aliased_fragment = "fragment F on User { " + " ".join(f"a{i}: id" for i in range(10)) \
        + " } { viewer { ...F } a: viewer { ...F } b: viewer { ...F } }"
    for document, code in (
        (deep, "MAX_DEPTH_EXCEEDED"),
        (aliases, "MAX_ALIASES_EXCEEDED"),
        (aliased_fragment, "MAX_ALIASES_EXCEEDED"),  # 2 + 3 spreads x 10
        (tokens, "MAX_TOKENS_EXCEEDED"),
        (size, "MAX_SIZE_EXCEEDED"),
    ):
        body = await gql(api, document, token=token, expect_errors=True)
        assert codes(body) == [code], body
        assert body.get("data") is None
