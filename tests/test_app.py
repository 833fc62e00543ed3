"""The HTTP shell around the API: probes, placeholder page, SPA serving, token endpoint input."""

import contextlib
from pathlib import Path

import httpx
import pytest

from backend.app import create_app
from backend.settings import Settings

SECRET = "app-test-" + "0123456789abcdef" * 3


@pytest.fixture
async def make_client(postgres_url, tmp_path):
    """Build an app on the bare test server; return an in-process client (lifespan included)."""
    async with contextlib.AsyncExitStack() as stack:

        async def make(
            database_url: str = postgres_url, frontend_dist: Path | None = None
        ) -> httpx.AsyncClient:
            settings = Settings(database_url=database_url, jwt_secret=SECRET, data_dir=tmp_path)
            app = create_app(settings, frontend_dist=frontend_dist or tmp_path / "no-dist")
            await stack.enter_async_context(app.router.lifespan_context(app))
            return await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://testserver"
                )
            )

        yield make


@pytest.fixture
def dist(tmp_path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><div id=app></div>")
    (dist / "assets" / "index-abc123.js").write_text("console.log('app')")
    return dist


async def test_healthz(make_client):
    response = await (await make_client()).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz(make_client):
    response = await (await make_client()).get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


async def test_readyz_without_database(make_client, tmp_path):
    client = await make_client(f"postgresql://nobody@/nowhere?host={tmp_path}/no-socket-here")
    response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert (await client.get("/healthz")).status_code == 200


async def test_placeholder_page(make_client):
    response = await (await make_client()).get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'href="/graphql"' in response.text


async def test_spa_index_and_assets(make_client, dist):
    client = await make_client(frontend_dist=dist)
    index = await client.get("/")
    assert index.status_code == 200
    assert "id=app" in index.text
    assert index.headers["cache-control"] == "no-cache"
    asset = await client.get("/assets/index-abc123.js")
    assert asset.status_code == 200
    assert "immutable" in asset.headers["cache-control"]


async def test_spa_client_side_routes_fall_back_to_index(make_client, dist):
    client = await make_client(frontend_dist=dist)
    response = await client.get("/orders/42")
    assert response.status_code == 200
    assert "id=app" in response.text


@pytest.mark.parametrize("path", ["/assets/missing.js", "/favicon.ico", "/auth/nothing-here"])
async def test_spa_missing_files_and_api_paths_stay_404(make_client, dist, path):
    client = await make_client(frontend_dist=dist)
    assert (await client.get(path)).status_code == 404


async def test_api_routes_win_over_the_spa(make_client, dist):
    client = await make_client(frontend_dist=dist)
    assert (await client.get("/healthz")).json() == {"status": "ok"}


async def test_a_wrong_method_on_an_api_route_stays_405_beside_the_spa(make_client, dist):
    client = await make_client(frontend_dist=dist)
    assert (await client.get("/auth/token")).status_code == 405


async def test_token_endpoint_rejects_malformed_json(make_client):
    client = await make_client()
    response = await client.post(
        "/auth/token", content=b"{", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


async def test_token_endpoint_rejects_oversized_body(make_client):
    client = await make_client()
    response = await client.post("/auth/token", content=b"x" * 100_000)
    assert response.status_code == 400
    assert "too large" in response.json()["message"]


async def test_unhandled_errors_answer_json_without_details(postgres_url, tmp_path):
    from starlette.routing import Route

    async def broken(request):
        raise RuntimeError("secret internals")

    settings = Settings(database_url=postgres_url, jwt_secret=SECRET, data_dir=tmp_path)
    app = create_app(settings, extra_routes=[Route("/broken", broken)])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.get("/broken")
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert "secret internals" not in response.text
