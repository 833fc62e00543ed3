"""Signed access tokens (JWT, HS256).

Tokens carry a `kid` header naming the key that signed them. The current key
signs; keys listed in ERP_JWT_PREVIOUS_KEYS still verify, so a secret can be
rotated without logging everybody out at once.
"""

from __future__ import annotations

import base64
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import jwt
import orjson
from jwt.algorithms import HMACAlgorithm

from backend.settings import ConfigError, Settings

ALGORITHM = "HS256"
TOKEN_TYPE = "at+jwt"  # RFC 9068 explicit typing: not interchangeable with other JWTs
LEEWAY_SECONDS = 30
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
# Verified tokens remembered per keyring (a few hundred bytes each).
KNOWN_TOKENS = 10_000


class InvalidToken(Exception):
    """The token is missing, malformed, expired or not signed by a known key."""


@dataclass(frozen=True, slots=True)
class Claims:
    user_id: int
    username: str
    roles: frozenset[str]
    customer_id: int | None
    expires_at: datetime
    token_id: str = ""
    # The user's session version when the token was issued (see backend.auth.sessions).
    session_version: int = 0
    # Set from the user's current record: only the password change is open.
    password_change_required: bool = False

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


@lru_cache(maxsize=8)
def parse_previous_keys(value: str | None) -> tuple[tuple[str, str], ...]:
    """Parse "kid:secret,kid:secret" into pairs; a secret may itself contain ':'."""
    if not value:
        return ()
    pairs = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        kid, sep, secret = item.partition(":")
        if not sep or not kid.strip() or not secret:
            raise ConfigError('ERP_JWT_PREVIOUS_KEYS must look like "kid:secret,kid:secret"')
        pairs.append((kid.strip(), secret))
    return tuple(pairs)


def keyring(settings: Settings, secret: str) -> dict[str, str]:
    """Map each accepted key id to its secret; the current key always wins its kid."""
    keys = dict(parse_previous_keys(settings.jwt_previous_keys))
    keys[settings.jwt_kid] = secret
    return keys


def issue_token(
    *,
    user_id: int,
    username: str,
    roles: Iterable[str],
    customer_id: int | None,
    settings: Settings,
    secret: str,
    session_version: int = 0,
) -> tuple[str, int]:
    """Sign an access token; return it with its lifetime in seconds."""
    now = int(time.time())
    ttl = settings.token_ttl_seconds
    payload = {
        "sub": str(user_id),
        "username": username,
        "roles": sorted(roles),
        "cid": customer_id,
        "iat": now,
        "exp": now + ttl,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "jti": uuid.uuid4().hex,
        "ver": session_version,
    }
    headers = {"kid": settings.jwt_kid, "typ": TOKEN_TYPE}
    return jwt.encode(payload, secret, algorithm=ALGORITHM, headers=headers), ttl


def decode_token(
    token: str,
    *,
    settings: Settings,
    secret: str,
    keys: Mapping[str, str] | None = None,
) -> Claims:
    """Verify a token and return its claims, or raise InvalidToken.

    `keys` may pass a prebuilt keyring (see `keyring`) to skip rebuilding it.
    """
    if keys is None:
        keys = keyring(settings, secret)
    verifier = _verifier(frozenset(keys.items()), settings.jwt_issuer, settings.jwt_audience)
    return verifier.verify(token)


@lru_cache(maxsize=16)
def _verifier(keys: frozenset[tuple[str, str]], issuer: str, audience: str) -> TokenVerifier:
    return TokenVerifier(dict(keys), issuer=issuer, audience=audience)


class _PreparedKey(bytes):
    """A secret whose checks and conversion were done when the keyring was built."""


class _PreparedHMAC(HMACAlgorithm):
    def prepare_key(self, key: Any) -> bytes:
        return key if isinstance(key, _PreparedKey) else super().prepare_key(key)


class TokenVerifier:
    """Verifies tokens against one keyring, its keys prepared once, not per request.

    A token verified before is answered from a bounded memory of (token, claims) until
    it expires: the token string, signature included, is the key, so only that exact
    token, already proven, is recognised.
    """

    def __init__(self, keys: Mapping[str, str], *, issuer: str, audience: str) -> None:
        algorithm = _PreparedHMAC(HMACAlgorithm.SHA256)
        self._keys = {kid: _PreparedKey(algorithm.prepare_key(secret))
                      for kid, secret in keys.items()}
        self._jwt = jwt.PyJWT()
        # PyJWT has no public way to give a decoder its own algorithm objects.
        self._jwt._jws = jwt.PyJWS(algorithms=[])
        self._jwt._jws.register_algorithm(ALGORITHM, algorithm)
        self._issuer, self._audience = issuer, audience
        self._known: OrderedDict[str, Claims] = OrderedDict()

    def verify(self, token: str) -> Claims:
        claims = self._known.get(token)
        if claims is not None:
            if claims.expires_at.timestamp() + LEEWAY_SECONDS >= time.time():
                self._known.move_to_end(token)
                return claims
            del self._known[token]
        claims = self._verify(token)
        self._known[token] = claims
        if len(self._known) > KNOWN_TOKENS:
            self._known.popitem(last=False)
        return claims

    def _verify(self, token: str) -> Claims:
        header = _header(token)
        # The header only picks the key; the algorithm list below is fixed, so
        # `alg: none` or an algorithm swap cannot be chosen by the token.
        kid = header.get("kid")
        if not isinstance(kid, str) or kid not in self._keys:
            raise InvalidToken("unknown signing key")
        if str(header.get("typ", "")).lower() != TOKEN_TYPE:
            raise InvalidToken("not an access token")
        try:
            payload = self._jwt.decode(
                token,
                self._keys[kid],
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": REQUIRED_CLAIMS, "strict_aud": True},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        return _claims_from(payload)


def _header(token: str) -> dict[str, Any]:
    """The protected header, to pick the key by; PyJWT checks the whole token after."""
    segment = token.split(".", 1)[0]
    try:
        header = orjson.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, TypeError) as exc:
        raise InvalidToken("malformed token") from exc
    if not isinstance(header, dict):
        raise InvalidToken("malformed token")
    return header


def _claims_from(payload: dict) -> Claims:
    # pyjwt checks `iat` too, but a token minted in the future is a forgery or
    # a broken clock either way, so the rule is kept explicit here.
    iat = payload["iat"]
    if not isinstance(iat, int | float) or iat > time.time() + LEEWAY_SECONDS:
        raise InvalidToken("token issued in the future")
    try:
        user_id = int(payload["sub"])
    except (TypeError, ValueError) as exc:
        raise InvalidToken("malformed subject") from exc
    username = payload.get("username")
    roles = payload.get("roles", [])
    customer_id = payload.get("cid")
    version = payload.get("ver", 0)
    if (
        not isinstance(version, int) or isinstance(version, bool)
        or not isinstance(username, str)
        or not isinstance(roles, list)
        or not all(isinstance(r, str) for r in roles)
        or not (
            customer_id is None
            or (isinstance(customer_id, int) and not isinstance(customer_id, bool))
        )
    ):
        raise InvalidToken("malformed claims")
    return Claims(
        user_id=user_id,
        username=username,
        roles=frozenset(roles),
        customer_id=customer_id,
        expires_at=datetime.fromtimestamp(payload["exp"], tz=UTC),
        token_id=str(payload.get("jti", "")),
        session_version=version,
    )
