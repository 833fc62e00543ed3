"""HTTP-level rules of /graphql: GET reads only, CSRF, body size, batches, request ids, masking."""

import logging

import httpx

from backend.auth.tokens import issue_token
from backend.resolvers.request_db import RequestConnection
from backend.settings import Environment, Settings
from tests.support.client import codes, gql, login
from tests.support.server import AppClient


async def test_get_runs_queries_but_never_mutations(api: httpx.AsyncClient) -> None:
    token = await login(api, "admin")
    headers = {"authorization": f"Bearer {token}", "accept": "application/json"}
    query = await api.get("/graphql", params={"query": "{ viewer { username } }"}, headers=headers)
    assert query.status_code == 200
    assert query.json()["data"]["viewer"]["username"] == "admin"

    mutation = 'mutation { cancelSalesOrder(orderId: "x", reason: "y") { userErrors { code } } }'
    refused = await api.get("/graphql", params={"query": mutation}, headers=headers)
    assert refused.status_code in (400, 405)
    assert "errors" in refused.json() and "data" not in refused.json()


async def test_multipart_needs_a_preflight_forcing_header(api: httpx.AsyncClient) -> None:
    token = await login(api, "admin")
    form = {
        "operations": '{"query": "{ viewer { username } }", "variables": {}}',
        "map": "{}",
    }
    headers = {"authorization": f"Bearer {token}"}
    refused = await api.post("/graphql", data=form, files={"0": ("a.txt", b"x")}, headers=headers)
    assert refused.status_code == 400
    assert "preflight" in refused.json()["errors"][0]["message"]

    allowed = await api.post(
        "/graphql", data=form, files={"0": ("a.txt", b"x")},
        headers={**headers, "apollo-require-preflight": "true"},
    )
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()["data"]["viewer"]["username"] == "admin"


async def test_form_and_text_bodies_are_refused(api: httpx.AsyncClient) -> None:
    for content_type in ("application/x-www-form-urlencoded", "text/plain"):
        response = await api.post(
            "/graphql", content=b'{"query": "{ viewer { username } }"}',
            headers={"content-type": content_type},
        )
        assert response.status_code == 400, content_type


async def test_large_bodies_are_refused_before_parsing(api: httpx.AsyncClient) -> None:
    query = '{ salesOrder(number: "' + "x" * 1_000_000 + '") { number } }'
    response = await api.post("/graphql", json={"query": query})
    assert response.status_code == 413
    assert codes(response.json()) == ["PAYLOAD_TOO_LARGE"]


async def test_batches_and_invalid_utf8_get_clear_errors(api: httpx.AsyncClient) -> None:
    batch = await api.post("/graphql", json=[{"query": "{ viewer { username } }"}] * 1000)
    assert batch.status_code == 400
    assert batch.json()["errors"][0]["message"]
    broken = await api.post(
        "/graphql", content=b'{"query": "{ viewer \xff\xfe }"}',
        headers={"content-type": "application/json"},
    )
    assert broken.status_code == 400
    assert codes(broken.json()) == ["BAD_REQUEST"]


async def test_request_id_is_kept_or_made(api: httpx.AsyncClient) -> None:
    given = await api.get("/healthz", headers={"x-request-id": "trace-123"})
    assert given.headers["x-request-id"] == "trace-123"
    made = await api.get("/healthz", headers={"x-request-id": "bad id; forged=1"})
    assert made.headers["x-request-id"] != "bad id; forged=1"
    assert len(made.headers["x-request-id"]) == 32


async def test_field_suggestions_only_outside_production(app_client: AppClient) -> None:
    query = "{ viewer { usernam } }"
    development = await app_client()
    body = await gql(development, query, expect_errors=True)
    assert "Did you mean" in body["errors"][0]["message"]

    production = await app_client(env=Environment.PRODUCTION)
    body = await gql(production, query, expect_errors=True)
    assert "Did you mean" not in body["errors"][0]["message"]
    assert "usernam" in body["errors"][0]["message"]
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_unexpected_errors_are_masked_and_logged_under_the_request_id(
    app_client: AppClient, settings: Settings, caplog, monkeypatch
) -> None:
    # A resolver failing in a way no client should see.
    async def broken(self, stmt):
        raise RuntimeError("secret internals of /nowhere")

    monkeypatch.setattr(RequestConnection, "rows", broken)
    client = await app_client()
    token, _ = issue_token(user_id=1, username="admin", roles=["ADMIN"], customer_id=None,
                           settings=settings, secret=settings.jwt_secret)
    with caplog.at_level(logging.ERROR, logger="backend.graphql"):
        response = await client.post(
            "/graphql", json={"query": "{ products(first: 1) { totalCount } }"},
            headers={"authorization": f"Bearer {token}", "x-request-id": "req-masked-1"},
        )
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-masked-1"}
    assert "req-masked-1" in error["message"]
    assert "nowhere" not in response.text and "Traceback" not in response.text
    logged = [r for r in caplog.records if "req-masked-1" in r.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_a_database_out_of_reach_is_a_retryable_503(
    app_client: AppClient, settings: Settings, tmp_path
) -> None:
    # A database that is not there: reads and writes are SERVICE_UNAVAILABLE, never masked.
    client = await app_client(database_url=f"postgresql://nobody@/nowhere?host={tmp_path}")
    token, _ = issue_token(user_id=2, username="sales", roles=["SALES"], customer_id=None,
                           settings=settings, secret=settings.jwt_secret)
    headers = {"authorization": f"Bearer {token}"}
    for query in ("{ products(first: 1) { totalCount } }",
                  'mutation { submitSalesOrder(orderId: "U2FsZXNPcmRlcjox") { userErrors '
                  "{ code } } }"):
        response = await client.post("/graphql", json={"query": query}, headers=headers)
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "1"
        error = response.json()["errors"][0]
        assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryAfterSeconds": 1}
        assert "nowhere" not in response.text and "Traceback" not in response.text


async def test_unhandled_http_errors_name_the_request(
    settings: Settings, demo_data: object, caplog
) -> None:
    from starlette.routing import Route

    from backend.app import create_app

    async def broken(request):
        raise RuntimeError("secret internals")

    app = create_app(settings, extra_routes=[Route("/broken", broken)])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=transport, base_url="http://testserver"
    ) as client:
        with caplog.at_level(logging.ERROR, logger="backend.app"):
            response = await client.get("/broken", headers={"x-request-id": "req-http-1"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "req-http-1"
    assert "req-http-1" in response.json()["message"]
    assert "secret internals" not in response.text
    assert any("req-http-1" in r.getMessage() and r.exc_info for r in caplog.records)
