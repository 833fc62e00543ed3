"""Per-request context: who is asking, and the dataloaders built for this request only."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import HTTPConnection
from strawberry.types import Info as StrawberryInfo

from backend.api.errors import Unauthenticated
from backend.auth.requests import authenticate, bearer_token
from backend.auth.sessions import current_claims, user_sessions
from backend.auth.tokens import Claims
from backend.db.engine import is_unavailable
from backend.domain.actor import Actor
from backend.resolvers.loaders import Loaders
from backend.resolvers.request_db import RequestConnection
from backend.state import AppState, app_state

# Nobody: the actor of a request without a token, who sees nothing.
ANONYMOUS = Actor(user_id=None)


def actor_of(claims: Claims | None) -> Actor:
    if claims is None:
        return ANONYMOUS
    return Actor.of(claims.user_id, claims.roles, claims.customer_id)


@dataclass
class Context:
    request: HTTPConnection
    response: Any
    state: AppState
    claims: Claims | None
    # Set when a token was sent but could not be verified.
    auth_error: str | None
    loaders: Loaders
    # The graphql-transport-ws connection_init payload, set by the protocol handler.
    connection_params: dict[str, Any] | None = None
    # The one database connection of an HTTP request (None over WebSocket).
    db: RequestConnection | None = None

    @property
    def engine(self) -> AsyncEngine:
        return self.state.engine

    @property
    def principal(self) -> Claims:
        if self.claims is None:
            if self.auth_error:
                raise Unauthenticated("The bearer token is invalid or expired.")
            raise Unauthenticated()
        return self.claims

    @property
    def actor(self) -> Actor:
        """The signed-in actor; UNAUTHENTICATED without a valid token."""
        return actor_of(self.principal)

    def sign_in(self, claims: Claims) -> None:
        """Authenticate a WebSocket connection; its loaders are rebuilt for the new scope."""
        self.claims = claims
        self.auth_error = None
        self.loaders = Loaders(self.engine, actor_of(claims), self.db)

    def fresh_loaders(self) -> Loaders:
        return Loaders(self.engine, actor_of(self.claims), self.db)

    async def confirm_account(self) -> None:
        """Check the token against the user's current account (roles, active, revoked
        tokens): a known user costs no statement, see backend.auth.sessions."""
        if self.claims is None:
            return
        db = self.db
        if db is not None:
            read = db.write_first  # before any read of the request, in autocommit
        else:
            async def read(stmt: Any) -> Any:
                async with self.engine.connect() as conn:
                    return (await conn.execute(stmt)).all()
        try:
            claims, error = await current_claims(user_sessions(self.state), self.claims, read)
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            # The database is out of reach: this request's own reads answer
            # SERVICE_UNAVAILABLE, as before, rather than signing the user out.
            return
        if claims is self.claims:
            return
        self.claims, self.auth_error = claims, error
        if db is not None:
            db.customer_scope = actor_of(claims).customer_scope
        self.loaders = self.fresh_loaders()


Info = StrawberryInfo[Context, None]


def build_context(connection: HTTPConnection, response: Any) -> Context:
    is_websocket = connection.scope["type"] == "websocket"
    claims, error = (
        (None, None) if is_websocket else authenticate(connection, bearer_token(connection))
    )
    state = app_state(connection)
    db = None if is_websocket else RequestConnection(
        state.engine, actor_of(claims).customer_scope
    )
    return Context(
        request=connection,
        response=response,
        state=state,
        claims=claims,
        auth_error=error,
        loaders=Loaders(state.engine, actor_of(claims), db),
        db=db,
    )
