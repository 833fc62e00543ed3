import base64
import json
import time

import jwt
import pytest

from backend.auth.tokens import Claims, InvalidToken, decode_token, issue_token, keyring
from backend.settings import Settings

SECRET = "current-" + "s3cr3t" * 10  # long enough for HS512 too
OLD_SECRET = "previous-" + "0ld" * 12


@pytest.fixture
def settings(monkeypatch) -> Settings:
    monkeypatch.delenv("ERP_JWT_PREVIOUS_KEYS", raising=False)
    return Settings(jwt_secret=SECRET, jwt_kid="k2", jwt_previous_keys=None)


def _issue(settings, secret=SECRET, **overrides):
    fields = dict(user_id=7, username="sales", roles=["SALES"], customer_id=None)
    fields.update(overrides)
    return issue_token(**fields, settings=settings, secret=secret)


def _sign(payload, *, secret=SECRET, kid="k2", typ="at+jwt", algorithm="HS256"):
    return jwt.encode(payload, secret, algorithm=algorithm, headers={"kid": kid, "typ": typ})


def _claims(settings, **overrides):
    now = int(time.time())
    payload = {
        "sub": "7",
        "username": "sales",
        "roles": ["SALES"],
        "cid": None,
        "iat": now,
        "exp": now + 600,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "jti": "abc",
    }
    payload.update(overrides)
    return {k: v for k, v in payload.items() if v is not ...}


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_round_trip(settings):
    token, expires_in = _issue(settings, roles=["PARTNER"], customer_id=42, username="partner-a")
    assert expires_in == settings.token_ttl_seconds
    claims = decode_token(token, settings=settings, secret=SECRET)
    assert isinstance(claims, Claims)
    assert claims.user_id == 7
    assert claims.username == "partner-a"
    assert claims.roles == frozenset({"PARTNER"})
    assert claims.customer_id == 42
    assert abs(claims.expires_at.timestamp() - (time.time() + expires_in)) < 5
    assert claims.token_id


def test_header_and_claims_on_the_wire(settings):
    token, _ = _issue(settings)
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "HS256", "kid": "k2", "typ": "at+jwt"}
    payload = jwt.decode(token, options={"verify_signature": False})
    assert set(payload) == {"sub", "username", "roles", "cid", "iat", "exp", "iss", "aud", "jti",
                            "ver"}
    assert payload["sub"] == "7" and payload["cid"] is None
    # The account's session version: raised on deactivation and password reset, it ends
    # the tokens issued before (backend.auth.sessions).
    assert payload["ver"] == 0


def test_claims_are_immutable(settings):
    claims = decode_token(_issue(settings)[0], settings=settings, secret=SECRET)
    with pytest.raises(AttributeError):
        claims.user_id = 1


def test_expired(settings):
    now = int(time.time())
    token = _sign(_claims(settings, iat=now - 3600, exp=now - 60))
    with pytest.raises(InvalidToken, match="expired"):
        decode_token(token, settings=settings, secret=SECRET)


def test_expiry_within_leeway_is_accepted(settings):
    now = int(time.time())
    token = _sign(_claims(settings, iat=now - 3600, exp=now - 10))
    assert decode_token(token, settings=settings, secret=SECRET).user_id == 7


def test_tampered_signature(settings):
    token, _ = _issue(settings)
    head, payload, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    with pytest.raises(InvalidToken):
        decode_token(f"{head}.{payload}.{flipped}", settings=settings, secret=SECRET)


def test_tampered_payload(settings):
    token, _ = _issue(settings)
    head, _payload, signature = token.split(".")
    forged = _b64(_claims(settings, roles=["ADMIN"]))
    with pytest.raises(InvalidToken):
        decode_token(f"{head}.{forged}.{signature}", settings=settings, secret=SECRET)


def test_alg_none_is_rejected(settings):
    header = _b64({"alg": "none", "typ": "at+jwt", "kid": "k2"})
    token = f"{header}.{_b64(_claims(settings, roles=['ADMIN']))}."
    with pytest.raises(InvalidToken):
        decode_token(token, settings=settings, secret=SECRET)


def test_other_hmac_algorithm_is_rejected(settings):
    token = _sign(_claims(settings), algorithm="HS512")
    with pytest.raises(InvalidToken):
        decode_token(token, settings=settings, secret=SECRET)


def test_wrong_audience(settings):
    token = _sign(_claims(settings, aud="another-api"))
    with pytest.raises(InvalidToken, match="[Aa]udience"):
        decode_token(token, settings=settings, secret=SECRET)


def test_audience_list_is_rejected(settings):
    token = _sign(_claims(settings, aud=[settings.jwt_audience, "another-api"]))
    with pytest.raises(InvalidToken):
        decode_token(token, settings=settings, secret=SECRET)


def test_wrong_issuer(settings):
    token = _sign(_claims(settings, iss="someone-else"))
    with pytest.raises(InvalidToken, match="[Ii]ssuer"):
        decode_token(token, settings=settings, secret=SECRET)


@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "sub"])
def test_missing_required_claim(settings, claim):
    token = _sign(_claims(settings, **{claim: ...}))
    with pytest.raises(InvalidToken):
        decode_token(token, settings=settings, secret=SECRET)


def test_unknown_kid(settings):
    token = _sign(_claims(settings), kid="k9")
    with pytest.raises(InvalidToken, match="unknown signing key"):
        decode_token(token, settings=settings, secret=SECRET)


def test_missing_kid(settings):
    token = jwt.encode(_claims(settings), SECRET, algorithm="HS256", headers={"typ": "at+jwt"})
    with pytest.raises(InvalidToken):
        decode_token(token, settings=settings, secret=SECRET)


def test_wrong_token_type(settings):
    token = _sign(_claims(settings), typ="JWT")
    with pytest.raises(InvalidToken, match="not an access token"):
        decode_token(token, settings=settings, secret=SECRET)


def test_future_iat(settings):
    now = int(time.time())
    token = _sign(_claims(settings, iat=now + 3600, exp=now + 7200))
    with pytest.raises(InvalidToken):
        decode_token(token, settings=settings, secret=SECRET)


def test_garbage(settings):
    for token in ["", "not-a-jwt", "a.b.c", "..."]:
        with pytest.raises(InvalidToken):
            decode_token(token, settings=settings, secret=SECRET)


@pytest.mark.parametrize(
    "override", [{"sub": "seven"}, {"cid": "42"}, {"roles": "ADMIN"}, {"username": 5}]
)
def test_malformed_claims(settings, override):
    token = _sign(_claims(settings, **override))
    with pytest.raises(InvalidToken):
        decode_token(token, settings=settings, secret=SECRET)


def test_previous_key_still_verifies_while_listed():
    old = Settings(jwt_secret=OLD_SECRET, jwt_kid="k1", jwt_previous_keys=None)
    token, _ = _issue(old, secret=OLD_SECRET)

    rotated = Settings(jwt_secret=SECRET, jwt_kid="k2", jwt_previous_keys=f"k1:{OLD_SECRET}")
    assert decode_token(token, settings=rotated, secret=SECRET).user_id == 7
    # New tokens are signed with the current key.
    new_token, _ = _issue(rotated)
    assert jwt.get_unverified_header(new_token)["kid"] == "k2"
    assert decode_token(new_token, settings=rotated, secret=SECRET).user_id == 7

    retired = Settings(jwt_secret=SECRET, jwt_kid="k2", jwt_previous_keys=None)
    with pytest.raises(InvalidToken, match="unknown signing key"):
        decode_token(token, settings=retired, secret=SECRET)


def test_previous_kid_cannot_pair_with_current_secret():
    """A token naming an old kid must verify with the old secret only."""
    rotated = Settings(jwt_secret=SECRET, jwt_kid="k2", jwt_previous_keys=f"k1:{OLD_SECRET}")
    token = _sign(_claims(rotated), kid="k1", secret=SECRET)
    with pytest.raises(InvalidToken):
        decode_token(token, settings=rotated, secret=SECRET)


def test_keyring_parsing():
    settings = Settings(jwt_kid="k3", jwt_previous_keys=" k1:one:with:colons , k2:two ")
    assert keyring(settings, "current") == {"k1": "one:with:colons", "k2": "two", "k3": "current"}


@pytest.mark.parametrize("value", ["k1", ":secret", "k1:"])
def test_keyring_rejects_malformed_previous_keys(value):
    from backend.settings import ConfigError

    with pytest.raises(ConfigError, match="ERP_JWT_PREVIOUS_KEYS"):
        keyring(Settings(jwt_previous_keys=value), "current")
