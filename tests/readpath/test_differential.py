"""Both read paths give clients the same JSON: the suite's and the web app's query documents,
and queries generated from the compilable part of the schema, as staff and as each partner."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    OperationDefinitionNode,
    get_operation_ast,
    parse,
    print_type,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import queries

from backend.readpath.declarations import type_map
from backend.readpath.plan import NotCompilable, plan_operation
from backend.readpath.roots import ROOTS
from backend.schema.root import schema
from tests.readpath.documents import app_documents, suite_documents, variables_for
from tests.readpath.paths import FORCE_RESOLVERS, both, visible
from tests.support.client import DEMO_PASSWORD, Client, login
from tests.support.ids import gid
from tests.support.server import AppClient, LiveServer

STAFF, PARTNERS = ("admin", "sales", "qa"), ("partner-a", "partner-b")
EXAMPLES = 15  # generated queries per user: the suite stays quick


async def _known(client: Client) -> dict[str, Any]:
    data = await client.call("admin", "{ salesOrders(first: 1) { edges { node { number } } } }")
    number = data["salesOrders"]["edges"][0]["node"]["number"]
    return {"number": number, "String": number, "Int": 5, "n": 5, "first": 5,
            "ID": gid("SalesOrder", 1), "Boolean": True}


def _compiles(text: str, staff: bool) -> bool:
    document = parse(text)
    operation = get_operation_ast(document)
    assert isinstance(operation, OperationDefinitionNode)
    try:
        plan_operation(schema._schema, document, operation, staff=staff)
    except NotCompilable:
        return False
    return True


@pytest.mark.usefixtures("scale_data")
@pytest.mark.parametrize("user", [STAFF[0], *PARTNERS])
async def test_documents_of_the_suite_and_the_app_answer_alike(
    client: Client, app_client: AppClient, user: str
) -> None:
    known = await _known(client)
    # Budgets of its own, lifted: both paths must answer, not the throttle.
    api = await app_client(cost_budget=10**9, cost_restore_rate=10**9)
    token = await login(api, user)
    documents = suite_documents() + app_documents()
    assert len(documents) > 100, "the collection found the documents"
    # The others run on the resolvers whatever the header says: nothing to compare.
    compilable = [d for d in documents if _compiles(d, staff=user in STAFF)]
    paths: Counter[str] = Counter()
    for text in compilable:
        variables = variables_for(text, known)
        if variables is None:
            continue
        path, _ = await both(api, token, text, variables)
        paths[path] += 1
    print(f"{user}: {dict(paths)} of {len(compilable)} compilable of {len(documents)} documents")
    # Some answer on the resolvers all the same: an argument refused, a row the viewer may
    # not see under a non-null field.
    assert paths["compiled"] >= 15, paths


# ---------------------------------------------------------------- generated queries


def _compilable_sdl(staff: bool) -> str:
    """The schema's compilable part: declared fields only (for partners, none that is staff
    only), under the compilable root fields."""
    graphql_schema = schema._schema
    types: dict[str, str] = {}
    enums: set[str] = set()

    def named(type_: Any) -> Any:
        while isinstance(type_, GraphQLNonNull | GraphQLList):
            type_ = type_.of_type
        return type_

    def add(name: str) -> None:
        if name in types:
            return
        types[name] = ""
        object_type = graphql_schema.get_type(name)
        assert isinstance(object_type, GraphQLObjectType)
        declared = type_map(name)
        lines = []
        for field_name, field in object_type.fields.items():
            inner = named(field.type)
            if declared is None and name not in ("PageInfo", "SalesOrderEdge",
                                                 "SalesOrderConnection"):
                continue
            if declared is not None and field_name not in declared.fields:
                continue
            definition = field.extensions.get("strawberry-definition")
            if not staff and getattr(definition, "extensions", None):
                continue
            if isinstance(inner, GraphQLEnumType):
                enums.add(inner.name)
            elif isinstance(inner, GraphQLObjectType):
                add(inner.name)
            lines.append(f"  {field_name}: {field.type}")
        body = "\n".join(lines)
        types[name] = f"type {name} {{\n{body}\n}}"

    add("SalesOrderConnection")
    add("SalesOrder")
    assert set(ROOTS) == {"salesOrder", "salesOrders"}
    enums.add("OrderStatus")
    parts = [*types.values(), *(print_type(graphql_schema.get_type(e)) for e in enums)]
    parts += [f"scalar {name}" for name in ("Decimal", "DateTime", "Date")]
    parts.append("input SalesOrderFilter { status: [OrderStatus!] search: String }")
    parts.append("type Query {\n  salesOrder(number: String!): SalesOrder\n"
                 "  salesOrders(first: Int, after: String, filter: SalesOrderFilter): "
                 "SalesOrderConnection!\n}")
    return "\n\n".join(parts)


@pytest.fixture(scope="module")
def tokens(live_server: LiveServer, scale_data: object) -> dict[str, str]:
    found = {}
    with httpx.Client(base_url=live_server.base_url) as http:
        for user in (*STAFF, *PARTNERS):
            response = http.post("/auth/token", json={"username": user,
                                                     "password": DEMO_PASSWORD})
            found[user] = response.json()["access_token"]
    return found


def _post(http: httpx.Client, token: str, query: str, forced: bool) -> tuple[int, dict]:
    headers = {"authorization": f"Bearer {token}", **(FORCE_RESOLVERS if forced else {})}
    response = http.post("/graphql", json={"query": query}, headers=headers)
    return response.status_code, response.json()


def _generated(staff: bool) -> st.SearchStrategy[str]:
    return queries(_compilable_sdl(staff))


@pytest.mark.parametrize(("user", "strategy"), [
    *((u, _generated(True)) for u in STAFF[:1]), *((u, _generated(False)) for u in PARTNERS)])
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_generated_walks_compile_and_answer_alike(
    live_server: LiveServer, tokens: dict[str, str], user: str,
    strategy: st.SearchStrategy[str], data: st.DataObject,
) -> None:
    query = data.draw(strategy)
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        status, default = _post(http, tokens[user], query, forced=False)
        forced_status, forced = _post(http, tokens[user], query, forced=True)
    assert (status, json.dumps(visible(default))) == (forced_status, json.dumps(visible(forced))), (
        query, default, forced)
    if not default.get("errors"):
        # Nothing in this part of the schema needs the resolvers unless an argument is refused.
        assert default["extensions"]["readPath"] == "compiled", query
