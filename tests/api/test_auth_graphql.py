"""Authentication and roles on the graph: bad tokens are refused, roles gate fields."""

import time

import httpx
import jwt
import pytest

from tests.support.client import Client, codes, gql
from tests.support.server import TEST_JWT_SECRET


def forged(**overrides: object) -> str:
    now = int(time.time())
    claims = {
        "sub": "1",
        "username": "admin",
        "roles": ["ADMIN"],
        "cid": None,
        "iat": now,
        "exp": now + 600,
        "iss": "erp",
        "aud": "erp-api",
    }
    claims.update(overrides)
    return jwt.encode(
        claims, TEST_JWT_SECRET, algorithm="HS256", headers={"kid": "k1", "typ": "at+jwt"}
    )


def alg_none_token() -> str:
    now = int(time.time())
    return jwt.encode(
        {
            "sub": "1",
            "username": "admin",
            "roles": ["ADMIN"],
            "iat": now,
            "exp": now + 600,
            "iss": "erp",
            "aud": "erp-api",
        },
        key="",
        algorithm="none",
        headers={"kid": "k1", "typ": "at+jwt"},
    )


async def test_no_token_is_unauthenticated(api: httpx.AsyncClient) -> None:
    body = await gql(api, "{ salesOrders { totalCount } }", expect_errors=True)
    assert codes(body) == ["UNAUTHENTICATED"]
    assert (await gql(api, "{ viewer { username } }"))["data"]["viewer"] is None


@pytest.mark.parametrize(
    "token",
    [
        forged(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200),
        forged(aud="someone-else"),
        forged(iss="someone-else"),
        forged(iat=int(time.time()) + 3600, exp=int(time.time()) + 7200),
        alg_none_token(),
        "not.a.token",
    ],
    ids=["expired", "wrong-audience", "wrong-issuer", "future-iat", "alg-none", "garbage"],
)
async def test_bad_tokens_are_refused(api: httpx.AsyncClient, token: str) -> None:
    response = await api.post(
        "/graphql",
        json={"query": "{ viewer { username } }"},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 401
    assert codes(response.json()) == ["UNAUTHENTICATED"]


async def test_tampered_token_is_refused(api: httpx.AsyncClient, client: Client) -> None:
    token = await client.token("partner-a")
    header, payload, signature = token.split(".")
    tampered = ".".join(
        [header, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")]
    )
    response = await api.post(
        "/graphql",
        json={"query": "{ viewer { username } }"},
        headers={"authorization": f"Bearer {tampered}"},
    )
    assert response.status_code == 401


async def test_viewer_shows_roles_and_partner_binding(client: Client) -> None:
    data = await client.call("partner-a", "{ viewer { username displayName roles customer { code } } }")
    viewer = data["viewer"]
    assert viewer["roles"] == ["PARTNER"]
    assert viewer["customer"]["code"] == "DIST-A"


@pytest.mark.parametrize("field", ["journal { totalCount }", "trialBalance { account }"])
async def test_finance_fields_need_the_finance_role(client: Client, field: str) -> None:
    sales = await client.body("sales", f"{{ {field} }}")
    assert codes(sales) == ["FORBIDDEN"]
    await client.call("finance", f"{{ {field} }}")


async def test_a_mutation_with_a_malformed_id_is_invalid_at_its_field(client: Client) -> None:
    data = await client.call(
        "sales",
        'mutation { cancelSalesOrder(orderId: "x", reason: "y") { userErrors { code field } } }',
    )
    assert data["cancelSalesOrder"]["userErrors"] == [
        {"code": "INVALID", "field": ["orderId"]}
    ]
