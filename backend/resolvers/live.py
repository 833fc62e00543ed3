"""Subscription streams: the caller's committed events, read from the outbox hub.

Each event is resolved with dataloaders of its own (shared by the subscribers of
the same scope), never with the connection's: a connection lives for hours and
its loaders would serve stale figures.
"""

from collections.abc import AsyncGenerator, Callable, Collection
from contextlib import aclosing

from backend.api.errors import ApiError, ApiErrorCode, BadUserInput, Unauthenticated
from backend.auth.sessions import USER_CHANGED
from backend.events import cursors
from backend.events.hub import CursorExpired, StreamExpired
from backend.events.store import Event
from backend.resolvers.context import Context, actor_of
from backend.resolvers.loaders import Loaders


async def events(
    context: Context,
    *,
    topics: Collection[str],
    accepts: Callable[[Event], bool],
    after: str | None = None,
    customer_id: int | None = None,
) -> AsyncGenerator[Event, None]:
    """The caller's events, each with fresh loaders in the context; ends when the token expires."""
    claims = context.principal
    start = cursors.decode(after) if after is not None else None
    hub = context.state.events
    if hub is None:
        raise ApiError(
            "Live updates are not running on this server.", code=ApiErrorCode.UNAVAILABLE
        )
    user_id = claims.user_id

    def wanted(event: Event) -> bool:
        # The caller's own account changes come too: a deactivated or revoked account's
        # streams end at once, not at the next event they would have been sent.
        if event.topic == USER_CHANGED:
            return event.aggregate_id == user_id
        return accepts(event)

    stream = hub.stream(
        topics=[*topics, USER_CHANGED],
        accepts=wanted,
        after=start,
        customer_id=customer_id,
        until=claims.expires_at.timestamp(),
    )
    try:
        async with aclosing(stream):
            async for event in stream:
                await context.confirm_account()  # a known account costs no statement
                if context.claims is None:
                    raise Unauthenticated(context.auth_error or "Sign in again.")
                if event.topic == USER_CHANGED:
                    continue
                context.loaders = _loaders_for(context, event)
                yield event
    except CursorExpired:
        raise BadUserInput(
            "Events after this cursor are past retention; subscribe again without `after`."
        ) from None
    except StreamExpired:
        raise Unauthenticated("The token has expired; reconnect with a new one.") from None


def _loaders_for(context: Context, event: Event) -> Loaders:
    actor = actor_of(context.claims)
    key = ("loaders", actor.customer_scope)
    loaders = event.shared.get(key)
    if loaders is None:
        loaders = event.shared[key] = Loaders(context.engine, actor)
    return loaders
