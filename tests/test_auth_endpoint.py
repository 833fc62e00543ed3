import pytest

from backend.auth.tokens import decode_token
from tests.support.client import DEMO_PASSWORD

pytestmark = pytest.mark.usefixtures("demo_data")

INVALID_CREDENTIALS = {
    "error": "invalid_credentials",
    "message": "The username or password is incorrect.",
}


async def test_admin_gets_a_token(http, settings):
    response = await http.post("/auth/token", json={"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == settings.token_ttl_seconds
    claims = decode_token(body["access_token"], settings=settings, secret=settings.jwt_secret)
    assert claims.username == "admin"
    assert claims.roles == frozenset({"ADMIN"})
    assert claims.customer_id is None


async def test_partner_token_is_bound_to_its_customer(http, settings):
    response = await http.post(
        "/auth/token", json={"username": "partner-a", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    claims = decode_token(
        response.json()["access_token"], settings=settings, secret=settings.jwt_secret
    )
    assert claims.roles == frozenset({"PARTNER"})
    assert claims.customer_id is not None


async def test_wrong_password(http):
    response = await http.post("/auth/token", json={"username": "admin", "password": "wrong"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == INVALID_CREDENTIALS


async def test_unknown_user_gets_the_same_answer(http):
    response = await http.post(
        "/auth/token", json={"username": "nobody", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"username": "admin"}',
        b'{"password": "demo1234"}',
        b'{"username": 1, "password": "demo1234"}',
        b'{"username": "", "password": ""}',
    ],
)
async def test_malformed_request(http, body):
    response = await http.post(
        "/auth/token", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert response.json()["message"]


async def test_only_post_is_allowed(http):
    response = await http.get("/auth/token")
    assert response.status_code == 405
