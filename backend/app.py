"""The ASGI application."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from types import ModuleType

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from backend.auth.tokens import keyring
from backend.db.engine import create_engine, create_sessionmaker, database_url
from backend.domain.standards import signing
from backend.gc_tuning import freeze_startup_objects
from backend.http import documents as document_routes
from backend.http import epcis as epcis_routes
from backend.http import finance as finance_routes
from backend.http import token as token_routes
from backend.http.health import healthz, readyz
from backend.http.responses import ORJSONResponse, error_response
from backend.http.spa import spa_routes
from backend.observability import metrics, sql_count
from backend.observability.context import current_request_id
from backend.observability.middleware import RequestObserver
from backend.paths import FRONTEND_DIST
from backend.security.body_limit import BodyLimit
from backend.security.login_limits import LoginLimiter
from backend.security.query_cost import CostPolicy
from backend.settings import Settings, resolve_jwt_secret
from backend.state import AppState

log = logging.getLogger(__name__)


def _graphql_module() -> ModuleType | None:
    """The GraphQL endpoint module, or None in a build that does not ship it yet."""
    try:
        return importlib.import_module("backend.graphql_app")
    except ModuleNotFoundError as exc:
        if exc.name != "backend.graphql_app":
            raise  # a real missing dependency inside the module
        return None


async def _internal_error(request: Request, exc: Exception) -> ORJSONResponse:
    # The client learns nothing of the insides, only the id the log has them under.
    request_id = current_request_id()
    log.error("unhandled error in request %s", request_id, exc_info=exc)
    return error_response(
        500,
        "internal_error",
        f"The server failed to handle the request. Quote request {request_id} when reporting it.",
        headers={"x-request-id": request_id},
    )


def app_from_environment() -> Starlette:
    """The application as configured by the environment: `erp serve --workers N` starts one
    per worker process with it."""
    from backend.observability.logging import configure as configure_logging

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)


def create_app(
    settings: Settings | None = None,
    *,
    engine: AsyncEngine | None = None,
    extra_routes: Sequence[BaseRoute] = (),
    frontend_dist: Path = FRONTEND_DIST,
) -> Starlette:
    """Build the application.

    The engine is created at startup (on the serving event loop) unless one is
    given; a given engine belongs to the caller and is not disposed here.
    The GraphQL module may also define `lifespan(app)`, an async context
    manager entered once the database is ready (listeners, background relays).
    """
    settings = settings or Settings()
    secret = resolve_jwt_secret(settings)
    # Generated documents are signed with the identity kept in the data folder (made now
    # when missing).
    signing.use_data_dir(settings.data_dir)
    signing.identity()
    graphql = _graphql_module()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = engine is None
        if owned:
            url = await asyncio.to_thread(database_url, settings)
            app.state.engine = create_engine(url, pool_timeout=settings.db_pool_timeout_seconds)
            sql_count.install(app.state.engine)
        else:
            app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(app.state.engine)
        try:
            async with contextlib.AsyncExitStack() as stack:
                if graphql is not None and hasattr(graphql, "lifespan"):
                    await stack.enter_async_context(graphql.lifespan(app))
                freeze_startup_objects()
                yield
        finally:
            if owned:
                await app.state.engine.dispose()

    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/readyz", readyz, methods=["GET", "HEAD"]),
        *metrics.routes,
        *token_routes.routes,
        *document_routes.routes,
        *epcis_routes.routes,
        *finance_routes.routes,  # finance desk
    ]
    if graphql is not None:
        routes.extend(graphql.routes(settings))
    else:
        log.warning("backend.graphql_app is not present; /graphql is not served")
    routes.extend(extra_routes)
    routes.extend(spa_routes(frontend_dist))  # last: it answers whatever is left

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={500: _internal_error},
        middleware=[Middleware(RequestObserver), Middleware(BodyLimit)],
    )
    app.state = AppState(
        settings=settings,
        jwt_secret=secret,
        jwt_keys=keyring(settings, secret),
        cost_policy=CostPolicy.from_settings(settings),
        login_limiter=LoginLimiter.from_settings(settings),
    )
    app.state.metrics = metrics.Metrics(app.state)
    return app
