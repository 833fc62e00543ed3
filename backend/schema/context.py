"""Per-request context: who is asking, and the dataloaders built for this request only."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import HTTPConnection
from strawberry.types import Info as StrawberryInfo

from backend.auth.tokens import Claims, InvalidToken, decode_token
from backend.enums import Role
from backend.resolvers.loaders import Loaders
from backend.schema.errors import Forbidden, Unauthenticated

STAFF_ROLES = frozenset(r.value for r in Role if r is not Role.PARTNER)


@dataclass
class Context:
    request: HTTPConnection
    response: Any
    engine: AsyncEngine
    claims: Claims | None
    # Set when a token was sent but could not be verified.
    auth_error: str | None
    loaders: Loaders
    # The graphql-transport-ws connection_init payload, set by the protocol handler.
    connection_params: dict[str, Any] | None = None

    @property
    def principal(self) -> Claims:
        if self.claims is None:
            if self.auth_error:
                raise Unauthenticated("The bearer token is invalid or expired.")
            raise Unauthenticated()
        return self.claims

    @property
    def partner_customer_id(self) -> int | None:
        """The customer a PARTNER is bound to; None for staff, who see everything."""
        return partner_scope(self.principal)

    def sign_in(self, claims: Claims) -> None:
        """Authenticate a WebSocket connection; its loaders are rebuilt for the new scope."""
        self.claims = claims
        self.auth_error = None
        self.loaders = Loaders(self.engine, partner_customer_id=partner_scope(claims))

    def require_roles(self, *roles: Role) -> Claims:
        claims = self.principal
        if Role.ADMIN.value in claims.roles or claims.has_role(*roles):
            return claims
        raise Forbidden()

    def require_staff(self) -> Claims:
        claims = self.principal
        if claims.roles & STAFF_ROLES:
            return claims
        raise Forbidden()


Info = StrawberryInfo[Context, None]


def bearer_token(
    connection: HTTPConnection, params: dict[str, Any] | None = None, *, headers: bool = True
) -> str | None:
    header = (params or {}).get("authorization")
    if header is None and headers:
        header = connection.headers.get("authorization")
    if not isinstance(header, str):
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def authenticate(connection: HTTPConnection, token: str | None) -> tuple[Claims | None, str | None]:
    if token is None:
        return None, None
    state = connection.app.state
    try:
        return decode_token(
            token, settings=state.settings, secret=state.jwt_secret, keys=state.jwt_keys
        ), None
    except InvalidToken as exc:
        return None, str(exc)


def build_context(connection: HTTPConnection, response: Any) -> Context:
    is_websocket = connection.scope["type"] == "websocket"
    claims, error = (
        (None, None) if is_websocket else authenticate(connection, bearer_token(connection))
    )
    engine = connection.app.state.engine
    return Context(
        request=connection,
        response=response,
        engine=engine,
        claims=claims,
        auth_error=error,
        loaders=Loaders(engine, partner_customer_id=partner_scope(claims)),
    )


def partner_scope(claims: Claims | None) -> int | None:
    """The customer a PARTNER is bound to; None for staff (and for nobody, who sees nothing)."""
    if claims is None or claims.roles & STAFF_ROLES:
        return None
    # A partner without a customer binding sees nothing: -1 matches no row.
    return claims.customer_id if claims.customer_id is not None else -1
