"""Bad requests get a clear error with a code, never a traceback, and the server stays up."""

import httpx
import pytest

from backend.api.ids import to_global_id
from tests.support.client import Client, codes


def assert_no_internals(body: dict) -> None:
    text = str(body)
    for leak in ("Traceback", "sqlalchemy", "asyncpg", 'File "'):
        assert leak not in text


async def test_malformed_json_is_a_400_with_a_code(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/graphql", content=b'{"query": "{ viewer', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["BAD_REQUEST"]


async def test_wrong_content_type_is_refused(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/graphql", content=b"query=x", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["BAD_REQUEST"]


async def test_unparseable_query(client: Client) -> None:
    body = await client.body("sales", "{ salesOrders(first: 5) { edges ")
    assert codes(body) == ["GRAPHQL_PARSE_FAILED"]
    assert "Syntax Error" in body["errors"][0]["message"]


async def test_unknown_field(client: Client) -> None:
    body = await client.body("sales", "{ salesOrders { nope } }")
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "nope" in body["errors"][0]["message"]


async def test_variable_of_the_wrong_type(client: Client) -> None:
    body = await client.body(
        "sales", "query($n: Int) { salesOrders(first: $n) { totalCount } }", {"n": "fifty"}
    )
    assert codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "bad_id",
    ["garbage", "", "!!!", "U2FsZXNPcmRlcjphYmM=", to_global_id("Lot", 1)[:-2] + "=="],
)
async def test_garbage_ids_are_bad_user_input(client: Client, bad_id: str) -> None:
    body = await client.body("sales", "query($id: ID!) { node(id: $id) { id } }", {"id": bad_id})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert_no_internals(body)


async def test_id_of_the_wrong_type(client: Client) -> None:
    body = await client.body(
        "sales",
        "query($c: ID!) { salesOrders(filter: {customerId: $c}) { totalCount } }",
        {"c": to_global_id("Lot", 1)},
    )
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "Customer" in body["errors"][0]["message"]


async def test_unknown_but_well_formed_id_is_null(client: Client) -> None:
    data = await client.call(
        "sales", "query($id: ID!) { node(id: $id) { id } }", {"id": to_global_id("SalesOrder", 10**12)}
    )
    assert data["node"] is None


@pytest.mark.parametrize("first", [101, 1000, -1])
async def test_page_size_out_of_range(client: Client, first: int) -> None:
    body = await client.body(
        "sales", "query($f: Int) { salesOrders(first: $f) { totalCount } }", {"f": first}
    )
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "first" in body["errors"][0]["message"]


async def test_garbage_cursor(client: Client) -> None:
    body = await client.body(
        "sales", '{ salesOrders(first: 5, after: "not-a-cursor") { totalCount } }'
    )
    assert codes(body) == ["BAD_USER_INPUT"]


async def test_server_still_answers_after_bad_requests(
    api: httpx.AsyncClient, client: Client
) -> None:
    for payload in (b"\xff\xfe", b"[]", b'{"query": 5}', b"{" * 10_000):
        response = await api.post(
            "/graphql", content=payload, headers={"content-type": "application/json"}
        )
        assert 400 <= response.status_code < 500
        assert_no_internals(response.json())
    assert (await api.get("/healthz")).status_code == 200
    data = await client.call("sales", "{ viewer { username } }")
    assert data["viewer"]["username"] == "sales"
