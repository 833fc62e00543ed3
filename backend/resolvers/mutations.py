"""Running a mutation: one transaction, idempotency, and refusals as problems.

A mutation resolver (after its field's permission check) hands a domain action
to `run_mutation`. The action gets a session and the actor, decodes its input ids
(`backend.api.ids.input_pk`), does its work through domain functions and returns
references to what the payload shows, e.g. `{"order": ref("SalesOrder", order.id)}`.
References (not objects) are what an idempotent replay stores, so a replay shows
the current state of the same objects. The outcome holds rows, never graph
objects: the schema builds its payload from it.

Honest answers: the transaction runs on the request's one connection and the
payload's rows are read inside it, before the commit, so a write that committed
is answered with its payload. A database that cannot be reached (no connection
within the pool timeout, a restart) is answered SERVICE_UNAVAILABLE: before the
commit nothing was done; a connection lost during the commit leaves the outcome
unknown, and the same idempotency key tells on retry. A pooled connection found
dead before any work is replaced and the mutation run once more.
"""

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import ServiceUnavailable
from backend.db.engine import is_unavailable
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import idempotency
from backend.domain.tx import transaction
from backend.resolvers.context import Context
from backend.resolvers.nodes import load_node

log = logging.getLogger(__name__)

Action = Callable[[AsyncSession, Actor], Awaitable[dict[str, Any]]]

# Deadlocks and serialization failures are retried whole; a few attempts suffice.
RETRYABLE_SQLSTATES = {"40001", "40P01"}
MAX_ATTEMPTS = 4


@dataclass
class Outcome:
    """What a mutation did: its payload's values (rows as `NodeRow`), or why it was refused."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def ref(type_name: str, pk: int) -> dict[str, Any]:
    return {"type": type_name, "id": pk}


async def run_mutation(
    context: Context,
    action: Action,
    *,
    operation: str,
    idempotency_key: str | None = None,
    request: dict[str, Any] | None = None,
) -> Outcome:
    actor = context.actor
    assert actor.user_id is not None  # `context.actor` is a signed-in user or UNAUTHENTICATED
    user_id = actor.user_id
    db = context.db
    if db is None:
        return await _run_on_own_session(
            context, action, operation, idempotency_key, request or {}, user_id
        )
    dead_connection_retried = False
    attempt = 1
    while True:
        committing = False
        try:
            async with db.session() as session:
                async with session.begin() as transaction:
                    result = await idempotency.once(
                        session,
                        user_id=user_id,
                        operation=operation,
                        key=idempotency_key,
                        request=request or {},
                        run=functools.partial(action, session, actor),
                    )
                    await session.flush()
                    await db.enter_scope(session)
                    values = {name: await _resolve(context, v) for name, v in result.items()}
                    await db.leave_scope(session)
                    committing = True
                    await transaction.commit()
            return Outcome(values=values)
        except DomainError as error:
            return Outcome(problems=error.problems)
        except IntegrityError as error:
            if _sqlstate(error) == "23505":
                return Outcome(problems=[Problem(
                    ErrorCode.DUPLICATE, "That already exists: " + _detail(error),
                )])
            raise
        except DBAPIError as error:
            if error.connection_invalidated:
                await db.discard()
                # Lost before the commit: rolled back, so running it again is safe.
                if committing or dead_connection_retried:
                    raise ServiceUnavailable() from error
                dead_connection_retried = True
            elif is_unavailable(error):
                raise ServiceUnavailable() from error
            elif _sqlstate(error) not in RETRYABLE_SQLSTATES or attempt == MAX_ATTEMPTS:
                raise
            else:
                log.info("retrying %s after %s (attempt %d)", operation, _sqlstate(error),
                         attempt)
                await asyncio.sleep(0.01 * 2**attempt)
                attempt += 1
        except (PoolTimeout, OSError, TimeoutError) as error:
            # No connection in time, or none to be had: nothing was done.
            await db.discard()
            raise ServiceUnavailable() from error
        # A retry reads its payload afresh: nothing cached from the rolled-back attempt.
        context.loaders = context.fresh_loaders()


async def _run_on_own_session(
    context: Context,
    action: Action,
    operation: str,
    idempotency_key: str | None,
    request: dict[str, Any],
    user_id: int,
) -> Outcome:
    """Without a request connection (a mutation over WebSocket): a transaction of its own,
    the payload read after the commit."""
    sessionmaker = context.state.sessionmaker
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            async with transaction(sessionmaker) as session:
                result = await idempotency.once(
                    session,
                    user_id=user_id,
                    operation=operation,
                    key=idempotency_key,
                    request=request,
                    run=functools.partial(action, session, context.actor),
                )
            break
        except DomainError as error:
            return Outcome(problems=error.problems)
        except IntegrityError as error:
            if _sqlstate(error) == "23505":
                return Outcome(problems=[Problem(
                    ErrorCode.DUPLICATE, "That already exists: " + _detail(error),
                )])
            raise
        except DBAPIError as error:
            if _sqlstate(error) not in RETRYABLE_SQLSTATES or attempt == MAX_ATTEMPTS:
                raise
            log.info("retrying %s after %s (attempt %d)", operation, _sqlstate(error), attempt)
            await asyncio.sleep(0.01 * 2**attempt)
    return Outcome(values={name: await _resolve(context, value) for name, value in result.items()})


async def _resolve(context: Context, value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"type", "id"}:
        return await load_node(context, value["type"], value["id"])
    if isinstance(value, list):
        return [await _resolve(context, item) for item in value]
    return value


def _sqlstate(error: DBAPIError) -> str | None:
    original = error.orig
    return getattr(original, "sqlstate", None) or getattr(
        getattr(original, "__cause__", None), "sqlstate", None
    )


def _detail(error: DBAPIError) -> str:
    cause = getattr(error.orig, "__cause__", None)
    return str(getattr(cause, "detail", None) or "a unique value is repeated")
