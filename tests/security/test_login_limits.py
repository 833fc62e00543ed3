"""Failed logins are limited per username and per client address."""

import httpx

from tests.support.client import DEMO_PASSWORD
from tests.support.server import AppClient


async def attempt(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post("/auth/token", json={"username": username, "password": password})


async def test_guessing_one_users_password_is_stopped(app_client: AppClient) -> None:
    client = await app_client(login_failures_per_user=3, login_failures_per_address=100)
    for _ in range(3):
        wrong = await attempt(client, "sales", "guess")
        assert wrong.status_code == 401
    blocked = await attempt(client, "SALES", DEMO_PASSWORD)
    assert blocked.status_code == 429
    assert blocked.json()["error"] == "too_many_attempts"
    assert int(blocked.headers["retry-after"]) >= 1
    # Other users are not affected, and successes cost nothing.
    for _ in range(5):
        ok = await attempt(client, "manager", DEMO_PASSWORD)
        assert ok.status_code == 200


async def test_spraying_many_users_from_one_address_is_stopped(app_client: AppClient) -> None:
    client = await app_client(login_failures_per_user=100, login_failures_per_address=4)
    for i in range(4):
        wrong = await attempt(client, f"user{i}", "x")
        assert wrong.status_code == 401
    blocked = await attempt(client, "admin", DEMO_PASSWORD)
    assert blocked.status_code == 429
