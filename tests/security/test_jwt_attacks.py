"""Forged and mangled tokens: every one is refused with 401 and the same error code."""

import base64
import hashlib
import hmac
import json
import time

import httpx
import pytest

from tests.support.server import TEST_JWT_SECRET

# Any RSA public key will do: a server that let the token pick the algorithm would
# verify an HS256 signature made with this text as the secret.
PUBLIC_KEY_PEM = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n"
    "4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u\n"
    "+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyeh\n"
    "kd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ\n"
    "0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg\n"
    "cKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc\n"
    "mwIDAQAB\n"
    "-----END PUBLIC KEY-----\n"
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**overrides: object) -> dict:
    now = int(time.time())
    base = {"sub": "1", "username": "admin", "roles": ["ADMIN"], "cid": None, "iat": now,
            "exp": now + 600, "iss": "erp", "aud": "erp-api"}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not ...}


def token(payload: dict, *, alg: str = "HS256", kid: str | None = "k1",
          key: bytes = TEST_JWT_SECRET.encode(), signature: bytes | None = None) -> str:
    header = {"alg": alg, "typ": "at+jwt", **({"kid": kid} if kid is not None else {})}
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    if signature is None:
        signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


NOW = int(time.time())
ATTACKS = {
    "alg-none": token(claims(), alg="none", signature=b""),
    "alg-none-uppercase": token(claims(), alg="NONE", signature=b""),
    "rs256-with-garbage-signature": token(claims(), alg="RS256", signature=b"\x01" * 256),
    "hs256-signed-with-rsa-public-key": token(claims(), key=PUBLIC_KEY_PEM.encode()),
    "unknown-kid": token(claims(), kid="k9"),
    "missing-kid": token(claims(), kid=None),
    "kid-path-traversal": token(claims(), kid="../../../../dev/null", key=b""),
    "right-kid-wrong-secret": token(claims(), key=b"another-secret-" * 4),
    "expired": token(claims(iat=NOW - 7200, exp=NOW - 3600)),
    "future-iat": token(claims(iat=NOW + 3600, exp=NOW + 7200)),
    "future-nbf": token(claims(nbf=NOW + 3600)),
    "wrong-audience": token(claims(aud="another-api")),
    "audience-list": token(claims(aud=["another-api", "erp-api"])),
    "wrong-issuer": token(claims(iss="erp.evil")),
    "issuer-prefix": token(claims(iss="er")),
    "missing-exp": token(claims(exp=...)),
    "missing-aud": token(claims(aud=...)),
    "unknown-crit": token(claims()).replace(
        token(claims()).split(".")[0],
        b64(json.dumps({"alg": "HS256", "typ": "at+jwt", "kid": "k1", "crit": ["x"]}).encode()),
    ),
    "empty-signature": token(claims()).rsplit(".", 1)[0] + ".",
    "oversized-forgery": token(claims(pad="x" * 16_000), key=b"guess"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
async def test_forged_token_is_refused(api: httpx.AsyncClient, name: str) -> None:
    response = await api.post(
        "/graphql", json={"query": "{ viewer { username roles } }"},
        headers={"authorization": f"Bearer {ATTACKS[name]}"},
    )
    assert response.status_code == 401, response.text
    body = response.json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert "admin" not in response.text


async def test_a_genuine_token_built_the_same_way_is_accepted(api: httpx.AsyncClient) -> None:
    # The forging helper is right: with the real secret and claims the token works.
    response = await api.post(
        "/graphql", json={"query": "{ viewer { username } }"},
        headers={"authorization": f"Bearer {token(claims())}"},
    )
    assert response.json()["data"]["viewer"]["username"] == "admin"
