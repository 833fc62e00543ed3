"""Running a mutation: who may, one transaction, idempotency, and refusals as `userErrors`.

A mutation resolver says which roles may call it and hands a domain action to
`run_mutation`. The action gets a session and the actor, does its work through
domain functions and returns references to what the payload shows, e.g.
`{"order": ref("SalesOrder", order.id)}`. References (not objects) are what an
idempotent replay stores, so a replay shows the current state of the same objects.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain import idempotency
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.tx import transaction
from backend.enums import Role
from backend.resolvers.nodes import load_object
from backend.schema.errors import Forbidden
from backend.schema.payloads import UserError

log = logging.getLogger(__name__)

Action = Callable[[AsyncSession, Actor], Awaitable[dict[str, Any]]]

# Deadlocks and serialization failures are retried whole; a few attempts suffice.
RETRYABLE_SQLSTATES = {"40001", "40P01"}
MAX_ATTEMPTS = 4


def ref(type_name: str, pk: int) -> dict[str, Any]:
    return {"type": type_name, "id": pk}


def actor_of(info: Any, roles: tuple[Role, ...]) -> Actor:
    claims = info.context.principal
    actor = Actor(user_id=claims.user_id, roles=claims.roles, customer_id=claims.customer_id)
    if roles and not actor.has_role(*roles):
        raise Forbidden(
            "This needs one of the roles " + ", ".join(r.value for r in roles) + "."
        )
    return actor


async def run_mutation(
    info: Any,
    payload: type,
    action: Action,
    *,
    roles: tuple[Role, ...],
    operation: str,
    idempotency_key: str | None = None,
    request: dict[str, Any] | None = None,
) -> Any:
    actor = actor_of(info, roles)
    sessionmaker = info.context.request.app.state.sessionmaker
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            async with transaction(sessionmaker) as session:
                result = await idempotency.once(
                    session,
                    user_id=actor.user_id,
                    operation=operation,
                    key=idempotency_key,
                    request=request or {},
                    run=lambda session=session: action(session, actor),
                )
            break
        except DomainError as error:
            return payload(user_errors=UserError.from_domain(error))
        except IntegrityError as error:
            if _sqlstate(error) == "23505":
                return payload(user_errors=UserError.from_domain(DomainError([Problem(
                    ErrorCode.DUPLICATE, "That already exists: " + _detail(error),
                )])))
            raise
        except DBAPIError as error:
            if _sqlstate(error) not in RETRYABLE_SQLSTATES or attempt == MAX_ATTEMPTS:
                raise
            log.info("retrying %s after %s (attempt %d)", operation, _sqlstate(error), attempt)
            await asyncio.sleep(0.01 * 2**attempt)
    return payload(**{name: await _resolve(info.context, value) for name, value in result.items()})


async def _resolve(context: Any, value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"type", "id"}:
        return await load_object(context, value["type"], value["id"])
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
