"""The application's state: what `create_app` and the lifespan set up, typed.

It is Starlette's `app.state` object itself (a subclass), so every part reads the
same attributes; `app_state(connection)` gives them with their types.
"""

from typing import TYPE_CHECKING, Any, cast

from starlette.datastructures import State
from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

    from backend.events.hub import EventHub
    from backend.events.listener import OutboxListener
    from backend.observability.metrics import Metrics
    from backend.security.login_limits import LoginLimiter
    from backend.security.persisted_queries import PersistedQueries
    from backend.security.query_cost import CostPolicy
    from backend.settings import Settings


class AppState(State):
    settings: "Settings"
    jwt_secret: str
    jwt_keys: dict[str, str]
    metrics: "Metrics"
    cost_policy: "CostPolicy"
    login_limiter: "LoginLimiter"
    # Set by the lifespan, once the database is reachable.
    engine: "AsyncEngine"
    sessionmaker: "async_sessionmaker[AsyncSession]"
    # Set by the live-update lifespan of a serving process.
    events: "EventHub | None"
    outbox_listener: "OutboxListener | None"
    persisted_queries: "PersistedQueries | None"

    def __init__(self, **values: Any) -> None:
        super().__init__({"events": None, "outbox_listener": None, "persisted_queries": None,
                          **values})


def app_state(connection: HTTPConnection) -> AppState:
    return cast(AppState, connection.app.state)
