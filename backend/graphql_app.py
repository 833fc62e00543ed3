"""The /graphql endpoint: HTTP and WebSocket (graphql-transport-ws), with per-request context."""

import dataclasses
from datetime import timedelta
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import ExecutionResult, GraphQLError
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.execution import ExecutionResult as OperationResult

from backend.auth.requests import authenticate, bearer_token
from backend.events.runtime import lifespan  # noqa: F401 - create_app enters it
from backend.events.websocket import (
    FORBIDDEN,
    UNAUTHORIZED,
    SocketRejected,
    TextWebSocketAdapter,
    TransportWSHandler,
)
from backend.observability import context as log_context
from backend.readpath import fastlane
from backend.resolvers.context import Context, actor_of, build_context
from backend.schema.root import schema
from backend.security import csrf, graphql_http, input_text
from backend.security.input_text import contains_nul
from backend.security.persisted_queries import Caller, PersistedQueries, PersistedQueryError
from backend.settings import Environment, Settings

REQUEST_DB = "erp.request_db"
# Set on the scope when a single operation was refused before it ran (graphql_http).
REQUEST_ERROR = "erp.request_error"
BATCH = "erp.batch"
MUTATION_OVER_GET = "Mutations are sent with POST."


def _default(value: Any) -> Any:
    return str(value)


class GraphQLView(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = TransportWSHandler  # type: ignore[assignment]  # a subclass of Strawberry's handler, typed for any context
    websocket_adapter_class = TextWebSocketAdapter

    async def get_context(self, request: HTTPConnection, response: Any) -> Context:
        context = build_context(request, response)
        # Returned to the pool once the answer is built (see __call__).
        request.scope[REQUEST_DB] = context.db
        await context.confirm_account()
        _log_principal(context)
        if context.auth_error is not None and isinstance(response, Response):
            # A token was sent and refused: the HTTP status says so as well as the error code.
            response.status_code = 401
            response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return context

    async def on_ws_connect(self, context: Context) -> Any:
        # Over WebSocket the token comes in the connection_init payload only.
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        token = bearer_token(context.request, params, headers=False)
        if token is None:
            raise SocketRejected(UNAUTHORIZED, "Unauthorized")
        claims, error = authenticate(context.request, token)
        if claims is None:
            raise SocketRejected(FORBIDDEN, "Forbidden")
        context.sign_in(claims)
        await context.confirm_account()
        if context.claims is None or context.claims.password_change_required:
            raise SocketRejected(FORBIDDEN, "Forbidden")
        _log_principal(context)
        return None

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        # Persisted queries: the document may come by its sha256 (see security.persisted_queries).
        data: GraphQLRequestData = kwargs["request_data"]
        context: Context = kwargs["context"]
        policy = context.state.cost_policy
        if policy is not None and (refusal := policy.turn_away(context)) is not None:
            return ExecutionResult(data=None, errors=[refusal])
        if contains_nul([data.query, data.variables, data.operation_name]):
            error = GraphQLError(input_text.MESSAGE, extensions={"code": "BAD_USER_INPUT"})
            return ExecutionResult(data=None, errors=[error])
        try:
            query = await _persisted_queries(context).resolve(
                data.query,
                data.extensions,
                _caller(context),
                partner_persisted_only=context.state.settings.partner_persisted_only,
            )
        except PersistedQueryError as exc:
            error = GraphQLError(str(exc), extensions={"code": exc.code})
            return ExecutionResult(data=None, errors=[error])
        kwargs["request_data"] = dataclasses.replace(data, query=query)
        if (reason := graphql_http.ambiguity(query, data.operation_name)) is not None:
            raise HTTPException(400, reason)
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError):
                # A mutation over GET: the method is wrong, not the request.
                raise HTTPException(405, MUTATION_OVER_GET) from exc
            raise

    async def execute_operation(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if isinstance(kwargs.get("request_data"), list):
            request.scope[BATCH] = True
        return await super().execute_operation(request, *args, **kwargs)

    async def process_result(self, request: Request, result: OperationResult) -> Any:
        processed = await super().process_result(request, result)
        if graphql_http.is_request_error(result):
            # The operation never ran: there is no `data` to speak of.
            processed.pop("data", None)
            request.scope[REQUEST_ERROR] = True
        return processed

    def parse_json(self, data: str | bytes) -> Any:
        decoded = super().parse_json(data)
        if (reason := graphql_http.bad_request_reason(decoded)) is not None:
            raise HTTPException(400, reason)
        return decoded

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data, default=_default)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        # Transport-level refusals (bad JSON, wrong method or content type) get the same
        # JSON error shape as GraphQL errors, with a code.
        request = Request(scope, receive)
        media_type = graphql_http.response_media_type(request.headers.get("accept"))
        if csrf.needs_preflight_header(request.headers):
            await _transport_error(400, csrf.MESSAGE, media_type)(scope, receive, send)
            return None
        try:
            fast = await fastlane.answer(request, self.schema)
            if fast is not None:
                response, context = fast
                scope[REQUEST_DB] = context.db
            else:
                response = await self.run(request)
        except HTTPException as exc:
            response = _transport_error(exc.status_code, exc.reason, media_type)
        except (orjson.JSONDecodeError, UnicodeDecodeError):
            response = _transport_error(400, "Unable to parse request body as JSON", media_type)
        finally:
            db = scope.pop(REQUEST_DB, None)
            if db is not None:
                await db.release()
        _negotiate(response, media_type, refused=bool(scope.get(REQUEST_ERROR))
                   and not scope.get(BATCH))
        await response(scope, receive, send)
        return None


def _negotiate(response: Response, media_type: str, *, refused: bool) -> None:
    """The answer in the media type the client asked for; a refused operation's status."""
    if not response.headers.get("content-type", "").startswith(graphql_http.JSON):
        return  # the IDE page, or a stream
    response.headers["content-type"] = media_type
    if refused and response.status_code == 200:
        response.status_code = graphql_http.request_error_status(media_type)


def _transport_error(status: int, message: str, media_type: str) -> Response:
    code = {405: "METHOD_NOT_ALLOWED", 404: "NOT_FOUND"}.get(status, "BAD_REQUEST")
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    headers = None
    if status == 405:
        headers = {"Allow": "POST" if message == MUTATION_OVER_GET else "GET, POST"}
    return Response(body, status_code=status, media_type=media_type, headers=headers)


def _log_principal(context: Context) -> None:
    claims = context.claims
    log_context.principal.set(f"{claims.username}#{claims.user_id}" if claims else None)


def _caller(context: Context) -> Caller:
    claims = context.claims
    if claims is None:
        return Caller(user_id=None, is_partner=False)
    return Caller(user_id=claims.user_id, is_partner=actor_of(claims).is_partner)


def _persisted_queries(context: Context) -> PersistedQueries:
    state = context.state
    store = state.persisted_queries
    if store is None:
        store = state.persisted_queries = PersistedQueries(state.sessionmaker)
    return store


def routes(settings: Settings) -> list[BaseRoute]:
    view = GraphQLView(
        schema,
        graphql_ide="graphiql" if settings.env == Environment.DEVELOPMENT else None,
        allow_queries_via_get=True,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        connection_init_wait_timeout=timedelta(seconds=10),
        max_subscriptions_per_connection=20,
        multipart_uploads_enabled=True,
    )
    return [
        Route("/graphql", view, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", view),
    ]
