"""GraphQL over HTTP, case by case: media types, request errors, field errors, methods."""

import httpx

from tests.support.client import login

NEW = "application/graphql-response+json"


async def _post(api: httpx.AsyncClient, body: object, accept: str = NEW, **headers: str
                ) -> httpx.Response:
    return await api.post("/graphql", json=body, headers={"accept": accept, **headers})


async def test_request_errors_are_400_without_data_for_the_new_media_type(
    api: httpx.AsyncClient,
) -> None:
    token = await login(api, "sales")
    auth = {"authorization": f"Bearer {token}"}
    requests = {
        "parse": {"query": "{ viewer { username }"},
        "validation": {"query": "{ viewer { nosuchfield } }"},
        "coercion": {"query": "query($n: Int!) { products(first: $n) { totalCount } }",
                     "variables": {"n": "many"}},
        "missing variable": {"query": "query($n: Int!) { products(first: $n) { totalCount } }"},
        "no operation": {"query": "fragment F on Query { viewer { username } }"},
        "ambiguous": {"query": "query A { viewer { username } } query B { viewer { username } }"},
        "unknown operation": {"query": "query A { viewer { username } }", "operationName": "B"},
        "query not a string": {"query": 42},
        "operationName not a string": {"query": "{ viewer { username } }", "operationName": 7},
        "not an object": ["not", "an", "operation"],
    }
    for name, body in requests.items():
        response = await _post(api, body, **auth)
        assert response.status_code == 400, (name, response.text)
        assert response.headers["content-type"].startswith(NEW), name
        answer = response.json()
        assert answer["errors"] and "data" not in answer, name
        assert "Traceback" not in response.text and "Error(" not in response.text, name


async def test_legacy_json_clients_get_200_for_invalid_documents(api: httpx.AsyncClient) -> None:
    for query in ("{ viewer { username }", "{ viewer { nosuchfield } }"):
        response = await _post(api, {"query": query}, accept="application/json")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert "data" not in response.json() and response.json()["errors"]
    malformed = await api.post("/graphql", content=b"{not json",
                               headers={"content-type": "application/json"})
    assert malformed.status_code == 400


async def test_field_errors_keep_200_and_the_partial_data(api: httpx.AsyncClient) -> None:
    token = await login(api, "sales")
    response = await _post(api, {"query": '{ viewer { username } node(id: "nonsense") { id } }'},
                           authorization=f"Bearer {token}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(NEW)
    answer = response.json()
    assert answer["data"]["viewer"] == {"username": "sales"}
    assert answer["errors"][0]["path"] == ["node"]


async def test_mutations_need_post_and_posts_need_a_content_type(api: httpx.AsyncClient) -> None:
    mutation = 'mutation { cancelSalesOrder(orderId: "x", reason: "y") { userErrors { code } } }'
    refused = await api.get("/graphql", params={"query": mutation}, headers={"accept": NEW})
    assert refused.status_code == 405
    assert refused.headers["allow"] == "POST"
    assert "data" not in refused.json() and refused.json()["errors"]
    bare = await api.post("/graphql", content=b'{"query": "{ viewer { username } }"}')
    assert 400 <= bare.status_code < 500


async def test_an_oversized_document_is_still_refused_by_the_token_limit(
    api: httpx.AsyncClient,
) -> None:
    for query, code in [("query A { " + "a " * 4000 + "} query B { a }", "MAX_TOKENS_EXCEEDED"),
                        ("query A { " + "__typename " * 5000 + "}", "MAX_SIZE_EXCEEDED")]:
        response = await _post(api, {"query": query})
        assert response.status_code == 400, response.text[:300]
        assert response.json()["errors"][0]["extensions"]["code"] == code
        assert "data" not in response.json()
