"""Running a mutation: one transaction, idempotency, and refusals as problems.

A mutation resolver (after its field's permission check) hands a domain action
to `run_mutation`. The action gets a session and the actor, decodes its input ids
(`backend.api.ids.input_pk`), does its work through domain functions and returns
references to what the payload shows, e.g. `{"order": ref("SalesOrder", order.id)}`.
References (not objects) are what an idempotent replay stores, so a replay shows
the current state of the same objects. The outcome holds rows, never graph
objects: the schema builds its payload from it.
"""

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

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
    sessionmaker = context.state.sessionmaker
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            async with transaction(sessionmaker) as session:
                result = await idempotency.once(
                    session,
                    user_id=user_id,
                    operation=operation,
                    key=idempotency_key,
                    request=request or {},
                    run=functools.partial(action, session, actor),
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
